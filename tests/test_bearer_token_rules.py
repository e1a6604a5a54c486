"""The bearer-token policy's edges: the refresh window and the back-off after a failed
refresh to the second, what it accepts from a credential, and what its errors and logs say.

Each rule is checked twice: a blocking credential through ``headers()`` (the blocking client)
and an ``azure.identity.aio``-style credential through ``async_headers()`` (the async client)."""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
from typing import Any, Callable, Iterator, List, Optional

import pytest

from multiassist.errors import ConfigurationError
from multiassist.http.auth import AZURE_COGNITIVE_SCOPE, BearerTokenPolicy, async_on_unauthorized
from multiassist.worker_loop import remember_caller_loop

NOW = 1_700_000_000.0
HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


class Issued:
    def __init__(self, token: Any, expires_on: Any, refresh_on: Any = None) -> None:
        self.token, self.expires_on, self.refresh_on = token, expires_on, refresh_on


class Credential:
    """Hands out tok-1, tok-2, ... valid ``lifetime`` s; ``fail`` makes it raise."""

    def __init__(self, clock: Clock, lifetime: float = HOUR,
                 refresh_on: Optional[float] = None) -> None:
        self.clock, self.lifetime, self.refresh_on = clock, lifetime, refresh_on
        self.calls = 0
        self.asked: List[Any] = []
        self.fail = False

    def get_token_info(self, *scopes: str, options: Any = None) -> Issued:
        self.calls += 1
        self.asked.append((scopes, options))
        if self.fail:
            raise OSError("identity endpoint unavailable")
        return Issued(f"tok-{self.calls}", self.clock() + self.lifetime, self.refresh_on)


class AsyncCredential(Credential):
    """The same, with azure.identity.aio's coroutine ``get_token_info``."""

    async def get_token_info(  # type: ignore[override]
            self, *scopes: str, options: Any = None) -> Issued:
        return Credential.get_token_info(self, *scopes, options=options)


Send = Callable[[BearerTokenPolicy], str]


@pytest.fixture(params=["blocking", "async"])
def way(request: pytest.FixtureRequest) -> Iterator[str]:
    yield str(request.param)


@pytest.fixture
def credential_class(way: str) -> type:
    return Credential if way == "blocking" else AsyncCredential


@pytest.fixture
def sent(way: str) -> Iterator[Send]:
    """The Authorization header the policy gives the client of ``way`` for its next request."""
    if way == "blocking":
        yield lambda policy: policy.headers()["Authorization"]
        return
    loop = asyncio.new_event_loop()
    try:
        yield lambda policy: loop.run_until_complete(policy.async_headers())["Authorization"]
    finally:
        loop.close()


def test_a_token_with_exactly_300_seconds_left_is_still_used(
        sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    assert sent(policy) == "Bearer tok-1"
    assert credential.asked == [((AZURE_COGNITIVE_SCOPE,), None)]  # no options: none passed
    clock.now = NOW + HOUR - 300
    assert sent(policy) == "Bearer tok-1"
    clock.now += 1
    assert sent(policy) == "Bearer tok-2"


def test_a_refresh_on_of_zero_means_none_given(
        sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock, refresh_on=0)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    for _ in range(3):
        assert sent(policy) == "Bearer tok-1"
    assert credential.calls == 1


def test_after_a_failed_refresh_the_next_try_comes_30_seconds_later_to_the_second(
        caplog: pytest.LogCaptureFixture, sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, ["scope-a", "scope-b"], clock=clock)
    sent(policy)
    clock.now = NOW + HOUR - 100  # due, still valid for 100 s
    credential.fail = True
    with caplog.at_level(logging.WARNING, logger="multiassist.http.auth"):
        assert sent(policy) == "Bearer tok-1"
    assert [r.getMessage() for r in caplog.records] == [
        "token refresh for scope-a, scope-b failed (OSError); using the cached token, "
        "valid 100 s more"]
    credential.fail = False
    clock.now += 29.5
    assert sent(policy) == "Bearer tok-1" and credential.calls == 2
    clock.now += 0.5
    assert sent(policy) == "Bearer tok-3"


def test_the_debug_log_says_for_which_scopes_and_how_long(
        caplog: pytest.LogCaptureFixture, sent: Send, credential_class: type) -> None:
    clock = Clock()
    policy = BearerTokenPolicy(credential_class(clock), ["scope-a", "scope-b"], clock=clock)
    with caplog.at_level(logging.DEBUG, logger="multiassist.http.auth"):
        sent(policy)
    assert [r.getMessage() for r in caplog.records] == [
        "acquired token for scope-a, scope-b, expires in 3600 s"]


@pytest.mark.parametrize("issued", [
    Issued("tok", None),  # no expiry
    Issued("tok", "soon"),
    Issued(12345, NOW + HOUR),  # not a str
    Issued("", NOW + HOUR),
])
def test_a_token_without_a_str_value_and_a_numeric_expiry_is_refused(
        issued: Issued, sent: Send, way: str) -> None:
    class Odd:
        def get_token(self, *scopes: str) -> Issued:
            return issued

    class AsyncOdd:
        async def get_token(self, *scopes: str) -> Issued:
            return issued

    credential = Odd() if way == "blocking" else AsyncOdd()
    with pytest.raises(ConfigurationError) as caught:
        sent(BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=Clock()))
    assert str(caught.value) == (
        f"{type(credential).__name__} returned Issued; expected an access token with a "
        "non-empty str 'token' and a numeric 'expires_on'")


