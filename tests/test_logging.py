"""The ``multiassist`` logger: one debug line per request and response, never a secret."""

from __future__ import annotations

import logging

import pytest

from multiassist import AssistantsClient, KeyCredential, NotFoundError
from multiassist.testing import Emulator


@pytest.mark.parametrize("flavor", ["openai", "azure"])
def test_debug_lines_describe_each_call_without_secrets(
    flavor: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk-very-secret-key-0123456789"
    with Emulator(flavor=flavor, api_key=secret) as emu, emu.client() as client, \
            caplog.at_level(logging.DEBUG, logger="multiassist"):
        client.beta.assistants.list(limit=2)
        with pytest.raises(NotFoundError):
            client.beta.threads.retrieve("thread_missing")
    text = caplog.text
    assert secret not in text
    assert "<redacted>" in text
    requests = [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]
    responses = [r.getMessage() for r in caplog.records if r.getMessage().startswith("response ")]
    assert len(requests) == 2 and len(responses) == 2
    assert "GET" in responses[0] and "-> 200" in responses[0] and "attempt 1" in responses[0]
    assert "-> 404" in responses[1] and " ms " in responses[1] and "request id" in responses[1]
    assert "request id None" not in responses[0]  # the server's request id is echoed
    assert "limit=2" in requests[0]


def test_deprecated_api_versions_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="multiassist"):
        AssistantsClient("https://r.openai.azure.com", KeyCredential("k"),
                         api_version="2024-02-15-preview")
    assert "deprecated" in caplog.text and "2025-04-01-preview" in caplog.text


def test_secret_query_values_are_redacted() -> None:
    from multiassist.http.redaction import redact_headers, redact_url

    assert redact_url("https://u:p@h.example/x?api-version=1&sig=abc&code=zz") == (
        "https://h.example/x?api-version=1&sig=<redacted>&code=<redacted>"
    )
    assert redact_headers({"api-key": "k", "Authorization": "Bearer t", "X-Trace": "1"}) == {
        "api-key": "<redacted>", "Authorization": "<redacted>", "X-Trace": "1"}
