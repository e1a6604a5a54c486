"""The async client's transport (aiohttp) as a user meets it: redirects not followed, read and
pool timeouts, Retry-After awaited, refused connections, headers HTTP cannot carry, redacted
debug lines, proxies from the environment, a caller's own session, one client on one loop
after another, an ``azure.identity.aio``-style credential shared by concurrent calls, no resend
behind the retry policy's back, and a stream that goes silent."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import socket
import threading
import time
from contextlib import closing
from typing import Any, Awaitable, Callable, Dict, List, NamedTuple, TypeVar

import pytest

from multiassist import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncAssistantsClient,
    ConfigurationError,
    InvalidRequestError,
    NotFoundError,
    ResponseDecodeError,
    StreamInterruptedError,
)
from multiassist.http.writes import WriteOutcomeUnknownError
from multiassist.testing import Emulator

from scripted_server import ASSISTANT, Scripted

aiohttp = pytest.importorskip("aiohttp")

T = TypeVar("T")



def make_client(url: str, **kwargs: Any) -> AsyncAssistantsClient:
    return AsyncAssistantsClient(provider="openai", base_url=url + "/v1", api_key="sk-secret",
                                 **kwargs)


def run(client: AsyncAssistantsClient, body: Callable[[AsyncAssistantsClient], Awaitable[T]],
        *, close: bool = True) -> T:
    async def main() -> T:
        try:
            return await body(client)
        finally:
            if close:
                await client.close()

    return asyncio.run(main())


def test_redirects_are_not_followed_and_the_key_stays_home(server: Scripted) -> None:
    with closing(Scripted()) as elsewhere:  # the host the redirect names, on loopback too
        elsewhere.reply(200, ASSISTANT)
        server.reply(307, headers={"location": elsewhere.url + "/v1/assistants/asst_1"})
        with pytest.raises(APIError) as caught:
            run(make_client(server.url), lambda c: c.beta.assistants.retrieve("asst_1"))
    error = caught.value
    assert error.status_code == 307 and "redirect" in str(error)
    assert elsewhere.url.split("//")[1] in str(error)  # where it pointed, for the fix
    assert (len(server.seen), elsewhere.seen) == (1, [])


def test_a_read_timeout_retries_a_get_and_never_resends_a_post(server: Scripted) -> None:
    server.reply(200, ASSISTANT, delay=1.0)
    server.reply(200, ASSISTANT, delay=1.0)
    client = make_client(server.url, max_retries=1, timeout=(1.0, 0.2))
    with pytest.raises(APITimeoutError) as caught:
        run(client, lambda c: c.beta.assistants.retrieve("asst_1"))
    assert caught.value.maybe_sent is True
    assert len(server.seen) == 2  # a read is safe to send again

    server.seen.clear()
    server.reply(200, ASSISTANT, delay=1.0)
    client = make_client(server.url, max_retries=2, timeout=(1.0, 0.2))
    with pytest.raises(WriteOutcomeUnknownError) as written:
        run(client, lambda c: c.files.create(file=("a.txt", b"x"), purpose="assistants"))
    cause = written.value.__cause__
    assert isinstance(cause, APITimeoutError) and cause.maybe_sent is True
    assert len(server.seen) == 1  # an upload that may have happened is never sent twice


def test_retry_after_is_awaited_then_the_call_succeeds(server: Scripted) -> None:
    server.reply(429, {"error": {"message": "slow down", "type": "requests"}},
                 headers={"retry-after-ms": "1500"})
    server.reply(200, ASSISTANT)
    waits: List[float] = []
    client = make_client(server.url)

    async def record(seconds: float) -> None:
        waits.append(seconds)

    client._core.transport._sleep = record
    assert run(client, lambda c: c.beta.assistants.create(model="gpt-4o")).id == "asst_1"
    assert waits == [1.5] and len(server.seen) == 2


def test_a_refused_connection_was_certainly_not_sent() -> None:
    client = make_client("http://127.0.0.1:9", max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        run(client, lambda c: c.beta.assistants.retrieve("asst_1"))
    assert caught.value.maybe_sent is False


def test_a_full_pool_times_out_before_sending(server: Scripted) -> None:
    server.reply(200, ASSISTANT, delay=1.0)  # holds the only connection for a second
    client = make_client(server.url, max_connections=1, max_retries=0)

    async def body(c: AsyncAssistantsClient) -> Any:
        slow = asyncio.ensure_future(c.beta.assistants.retrieve("asst_1", timeout=5))
        await asyncio.sleep(0.1)
        with pytest.raises(APITimeoutError) as caught:
            await c.beta.assistants.retrieve("asst_2", timeout=0.3)
        assert caught.value.maybe_sent is False
        return await slow

    assert run(client, body).id == "asst_1"
    assert [seen["path"] for seen in server.seen] == ["/v1/assistants/asst_1"]


def test_a_header_http_cannot_carry_is_refused_before_sending(server: Scripted) -> None:
    client = make_client(server.url)
    with pytest.raises(InvalidRequestError) as caught:
        run(client, lambda c: c.beta.assistants.retrieve(
            "asst_1", extra_headers={"x-note": "it\u2019s"}))
    assert "nothing was sent" in str(caught.value) and server.seen == []
    with pytest.raises(InvalidRequestError) as numeric:
        run(make_client(server.url), lambda c: c.beta.assistants.retrieve(
            "asst_1", extra_headers={"x-count": 3}))  # type: ignore[dict-item]
    assert "'x-count'" in str(numeric.value) and server.seen == []

    server.reply(200, ASSISTANT)
    run(make_client(server.url), lambda c: c.beta.assistants.retrieve(
        "asst_1", extra_headers={"OpenAI-Beta": None}))  # None leaves a header out
    assert "openai-beta" not in {name.lower() for name in server.seen[0]["headers"]}


def test_a_non_json_success_body_is_a_decode_error(server: Scripted) -> None:
    server.reply(200, b"<html>gateway</html>")
    with pytest.raises(ResponseDecodeError):
        run(make_client(server.url), lambda c: c.beta.assistants.retrieve("asst_1"))


def test_debug_lines_describe_each_call_without_secrets(
        caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-very-secret-key-0123456789"
    with Emulator(flavor="openai", api_key=secret) as emu, \
            caplog.at_level(logging.DEBUG, logger="multiassist"):
        async def body(c: AsyncAssistantsClient) -> None:
            await c.beta.assistants.list(limit=2)
            with pytest.raises(NotFoundError):
                await c.beta.threads.retrieve("thread_missing")

        run(AsyncAssistantsClient(provider="openai", base_url=emu.base_url, api_key=secret),
            body)
    assert secret not in caplog.text and "<redacted>" in caplog.text
    lines = [r.getMessage() for r in caplog.records]
    requests = [line for line in lines if line.startswith("request ")]
    responses = [line for line in lines if line.startswith("response ")]
    assert len(requests) == 2 and "limit=2" in requests[0]
    assert "-> 200" in responses[0] and "-> 404" in responses[1] and " ms " in responses[1]


def test_the_proxy_named_by_the_environment_is_used(server: Scripted,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    server.reply(200, ASSISTANT)
    client = make_client("http://127.0.0.2:9")  # nothing listens there: only the proxy answers
    assert run(client, lambda c: c.beta.assistants.retrieve("asst_1")).id == "asst_1"
    assert server.seen[0]["path"] == "http://127.0.0.2:9/v1/assistants/asst_1"


def test_a_callers_session_is_used_and_left_open(server: Scripted) -> None:
    server.reply(200, ASSISTANT)

    async def main() -> bool:
        async with aiohttp.ClientSession() as session:
            client = make_client(server.url, http_client=session)
            async with client:
                await client.beta.assistants.retrieve("asst_1")
            return bool(session.closed)

    assert asyncio.run(main()) is False
    assert len(server.seen) == 1


def test_http_client_must_be_an_aiohttp_session() -> None:
    with pytest.raises(ConfigurationError) as caught:
        make_client("http://127.0.0.1:9", http_client=object())
    assert "aiohttp.ClientSession" in str(caught.value)


def test_one_client_serves_one_event_loop_after_another(server: Scripted) -> None:
    client = make_client(server.url)
    for _ in range(2):
        server.reply(200, ASSISTANT)
        assert run(client, lambda c: c.beta.assistants.retrieve("asst_1"),
                   close=False).id == "asst_1"
    run(client, lambda c: asyncio.sleep(0))  # closes it
    assert len(server.seen) == 2


class AccessToken(NamedTuple):
    token: str
    expires_on: int


def test_an_async_credential_is_shared_by_concurrent_calls_and_renewed_after_a_401() -> None:
    class AsyncCredential:  # azure.identity.aio's shape: get_token is a coroutine function
        def __init__(self, emulator: Emulator) -> None:
            self.emulator, self.calls = emulator, 0

        async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            self.calls += 1
            await asyncio.sleep(0.05)  # every task arrives while this one waits
            token = f"async-token-{self.calls}"
            self.emulator.accept_token(token)
            return AccessToken(token, int(time.time()) + 3600)

    with Emulator(flavor="azure") as azure:
        credential = AsyncCredential(azure)
        client = AsyncAssistantsClient(azure.endpoint, credential, api_version=azure.api_version)

        async def body(c: AsyncAssistantsClient) -> None:
            await asyncio.gather(*(c.beta.assistants.list(limit=1) for _ in range(20)))
            assert credential.calls == 1
            azure.revoke_token("async-token-1")
            await c.beta.assistants.list(limit=1)

        before = len(azure.requests)
        run(client, body)
        sent = [r.headers["authorization"] for r in azure.requests[before:]]
    assert credential.calls == 2
    assert sent[-2:] == ["Bearer async-token-1", "Bearer async-token-2"]


def test_max_retries_zero_sends_a_read_once_even_after_a_dropped_connection() -> None:
    with Emulator(flavor="openai") as emu:
        emu.inject("drop_before_apply", route="GET /assistants", times=2)
        client = AsyncAssistantsClient(provider="openai", base_url=emu.base_url,
                                       api_key=emu.api_key, max_retries=0)
        before = len(emu.requests)
        with pytest.raises(APIConnectionError) as caught:
            run(client, lambda c: c.beta.assistants.list())
        sent = len(emu.requests) - before
        emu.clear_faults()
    assert caught.value.maybe_sent is True
    assert sent == 1  # aiohttp's own resend of an idempotent request is off


def test_a_stream_that_goes_silent_ends_at_the_read_timeout() -> None:
    run_event = json.dumps({"id": "run_1", "object": "thread.run", "created_at": 1,
                            "thread_id": "thread_1", "assistant_id": "asst_1",
                            "status": "queued", "model": "gpt-4o", "instructions": "",
                            "tools": [], "metadata": {}})
    event = f"event: thread.run.created\ndata: {run_event}\n\n".encode()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:  # one event, then silence for longer than the client waits
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                               b"connection: close\r\n\r\n" + event)
            time.sleep(2.0)

    threading.Thread(target=serve, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"

    async def body(c: AsyncAssistantsClient) -> List[str]:
        seen: List[str] = []
        async with c.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
            async for item in stream:
                seen.append(item.event)
        return seen

    started = time.monotonic()
    try:
        with pytest.raises(APIError) as caught:
            run(make_client(url, max_retries=0, timeout=(1.0, 0.3)), body)
    finally:
        listener.close()
    assert time.monotonic() - started < 1.5  # not the two seconds of silence
    error = caught.value
    assert isinstance(error, StreamInterruptedError) and error.run is not None
    assert isinstance(error.__cause__, APITimeoutError) and "read timeout" in str(error)


def test_a_claims_challenge_gets_an_async_credentials_token_with_those_claims() -> None:
    """A 401 with a claims challenge (Continuous Access Evaluation) on the async client: the
    azure.identity.aio credential is asked for a token with the claims, on the client's loop,
    and the request is sent again with it."""
    claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
    challenge = ('Bearer realm="", error="insufficient_claims", claims="'
                 + base64.b64encode(claims.encode()).decode() + '"')

    class AsyncCredential:
        def __init__(self, emulator: Emulator) -> None:
            self.emulator = emulator
            self.options: List[Dict[str, Any]] = []

        async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            await asyncio.sleep(0)
            self.options.append(kwargs)
            token = f"async-token-{len(self.options)}"
            self.emulator.accept_token(token)
            return AccessToken(token, int(time.time()) + 3600)

    with Emulator(flavor="azure") as azure:
        credential = AsyncCredential(azure)
        client = AsyncAssistantsClient(azure.endpoint, credential, api_version=azure.api_version,
                                       tenant_id="contoso")

        async def body(c: AsyncAssistantsClient) -> Any:
            await c.beta.assistants.list(limit=1)
            azure.inject("status", route="GET /assistants", code=401,
                         headers={"WWW-Authenticate": challenge})
            return await c.beta.assistants.list(limit=1)

        before = len(azure.requests)
        page = run(client, body)
        sent = [r.headers["authorization"] for r in azure.requests[before:]]
    assert page.data == []
    assert credential.options == [{"tenant_id": "contoso"},
                                  {"tenant_id": "contoso", "claims": claims}]
    assert sent == ["Bearer async-token-1", "Bearer async-token-1", "Bearer async-token-2"]