def test_construction_errors_say_what_was_passed_and_what_is_wanted() -> None:
    with pytest.raises(ConfigurationError) as caught:
        BearerTokenPolicy(object(), [AZURE_COGNITIVE_SCOPE])
    assert str(caught.value) == (
        "BearerTokenPolicy credential must have get_token or get_token_info, not object")
    with pytest.raises(ConfigurationError) as caught:
        BearerTokenPolicy(Credential(Clock()), [])
    assert str(caught.value).startswith(
        "BearerTokenPolicy scopes must be a non-empty sequence of str, e.g. ")
    assert AZURE_COGNITIVE_SCOPE in str(caught.value)


def test_repr_names_the_credential_class_and_scopes() -> None:
    policy = BearerTokenPolicy(Credential(Clock()), [AZURE_COGNITIVE_SCOPE])
    assert repr(policy) == (
        f"BearerTokenPolicy(credential=Credential, scopes=[{AZURE_COGNITIVE_SCOPE!r}])")


def test_every_request_after_a_401_gets_the_new_token(
        sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    seen: List[str] = [sent(policy)]
    assert policy.on_unauthorized() is True
    seen += [sent(policy), sent(policy)]
    assert seen == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


def test_a_claims_challenge_gets_a_token_at_once_and_logs_no_secret(
        caplog: pytest.LogCaptureFixture, way: str, credential_class: type) -> None:
    """A 401's claims challenge: the new token is asked for with the claims there and then
    (on the async client, from a worker thread through the client's loop); the debug line
    names the scopes, never the claims or a token."""
    claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
    encoded = base64.b64encode(claims.encode()).decode()
    challenge = f'Bearer error="insufficient_claims", claims="{encoded}"'
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, ["scope-a", "scope-b"], clock=clock)
    if way == "blocking":
        policy.headers()
    else:
        asyncio.run(policy.async_headers())
    with caplog.at_level(logging.DEBUG, logger="multiassist.http.auth"):
        again = (policy.on_unauthorized(challenge) if way == "blocking"
                 else asyncio.run(async_on_unauthorized(policy, challenge)))
    assert again is True
    assert credential.asked[-1] == (("scope-a", "scope-b"), {"claims": claims})
    assert [r.getMessage() for r in caplog.records] == [
        "acquired token for scope-a, scope-b with the claims the service asked for"]
    assert policy.headers() == {"Authorization": "Bearer tok-2"}  # no third request


