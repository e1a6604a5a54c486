"""Microsoft Entra ID on the Azure flavor: token caching, refresh and the 401 retry."""

from __future__ import annotations

import base64
import math
import threading
import time
from typing import Any, Dict, Iterator, List, NamedTuple, Optional

import pytest

from multiassist import AssistantsClient, AuthenticationError, AzureOpenAI
from multiassist.http.auth import claims_from_challenge
from multiassist.testing import Emulator


class AccessToken(NamedTuple):
    token: str
    expires_on: int


class FakeCredential:
    """An azure-identity-shaped TokenCredential that counts acquisitions."""

    def __init__(self, emulator: Emulator, lifetime_s: int = 3600) -> None:
        self.emulator = emulator
        self.lifetime_s = lifetime_s
        self.calls = 0
        self.scopes: List[tuple[str, ...]] = []
        self._lock = threading.Lock()

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        with self._lock:
            self.calls += 1
            token = f"token-{self.calls}"
            self.scopes.append(scopes)
        self.emulator.accept_token(token)
        return AccessToken(token, int(time.time()) + self.lifetime_s)


@pytest.fixture(scope="module")
def azure() -> Iterator[Emulator]:
    with Emulator(flavor="azure") as emu:
        yield emu


def entra_client(azure: Emulator, credential: Any, **kwargs: Any) -> AssistantsClient:
    return AssistantsClient(azure.endpoint, credential, api_version=azure.api_version, **kwargs)


def test_one_token_for_a_thousand_requests(azure: Emulator) -> None:
    credential = FakeCredential(azure)
    with entra_client(azure, credential) as client:
        for _ in range(1000):
            client.beta.assistants.list(limit=1)
    assert credential.calls == 1
    assert credential.scopes == [("https://cognitiveservices.azure.com/.default",)]
    assert azure.requests[-1].headers["authorization"] == "Bearer token-1"
    assert "api-key" not in azure.requests[-1].headers


class ExpiringCredential(FakeCredential):
    """Tokens that expire ``lifetime_s`` from now, whole seconds rounded the stated way."""

    def __init__(self, emulator: Emulator, lifetime_s: int, rounding: Any) -> None:
        super().__init__(emulator, lifetime_s)
        self.rounding = rounding

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        token = super().get_token(*scopes, **kwargs)
        return AccessToken(token.token, self.rounding(time.time()) + self.lifetime_s)


@pytest.mark.parametrize(
    ("lifetime_s", "rounding", "tokens_sent"),
    [
        # At most 299 s left when acquired: inside the 300 s window, so each use refreshes.
        (299, math.floor, ["token-1", "token-2", "token-3"]),
        # At least 301 s left: outside the window for the next second, so one token serves.
        (301, math.ceil, ["token-1", "token-1", "token-1"]),
    ],
    ids=["299s-refreshed", "301s-kept"],
)
def test_the_300_second_refresh_window(
    azure: Emulator, lifetime_s: int, rounding: Any, tokens_sent: List[str]
) -> None:
    credential = ExpiringCredential(azure, lifetime_s, rounding)
    with entra_client(azure, credential) as client:
        before = len(azure.requests)
        for _ in range(3):
            client.beta.assistants.list(limit=1)
    sent = [r.headers["authorization"] for r in azure.requests[before:]]
    assert sent == [f"Bearer {token}" for token in tokens_sent]
    assert credential.calls == len(set(tokens_sent))


def test_a_401_drops_the_token_and_retries_once(azure: Emulator) -> None:
    credential = FakeCredential(azure)
    with entra_client(azure, credential) as client:
        client.beta.assistants.list(limit=1)
        azure.revoke_token("token-1")
        before = len(azure.requests)
        client.beta.assistants.list(limit=1)
    assert credential.calls == 2
    sent = azure.requests[before:]
    assert [r.headers["authorization"] for r in sent] == ["Bearer token-1", "Bearer token-2"]


def test_a_second_401_is_raised_not_looped(azure: Emulator) -> None:
    from multiassist import AuthenticationError

    class Refused(FakeCredential):
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            with self._lock:
                self.calls += 1
            return AccessToken("never-valid", int(time.time()) + 3600)

    credential = Refused(azure)
    with entra_client(azure, credential) as client, pytest.raises(AuthenticationError):
        client.beta.assistants.list()
    assert credential.calls == 2


