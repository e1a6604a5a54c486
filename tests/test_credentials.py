"""Tests for multiassist.http.auth: key and token policies as the transport uses them."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from typing import Any, List, Optional, Tuple

import pytest

from multiassist.errors import ConfigurationError
from multiassist.http.auth import (
    AI_FOUNDRY_SCOPE,
    AZURE_COGNITIVE_SCOPE,
    ApiKeyPolicy,
    AuthPolicy,
    BearerTokenPolicy,
    KeyCredential,
    StaticTokenPolicy,
    TokenProviderPolicy,
    default_azure_credential,
    is_key_credential,
    is_token_credential,
    redact,
)

SECRET = "sk-SuperSecret-0123456789abcdef"
NOW = 1_700_000_000.0
HOUR = 3600.0


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Token:
    """Shaped like azure.core.credentials.AccessTokenInfo (AccessToken lacks refresh_on)."""

    def __init__(self, token: str, expires_on: float, refresh_on: Optional[float] = None) -> None:
        self.token = token
        self.expires_on = int(expires_on)
        self.refresh_on = None if refresh_on is None else int(refresh_on)


class CredentialError(Exception):
    pass


class FakeCredential:
    """A get_token-only TokenCredential handing out token-1, token-2, ... and counting calls."""

    def __init__(
        self,
        clock: Clock,
        lifetime: float = HOUR,
        refresh_after: Optional[float] = None,
        delay: float = 0.0,
    ) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.refresh_after = refresh_after
        self.delay = delay
        self.fail = False
        self.calls: List[Tuple[str, Tuple[str, ...]]] = []
        self._lock = threading.Lock()

    def _issue(self, method: str, scopes: Tuple[str, ...]) -> Token:
        with self._lock:
            self.calls.append((method, scopes))
            n = len(self.calls)
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise CredentialError("identity endpoint unavailable")
        now = self.clock()
        refresh_on = None if self.refresh_after is None else now + self.refresh_after
        return Token(f"{SECRET}-token-{n}", now + self.lifetime, refresh_on)

    def get_token(self, *scopes: str, **kwargs: Any) -> Token:
        return self._issue("get_token", scopes)


class FakeInfoCredential(FakeCredential):
    """Has both methods, like azure-identity credentials since azure-core 1.31."""

    def get_token_info(self, *scopes: str, options: Any = None) -> Token:
        return self._issue("get_token_info", scopes)


def bearer(policy: AuthPolicy) -> str:
    return policy.headers()["Authorization"]


# --- KeyCredential and ApiKeyPolicy ---------------------------------------------------------


def test_api_key_policy_sends_azure_api_key_header() -> None:
    policy = ApiKeyPolicy(KeyCredential(SECRET))
    assert dict(policy.headers()) == {"api-key": SECRET}
    assert policy.on_unauthorized() is False


def test_api_key_policy_openai_style_bearer() -> None:
    policy = ApiKeyPolicy(KeyCredential(SECRET), header_name="Authorization", prefix="Bearer ")
    assert dict(policy.headers()) == {"Authorization": f"Bearer {SECRET}"}


def test_api_key_policy_reflects_key_rotation() -> None:
    cred = KeyCredential("old-key")
    policy = ApiKeyPolicy(cred)
    assert policy.headers()["api-key"] == "old-key"
    cred.update("new-key")
    assert cred.key == "new-key"
    assert policy.headers()["api-key"] == "new-key"


def test_api_key_policy_accepts_azure_key_credential() -> None:
    from azure.core.credentials import AzureKeyCredential

    cred = AzureKeyCredential("azure-key-1")
    policy = ApiKeyPolicy(cred)
    assert policy.headers() == {"api-key": "azure-key-1"}
    cred.update("azure-key-2")
    assert policy.headers() == {"api-key": "azure-key-2"}
    assert is_key_credential(cred)
    assert not is_token_credential(cred)


@pytest.mark.parametrize("bad", [None, 123, b"bytes"])
def test_key_credential_rejects_non_str(bad: Any) -> None:
    with pytest.raises(TypeError):
        KeyCredential(bad)
    cred = KeyCredential("k")
    with pytest.raises(TypeError):
        cred.update(bad)
    assert cred.key == "k"


def test_key_credential_rejects_empty() -> None:
    with pytest.raises(ConfigurationError, match="empty"):
        KeyCredential("")
    with pytest.raises(ConfigurationError, match="empty"):
        KeyCredential("k").update("")


def test_key_credential_key_is_read_only() -> None:
    cred = KeyCredential("k")
    with pytest.raises(AttributeError):
        cred.key = "other"  # type: ignore[misc]


def test_api_key_policy_rejects_a_plain_string() -> None:
    with pytest.raises(ConfigurationError, match="KeyCredential") as info:
        ApiKeyPolicy(SECRET)
    assert SECRET not in str(info.value)


# --- StaticTokenPolicy and TokenProviderPolicy ----------------------------------------------


def test_static_token_policy() -> None:
    policy = StaticTokenPolicy(SECRET)
    assert bearer(policy) == f"Bearer {SECRET}"
    assert policy.on_unauthorized() is False
    with pytest.raises(ConfigurationError):
        StaticTokenPolicy("")


def test_token_provider_policy_calls_provider_per_request() -> None:
    tokens = iter(["tok-a", "tok-b"])
    policy = TokenProviderPolicy(lambda: next(tokens))
    assert bearer(policy) == "Bearer tok-a"
    assert policy.on_unauthorized() is True
    assert bearer(policy) == "Bearer tok-b"


@pytest.mark.parametrize(
    ("result", "problem"),
    [("", "an empty str"), (None, "NoneType"), (b"sk-bytes-secret", "bytes")],
)
def test_token_provider_policy_rejects_bad_result(result: Any, problem: str) -> None:
    def my_token_provider() -> Any:
        return result

    with pytest.raises(ConfigurationError) as info:
        TokenProviderPolicy(my_token_provider).headers()
    message = str(info.value)
    assert "my_token_provider" in message
    assert problem in message
    assert "non-empty str" in message
    assert "sk-bytes-secret" not in message


def test_token_provider_policy_rejects_non_callable() -> None:
    with pytest.raises(ConfigurationError, match="callable") as info:
        TokenProviderPolicy(SECRET)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)


# --- BearerTokenPolicy ----------------------------------------------------------------------


def test_bearer_token_acquired_once_for_many_requests() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    for _ in range(1000):
        assert bearer(policy) == f"Bearer {SECRET}-token-1"
        clock.now += 1  # 1000 s pass, well inside the hour
    assert len(cred.calls) == 1


def test_bearer_token_concurrent_requests_share_one_acquisition() -> None:
    clock = Clock()
    cred = FakeCredential(clock, delay=0.05)  # slow enough that every thread arrives first
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    start = threading.Barrier(16)
    seen: List[str] = []
    seen_lock = threading.Lock()

    def worker() -> None:
        start.wait()
        values = [bearer(policy) for _ in range(100)]
        with seen_lock:
            seen.extend(values)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cred.calls) == 1
    assert seen == [f"Bearer {SECRET}-token-1"] * 1600


def test_bearer_token_refreshed_when_under_300_seconds_remain() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    assert bearer(policy).endswith("token-1")
    clock.now = NOW + HOUR - 301
    assert bearer(policy).endswith("token-1")
    clock.now = NOW + HOUR - 299
    assert bearer(policy).endswith("token-2")
    assert len(cred.calls) == 2


def test_bearer_token_refreshed_at_refresh_on() -> None:
    clock = Clock()
    cred = FakeInfoCredential(clock, lifetime=24 * HOUR, refresh_after=HOUR)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    assert bearer(policy).endswith("token-1")
    clock.now = NOW + HOUR - 1
    assert bearer(policy).endswith("token-1")
    clock.now = NOW + HOUR
    assert bearer(policy).endswith("token-2")
    assert len(cred.calls) == 2


def test_bearer_token_expired_token_is_replaced() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    bearer(policy)
    clock.now = NOW + 2 * HOUR
    assert bearer(policy).endswith("token-2")


def test_bearer_token_prefers_get_token_info_and_passes_scopes() -> None:
    clock = Clock()
    info_cred = FakeInfoCredential(clock)
    BearerTokenPolicy(info_cred, [AI_FOUNDRY_SCOPE, "extra/.default"], clock=clock).headers()
    assert info_cred.calls == [("get_token_info", (AI_FOUNDRY_SCOPE, "extra/.default"))]

    plain_cred = FakeCredential(clock)
    BearerTokenPolicy(plain_cred, (AZURE_COGNITIVE_SCOPE,), clock=clock).headers()
    assert plain_cred.calls == [("get_token", (AZURE_COGNITIVE_SCOPE,))]


def test_bearer_token_works_with_azure_core_token_types() -> None:
    from azure.core.credentials import AccessToken, AccessTokenInfo

    class AzureShaped:
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            return AccessToken("azure-access-token", int(NOW + HOUR))

    class AzureInfoShaped(AzureShaped):
        def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
            return AccessTokenInfo("azure-info-token", int(NOW + HOUR), refresh_on=int(NOW + 60))

    clock = Clock()
    assert bearer(BearerTokenPolicy(AzureShaped(), [AZURE_COGNITIVE_SCOPE], clock=clock)) == (
        "Bearer azure-access-token"
    )
    assert bearer(BearerTokenPolicy(AzureInfoShaped(), [AZURE_COGNITIVE_SCOPE], clock=clock)) == (
        "Bearer azure-info-token"
    )


def test_on_unauthorized_drops_the_cached_token() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    assert bearer(policy).endswith("token-1")
    assert policy.on_unauthorized() is True
    assert bearer(policy).endswith("token-2")
    assert bearer(policy).endswith("token-2")
    assert len(cred.calls) == 2


def test_failed_refresh_keeps_a_still_valid_token(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    bearer(policy)
    clock.now = NOW + HOUR - 100  # refresh due, token still valid for 100 s
    cred.fail = True
    with caplog.at_level(logging.WARNING, logger="multiassist.http.auth"):
        assert bearer(policy).endswith("token-1")
    assert "CredentialError" in caplog.text
    assert SECRET not in caplog.text

    cred.fail = False
    clock.now += 31  # past the back-off after a failed refresh
    assert bearer(policy).endswith("token-3")


def test_failed_refresh_backs_off_instead_of_calling_on_every_request() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    bearer(policy)
    clock.now = NOW + HOUR - 100
    cred.fail = True
    for _ in range(50):
        assert bearer(policy).endswith("token-1")
    assert len(cred.calls) == 2


def test_failed_refresh_with_expired_token_raises_credential_error() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    bearer(policy)
    clock.now = NOW + HOUR  # expired
    cred.fail = True
    with pytest.raises(CredentialError, match="identity endpoint unavailable"):
        policy.headers()


def test_first_acquisition_failure_raises_credential_error() -> None:
    cred = FakeCredential(Clock())
    cred.fail = True
    with pytest.raises(CredentialError):
        BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=Clock()).headers()


def test_failed_refresh_after_401_raises() -> None:
    clock = Clock()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    bearer(policy)
    policy.on_unauthorized()
    cred.fail = True
    with pytest.raises(CredentialError):
        policy.headers()


def test_bearer_token_policy_validates_arguments() -> None:
    with pytest.raises(ConfigurationError, match="get_token"):
        BearerTokenPolicy(KeyCredential(SECRET), [AZURE_COGNITIVE_SCOPE])
    with pytest.raises(ConfigurationError, match="scopes"):
        BearerTokenPolicy(FakeCredential(Clock()), AZURE_COGNITIVE_SCOPE)
    with pytest.raises(ConfigurationError, match="scopes"):
        BearerTokenPolicy(FakeCredential(Clock()), [])


def test_credential_returning_garbage_is_a_configuration_error() -> None:
    class Broken:
        def get_token(self, *scopes: str) -> str:
            return SECRET

    with pytest.raises(ConfigurationError, match="Broken returned str") as info:
        BearerTokenPolicy(Broken(), [AZURE_COGNITIVE_SCOPE]).headers()
    assert SECRET not in str(info.value)


# --- detection helpers and DefaultAzureCredential ------------------------------------------


def test_credential_detection() -> None:
    clock = Clock()
    assert is_token_credential(FakeCredential(clock))
    assert is_token_credential(FakeInfoCredential(clock))
    assert not is_key_credential(FakeCredential(clock))
    assert is_key_credential(KeyCredential("k"))
    assert not is_token_credential(KeyCredential("k"))
    assert not is_key_credential("k")
    assert not is_token_credential(object())


def test_default_azure_credential_builds_the_azure_identity_class() -> None:
    from azure.identity import DefaultAzureCredential

    cred = default_azure_credential(exclude_interactive_browser_credential=True)
    assert isinstance(cred, DefaultAzureCredential)
    assert is_token_credential(cred)


def test_default_azure_credential_without_azure_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # makes the import fail
    with pytest.raises(ConfigurationError, match="azure-identity"):
        default_azure_credential()


def test_importing_the_module_imports_nothing_from_azure() -> None:
    code = (
        "import sys, multiassist.http.auth; "
        "loaded = [m for m in sys.modules if m == 'azure' or m.startswith('azure.')]; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- secrets never shown --------------------------------------------------------------------


def all_policies(clock: Clock) -> List[AuthPolicy]:
    return [
        ApiKeyPolicy(KeyCredential(SECRET)),
        ApiKeyPolicy(KeyCredential(SECRET), header_name="Authorization", prefix="Bearer "),
        StaticTokenPolicy(SECRET),
        TokenProviderPolicy(lambda: SECRET),
        BearerTokenPolicy(FakeInfoCredential(clock), [AZURE_COGNITIVE_SCOPE], clock=clock),
        BearerTokenPolicy(FakeCredential(clock), [AZURE_COGNITIVE_SCOPE], clock=clock),
    ]


def test_reprs_never_show_the_secret() -> None:
    cred = KeyCredential(SECRET)
    assert repr(cred) == "KeyCredential(key=<redacted>)"
    assert str(cred) == "KeyCredential(key=<redacted>)"
    assert redact(SECRET) == "<redacted>"
    clock = Clock()
    for policy in all_policies(clock):
        policy.headers()  # with a token cached, too
        for text in (repr(policy), str(policy), f"{policy!r}"):
            assert SECRET not in text
            assert SECRET[-4:] not in text


def test_debug_logging_never_shows_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    caplog.set_level(logging.DEBUG)
    for policy in all_policies(clock):
        policy.headers()
        policy.on_unauthorized()
        policy.headers()
    cred = FakeCredential(clock)
    policy = BearerTokenPolicy(cred, [AZURE_COGNITIVE_SCOPE], clock=clock)
    policy.headers()
    clock.now += HOUR - 100
    cred.fail = True
    policy.headers()  # logs the failed-refresh warning
    assert caplog.records, "expected the policies to log something"
    assert SECRET not in caplog.text
    for record in caplog.records:
        assert SECRET not in record.getMessage()
