"""Transport behaviour a server must script: redirects, retries, Retry-After, timeouts,
undecodable bodies. A tiny scripted HTTP server on 127.0.0.1 plays the service."""

from __future__ import annotations

from typing import Any, List

import pytest

from multiassist import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AssistantsClient,
    InternalServerError,
    RateLimitError,
    ResponseDecodeError,
)
from multiassist.http.writes import WriteOutcomeUnknownError

from scripted_server import ASSISTANT, Scripted


def make_client(server: Scripted, **kwargs: Any) -> AssistantsClient:
    made = AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-secret",
                            **kwargs)
    made._core.transport._sleep = lambda seconds: None  # no real waiting in tests
    return made


def test_redirects_are_not_followed_and_the_key_stays_home(server: Scripted) -> None:
    elsewhere = Scripted()  # another host the redirect points at, still on loopback
    try:
        elsewhere.reply(200, ASSISTANT)
        server.reply(307, headers={"location": elsewhere.url + "/v1/assistants/asst_1"})
        with pytest.raises(APIError) as caught:
            make_client(server).beta.assistants.retrieve("asst_1")
        assert caught.value.status_code == 307
        assert elsewhere.url.split("//")[1] in str(caught.value)
        assert "redirect" in str(caught.value)
        assert len(server.seen) == 1 and elsewhere.seen == []
    finally:
        elsewhere.close()


def test_per_call_and_derived_timeouts_apply(server: Scripted) -> None:
    server.reply(200, ASSISTANT, delay=1.0)
    client = make_client(server, timeout=30, max_retries=0)
    with pytest.raises(APITimeoutError):
        client.beta.assistants.retrieve("asst_1", timeout=0.2, extra_headers={"x": "1"})
    server.reply(200, ASSISTANT, delay=1.0)
    with pytest.raises(APITimeoutError):
        client.with_options(timeout=0.2).beta.assistants.retrieve("asst_1")


def test_429_with_retry_after_is_retried_then_succeeds(server: Scripted) -> None:
    waits: List[float] = []
    server.reply(429, {"error": {"message": "slow down", "type": "requests"}},
                 headers={"retry-after-ms": "1500"})
    server.reply(200, ASSISTANT)
    client = make_client(server)
    client._core.transport._sleep = waits.append
    assert client.beta.assistants.create(model="gpt-4o").id == "asst_1"
    assert waits == [1.5]
    assert len(server.seen) == 2


def test_post_is_not_retried_after_a_500(server: Scripted) -> None:
    server.reply(500, {"error": {"message": "boom", "type": "server_error"}},
                 headers={"x-request-id": "req_500"})
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        make_client(server, write_markers=False).beta.assistants.create(model="gpt-4o")
    assert len(server.seen) == 1  # a create that may have happened is never sent twice
    cause = caught.value.__cause__
    assert isinstance(cause, InternalServerError) and "req_500" in str(cause)


def test_get_is_retried_after_a_502_up_to_max_retries(server: Scripted) -> None:
    for _ in range(3):
        server.reply(502, {"error": {"message": "bad gateway"}})
    with pytest.raises(InternalServerError):
        make_client(server, max_retries=2).beta.assistants.retrieve("asst_1")
    assert len(server.seen) == 3


def test_with_options_sets_retries_per_call_site(server: Scripted) -> None:
    server.reply(429, {"error": {"message": "quota", "code": "rate_limit_exceeded"}})
    client = make_client(server, max_retries=5)
    with pytest.raises(RateLimitError) as caught:
        client.with_options(max_retries=0).beta.assistants.list()
    assert caught.value.code == "rate_limit_exceeded"
    assert len(server.seen) == 1


def test_read_timeout_on_a_post_is_not_retried(server: Scripted) -> None:
    server.reply(200, ASSISTANT, delay=1.0)
    client = make_client(server, timeout=(1.0, 0.2))
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        client.files.create(file=("a.txt", b"x"), purpose="assistants")
    cause = caught.value.__cause__
    assert isinstance(cause, APITimeoutError) and cause.maybe_sent is True
    assert len(server.seen) == 1


def test_connection_refused_is_a_connection_error() -> None:
    client = AssistantsClient(provider="openai", base_url="http://127.0.0.1:9/v1",
                              api_key="sk-x", max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        client.beta.assistants.list()
    assert caught.value.maybe_sent is False


def test_a_non_json_success_body_is_a_decode_error(server: Scripted) -> None:
    server.reply(200, b"<html>gateway</html>")
    with pytest.raises(ResponseDecodeError):
        make_client(server).beta.assistants.retrieve("asst_1")


def test_azure_error_shape_with_inner_error(server: Scripted) -> None:
    server.reply(400, {"error": {"code": "content_filter", "message": "filtered",
                                 "param": "prompt", "type": None,
                                 "innererror": {"code": "ResponsibleAIPolicyViolation",
                                                "content_filter_result": {"hate": {
                                                    "filtered": True, "severity": "high"}}}}},
                 headers={"apim-request-id": "apim-1"})
    client = AssistantsClient(provider="azure", endpoint=server.url, api_key="k")
    with pytest.raises(APIError) as caught:
        client.beta.threads.create()
    error = caught.value
    assert error.code == "content_filter" and error.param == "prompt"
    assert error.request_id == "apim-1"
    assert error.content_filter_results == {"hate": {"filtered": True, "severity": "high"}}
    assert server.seen[0]["path"].startswith("/openai/threads?api-version=")


def test_rate_limit_headers_and_plural_content_filter_results(server: Scripted) -> None:
    server.reply(
        429,
        {"error": {"code": "429", "message": "Requests exceeded",
                   "inner_error": {"content_filter_results": {"violence": {"filtered": False}}}}},
        headers={"x-ratelimit-remaining-requests": "0", "Retry-After": "30",
                 "x-ms-region": "westeurope"},
    )
    client = AssistantsClient(provider="azure", endpoint=server.url, api_key="k", max_retries=0)
    with pytest.raises(RateLimitError) as caught:
        client.beta.threads.create()
    assert caught.value.rate_limit == {"x-ratelimit-remaining-requests": "0",
                                       "retry-after": "30"}
    assert caught.value.content_filter_results == {"violence": {"filtered": False}}
