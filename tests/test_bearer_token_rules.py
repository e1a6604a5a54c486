"""The bearer-token policy's edges: the refresh window and the back-off after a failed
refresh to the second, what it accepts from a credential, and what its errors and logs say."""

from __future__ import annotations

import logging
from typing import Any, List, Optional

import pytest

from multiassist.errors import ConfigurationError
from multiassist.http.auth import AZURE_COGNITIVE_SCOPE, BearerTokenPolicy

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


def sent(policy: BearerTokenPolicy) -> str:
    return policy.headers()["Authorization"]


def test_a_token_with_exactly_300_seconds_left_is_still_used() -> None:
    clock = Clock()
    policy = BearerTokenPolicy(Credential(clock), [AZURE_COGNITIVE_SCOPE], clock=clock)
    assert sent(policy) == "Bearer tok-1"
    clock.now = NOW + HOUR - 300
    assert sent(policy) == "Bearer tok-1"
    clock.now += 1
    assert sent(policy) == "Bearer tok-2"


def test_a_refresh_on_of_zero_means_none_given() -> None:
    clock = Clock()
    credential = Credential(clock, refresh_on=0)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    for _ in range(3):
        assert sent(policy) == "Bearer tok-1"
    assert credential.calls == 1


def test_after_a_failed_refresh_the_next_try_comes_30_seconds_later_to_the_second(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    credential = Credential(clock)
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
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    policy = BearerTokenPolicy(Credential(clock), ["scope-a", "scope-b"], clock=clock)
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
def test_a_token_without_a_str_value_and_a_numeric_expiry_is_refused(issued: Issued) -> None:
    class Odd:
        def get_token(self, *scopes: str) -> Issued:
            return issued

    with pytest.raises(ConfigurationError) as caught:
        BearerTokenPolicy(Odd(), [AZURE_COGNITIVE_SCOPE], clock=Clock()).headers()
    assert str(caught.value) == (
        "Odd returned Issued; expected an access token with a non-empty str 'token' and a "
        "numeric 'expires_on'")


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


def test_every_request_after_a_401_gets_the_new_token() -> None:
    clock = Clock()
    credential = Credential(clock)
    policy = BearerTokenPolicy(credential, [AZURE_COGNITIVE_SCOPE], clock=clock)
    seen: List[str] = [sent(policy)]
    assert policy.on_unauthorized() is True
    seen += [sent(policy), sent(policy)]
    assert seen == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


@pytest.mark.parametrize("tenant_id", ["", "   "])
def test_a_blank_tenant_id_is_refused_by_name(tenant_id: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        BearerTokenPolicy(Credential(Clock()), [AZURE_COGNITIVE_SCOPE], tenant_id=tenant_id)
    assert str(caught.value).startswith(
        "BearerTokenPolicy tenant_id must be a non-empty str (a directory id or domain)")


def test_a_tenant_id_goes_to_the_credential_with_the_scopes_and_shows_in_the_repr() -> None:
    clock = Clock()
    credential = Credential(clock)
    policy = BearerTokenPolicy(credential, ["scope-a", "scope-b"], tenant_id="contoso.com",
                               clock=clock)
    assert sent(policy) == "Bearer tok-1"
    assert credential.asked == [(("scope-a", "scope-b"), {"tenant_id": "contoso.com"})]
    assert repr(policy) == (
        "BearerTokenPolicy(credential=Credential, scopes=['scope-a', 'scope-b'], "
        "tenant_id='contoso.com')")