def test_token_provider_and_static_token(azure: Emulator) -> None:
    azure.accept_token("static-token")
    calls: List[Optional[str]] = []

    def provider() -> str:
        calls.append("x")
        return "static-token"

    made = AzureOpenAI(azure_endpoint=azure.endpoint, api_version=azure.api_version,
                       azure_ad_token_provider=provider)
    assert made.beta.assistants.list(limit=1).data is not None
    assert calls == ["x"]
    static = AzureOpenAI(azure_endpoint=azure.endpoint, api_version=azure.api_version,
                         azure_ad_token="static-token")
    static.beta.threads.create()
    assert azure.requests[-1].headers["authorization"] == "Bearer static-token"


def test_custom_token_scope(azure: Emulator) -> None:
    credential = FakeCredential(azure)
    with entra_client(azure, credential, token_scope="https://ai.azure.com/.default") as client:
        client.beta.assistants.list(limit=1)
    assert credential.scopes == [("https://ai.azure.com/.default",)]


# --- tenant_id and claims challenges --------------------------------------------------------

#: The claims Microsoft's claims-challenge page shows: a token issued after a revocation.
CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
CHALLENGE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/'
    'authorize", error="insufficient_claims", claims="'
    + base64.b64encode(CLAIMS.encode()).decode() + '"'
)


class RecordingCredential:
    """A TokenCredential that records each request's keyword options (tenant_id, claims)."""

    def __init__(self, emulator: Emulator, *, info: bool = False) -> None:
        self.emulator = emulator
        self.options: List[Dict[str, Any]] = []
        if info:
            self.get_token_info = self._get_token_info

    def _issue(self, options: Dict[str, Any]) -> AccessToken:
        self.options.append(dict(options))
        token = f"claims-token-{len(self.options)}"
        self.emulator.accept_token(token)
        return AccessToken(token, int(time.time()) + 3600)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self._issue(kwargs)

    def _get_token_info(self, *scopes: str, options: Optional[Dict[str, Any]] = None
                        ) -> AccessToken:
        return self._issue(options or {})


def test_tenant_id_goes_to_get_token(azure: Emulator) -> None:
    credential = RecordingCredential(azure)
    with entra_client(azure, credential, tenant_id="contoso.onmicrosoft.com") as client:
        client.beta.assistants.list(limit=1)
    assert credential.options == [{"tenant_id": "contoso.onmicrosoft.com"}]


@pytest.mark.parametrize("info", [False, True], ids=["get_token", "get_token_info"])
def test_a_claims_challenge_gets_a_token_with_those_claims_and_retries_once(
    azure: Emulator, info: bool
) -> None:
    credential = RecordingCredential(azure, info=info)
    with entra_client(azure, credential, tenant_id="contoso") as client:
        made = client.beta.assistants.create(model="gpt-4o")
        azure.inject("status", route="GET /assistants", code=401,
                     headers={"WWW-Authenticate": CHALLENGE})
        sent = len(azure.requests)
        page = client.beta.assistants.list(limit=1, order="desc")
    assert [a.id for a in page.data] == [made.id]
    assert credential.options == [{"tenant_id": "contoso"},
                                  {"tenant_id": "contoso", "claims": CLAIMS}]
    resent = azure.requests[sent:]
    assert [r.headers["authorization"] for r in resent] == [
        "Bearer claims-token-1", "Bearer claims-token-2"]


def test_a_second_challenge_is_not_retried_again(azure: Emulator) -> None:
    credential = RecordingCredential(azure)
    with entra_client(azure, credential) as client:
        azure.inject("status", route="GET /assistants", code=401, times=2,
                     headers={"WWW-Authenticate": CHALLENGE})
        sent = len(azure.requests)
        with pytest.raises(AuthenticationError):
            client.beta.assistants.list(limit=1)
    assert len(azure.requests) - sent == 2
    assert credential.options == [{}, {"claims": CLAIMS}]


def test_claims_are_read_only_from_a_bearer_challenge() -> None:
    encoded = base64.urlsafe_b64encode(CLAIMS.encode()).decode().rstrip("=")
    assert claims_from_challenge(CHALLENGE) == CLAIMS
    assert claims_from_challenge(f"Basic realm=\"x\", Bearer claims={encoded}") == CLAIMS
    assert claims_from_challenge(f'PoP nonce="n", claims="{encoded}"') is None
    assert claims_from_challenge('Bearer error="invalid_token"') is None
    assert claims_from_challenge(None) is None
