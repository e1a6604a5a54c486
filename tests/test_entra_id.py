"""Microsoft Entra ID on the Azure flavor: token caching, refresh and the 401 retry."""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator, List, NamedTuple, Optional

import pytest

from multiassist import AssistantsClient, AzureOpenAI
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


def test_a_token_close_to_expiry_is_refreshed(azure: Emulator) -> None:
    credential = FakeCredential(azure, lifetime_s=120)  # under the 300 s refresh window
    with entra_client(azure, credential) as client:
        client.beta.assistants.list(limit=1)
        client.beta.assistants.list(limit=1)
    assert credential.calls == 2


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
