"""What the client puts on the wire: URLs, headers, bodies, IDs, and what it refuses to send."""

from __future__ import annotations

from typing import Any

import pytest

from multiassist import AssistantsClient, InvalidRequestError, NotFoundError
from multiassist.testing import Emulator


def last(emulator: Emulator) -> Any:
    return emulator.requests[-1]


def test_routes_and_headers_per_flavor(client: AssistantsClient, emulator: Emulator) -> None:
    client.beta.assistants.list(limit=1)
    sent = last(emulator)
    if emulator.flavor == "openai":
        assert sent.path == "/v1/assistants"
        assert sent.headers["openai-beta"] == "assistants=v2"
        assert sent.headers["authorization"] == f"Bearer {emulator.api_key}"
        assert "api-version" not in sent.query
    else:
        assert sent.path == "/openai/assistants"
        assert sent.query["api-version"] == emulator.api_version
        assert sent.headers["api-key"] == emulator.api_key
        assert "authorization" not in sent.headers
    assert sent.query["limit"] == "1"

    client.files.list()
    assert "openai-beta" not in last(emulator).headers  # /files is not a beta route


def test_model_names_are_routed_to_deployments(
    client: AssistantsClient, emulator: Emulator
) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o-mini")
    sent_model = last(emulator).json["model"]
    if emulator.flavor == "azure":
        assert sent_model == "dep-mini"
    else:
        assert sent_model == "gpt-4o-mini"
    assert assistant.model == "gpt-4o-mini"


def test_not_given_is_omitted_and_none_is_sent_as_null(
    client: AssistantsClient, emulator: Emulator
) -> None:
    client.beta.assistants.create(model="gpt-4o", description=None)
    body = dict(last(emulator).json)
    body.pop("metadata")  # only the write marker, see test_writes.py
    assert body == {"model": body["model"], "description": None}


def test_extra_headers_query_and_body_reach_the_server(
    client: AssistantsClient, emulator: Emulator
) -> None:
    client.beta.threads.create(
        extra_headers={"X-Trace": "t-1"}, extra_query={"trace": "1"},
        extra_body={"metadata": {"from": "extra"}},
    )
    sent = last(emulator)
    assert sent.headers["x-trace"] == "t-1"
    assert sent.query["trace"] == "1"
    assert sent.json == {"metadata": {"from": "extra"}}


def test_ids_are_encoded_as_one_path_segment(client: AssistantsClient, emulator: Emulator) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.beta.threads.messages.retrieve("msg_1/../../assistants", thread_id="thread_x?y=1")
    path = last(emulator).raw_path
    assert "msg_1%2F..%2F..%2Fassistants" in path and "thread_x%3Fy%3D1" in path
    assert caught.value.status_code == 404


@pytest.mark.parametrize("bad", ["", "   ", None, 42, b"thread_1"])
def test_bad_ids_are_refused_before_any_request(
    client: AssistantsClient, emulator: Emulator, bad: Any
) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidRequestError) as caught:
        client.beta.threads.retrieve(bad)
    assert "thread_id" in str(caught.value)
    with pytest.raises(InvalidRequestError):
        client.getMessage("thread_1", bad)
    assert len(emulator.requests) == before


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda c: c.beta.assistants.list(limit=0), "limit"),
        (lambda c: c.beta.assistants.list(limit=101), "limit"),
        (lambda c: c.beta.assistants.list(order="newest"), "order"),
        (lambda c: c.beta.threads.messages.create("thread_1", role="system", content="x"), "role"),
        (lambda c: c.beta.threads.runs.create("thread_1", assistant_id=""), "assistant_id"),
        (lambda c: c.files.create(file=b"raw", purpose="assistants"), "filename"),
        (lambda c: c.files.create(file=("a.txt", b"x"), purpose="training"), "purpose"),
        (lambda c: c.beta.threads.runs.submit_tool_outputs(
            "run_1", thread_id="thread_1", tool_outputs=[{"output": "x"}]), "tool_call_id"),
        (lambda c: c.beta.assistants.retrieve("asst_1", timeout=-1), "timeout"),
    ],
)
def test_bad_arguments_are_refused_before_sending(
    client: AssistantsClient, emulator: Emulator, call: Any, fragment: str
) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidRequestError) as caught:
        call(client)
    assert fragment in str(caught.value)
    assert len(emulator.requests) == before


def test_error_carries_status_code_and_request_id(
    client: AssistantsClient, emulator: Emulator
) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.beta.assistants.retrieve("asst_missing")
    error = caught.value
    assert error.status_code == 404
    assert error.request_id and error.request_id in str(error)
    assert "asst_missing" in error.message
    # .body is the error object itself, as openai-python gives it
    assert isinstance(error.body, dict) and error.body["message"] == error.message
    assert error.response is not None and error.response.status_code == 404


def test_wrong_key_raises_authentication_error_without_the_key(emulator: Emulator) -> None:
    from multiassist import AuthenticationError

    with emulator.client(api_key="wrong-key-123") as bad, pytest.raises(
        AuthenticationError
    ) as caught:
        bad.beta.assistants.list()
    assert caught.value.status_code == 401
    assert "wrong-key-123" not in str(caught.value)


def test_organization_and_project_reach_openai() -> None:
    with Emulator(flavor="openai") as emu, emu.client(organization="org-7",
                                                      project="proj-9") as client:
        client.beta.assistants.list(limit=1)
        sent = emu.requests[-1].headers
    assert (sent["openai-organization"], sent["openai-project"]) == ("org-7", "proj-9")