@pytest.mark.parametrize("tenant_id", ["", "   "])
def test_a_blank_tenant_id_is_refused_by_name(tenant_id: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        BearerTokenPolicy(Credential(Clock()), [AZURE_COGNITIVE_SCOPE], tenant_id=tenant_id)
    assert str(caught.value).startswith(
        "BearerTokenPolicy tenant_id must be a non-empty str (a directory id or domain)")


def test_a_tenant_id_goes_to_the_credential_with_the_scopes_and_shows_in_the_repr(
        sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, ["scope-a", "scope-b"], tenant_id="contoso.com",
                               clock=clock)
    assert sent(policy) == "Bearer tok-1"
    assert credential.asked == [(("scope-a", "scope-b"), {"tenant_id": "contoso.com"})]
    assert repr(policy) == (
        f"BearerTokenPolicy(credential={credential_class.__name__}, "
        "scopes=['scope-a', 'scope-b'], tenant_id='contoso.com')")


def test_a_credential_with_only_get_token_gets_the_tenant_as_a_keyword(
        sent: Send, way: str) -> None:
    clock = Clock()
    asked: List[Any] = []

    def answer(scopes: Any, kwargs: Any) -> Issued:
        asked.append((scopes, kwargs))
        return Issued(f"tok-{len(asked)}", clock() + HOUR)

    class Legacy:
        def get_token(self, *scopes: str, **kwargs: Any) -> Issued:
            return answer(scopes, kwargs)

    class AsyncLegacy:
        async def get_token(self, *scopes: str, **kwargs: Any) -> Issued:
            return answer(scopes, kwargs)

    credential = Legacy() if way == "blocking" else AsyncLegacy()
    policy = BearerTokenPolicy(credential, ["scope-a"], tenant_id="contoso.com", clock=clock)
    assert sent(policy) == "Bearer tok-1"
    assert asked == [(("scope-a",), {"tenant_id": "contoso.com"})]
    plain = BearerTokenPolicy(credential, ["scope-a"], clock=clock)
    assert sent(plain) == "Bearer tok-2"
    assert asked[1] == (("scope-a",), {})


def test_a_failed_first_token_or_one_after_expiry_raises_the_credentials_error(
        sent: Send, credential_class: type) -> None:
    clock = Clock()
    credential = credential_class(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    credential.fail = True
    with pytest.raises(OSError, match="identity endpoint unavailable"):
        sent(policy)
    credential.fail = False
    assert sent(policy) == "Bearer tok-2"
    clock.now += HOUR  # expired: the cached token is no use any more
    credential.fail = True
    with pytest.raises(OSError, match="identity endpoint unavailable"):
        sent(policy)
    clock.now += 1  # and no back-off once it has expired: every request asks again
    with pytest.raises(OSError):
        sent(policy)
    assert credential.calls == 4


def test_concurrent_async_requests_share_one_acquisition() -> None:
    clock = Clock()
    started = 0

    class Slow(Credential):
        async def get_token_info(  # type: ignore[override]
                self, *scopes: str, options: Any = None) -> Issued:
            nonlocal started
            started += 1
            await asyncio.sleep(0.05)
            return Credential.get_token_info(self, *scopes, options=options)

    credential = Slow(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)

    async def twenty() -> List[str]:
        answers = await asyncio.gather(*(policy.async_headers() for _ in range(20)))
        return [a["Authorization"] for a in answers]

    assert asyncio.run(twenty()) == ["Bearer tok-1"] * 20
    assert started == 1
    clock.now = NOW + HOUR - 299  # due: again one acquisition for all of them
    assert asyncio.run(twenty()) == ["Bearer tok-2"] * 20
    assert started == 2


def test_a_blocking_caller_in_a_worker_thread_gets_an_async_credentials_token_from_the_loop(
) -> None:
    """The async client runs the Responses bridge in worker threads, which ask for headers
    the blocking way; an async credential is awaited on the client's loop for them (the loop
    handed to the thread as the async client hands it, by remember_caller_loop)."""
    clock = Clock()
    credential = AsyncCredential(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], tenant_id="contoso.com",
                               clock=clock)
    threads: List[str] = []

    async def main() -> List[str]:
        first = (await policy.async_headers())["Authorization"]
        clock.now = NOW + HOUR  # expired: the worker's request needs a new token

        def worker() -> str:
            threads.append(threading.current_thread().name)
            return policy.headers()["Authorization"]

        remember_caller_loop()
        return [first, await asyncio.to_thread(worker)]

    assert asyncio.run(main()) == ["Bearer tok-1", "Bearer tok-2"]
    assert threads and threads[0] != threading.main_thread().name
    assert credential.asked == [((AZURE_COGNITIVE_SCOPE,), {"tenant_id": "contoso.com"})] * 2


def test_an_async_credential_on_the_blocking_path_without_its_loop_is_refused_by_name() -> None:
    message = ("AsyncCredential (an azure.identity.aio credential) returned an awaitable, which "
               "blocking code cannot wait for here: the blocking client needs a blocking "
               "credential (azure.identity), or use the async client (AsyncAssistantsClient, "
               "multiassist.agents.aio)")
    clock = Clock()
    policy = BearerTokenPolicy(AsyncCredential(clock), [AZURE_COGNITIVE_SCOPE], clock=clock)
    with pytest.raises(ConfigurationError) as caught:
        policy.headers()  # never used by an async client: no loop to await it on
    assert str(caught.value) == message

    async def on_the_loop_itself() -> None:
        await policy.async_headers()
        clock.now = NOW + HOUR
        policy.headers()  # blocking the loop the credential needs would deadlock

    with pytest.raises(ConfigurationError) as caught:
        asyncio.run(on_the_loop_itself())
    assert str(caught.value) == message

    async def in_a_thread_the_client_did_not_start() -> None:
        await asyncio.to_thread(policy.headers)  # no loop handed to it: nothing to wait on

    with pytest.raises(ConfigurationError) as caught:
        asyncio.run(in_a_thread_the_client_did_not_start())
    assert str(caught.value) == message
    with pytest.raises(ConfigurationError) as caught:
        policy.headers()  # that loop has ended
    assert str(caught.value) == message
