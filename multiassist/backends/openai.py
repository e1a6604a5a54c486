"""The OpenAI backend: ``https://api.openai.com/v1``, Bearer keys, the ``OpenAI-Beta`` header.

The request body is already the v2 wire, so ``prepare`` only picks URL and headers.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence

from multiassist.backends.base import FileField, PreparedCall, require_secure_url, unsupported
from multiassist.http.auth import AuthPolicy
from multiassist.operations import Operation

__all__ = ["OPENAI_BASE_URL", "OpenAIBackend"]

OPENAI_BASE_URL = "https://api.openai.com/v1"
BETA_HEADER = ("OpenAI-Beta", "assistants=v2")


class OpenAIBackend:
    """Talks to OpenAI (or any server that speaks its wire, such as the emulator).

    Args:
        auth: the policy that adds ``Authorization: Bearer <key>``.
        base_url: defaults to :data:`OPENAI_BASE_URL`; must be https unless loopback.
        organization / project: sent as ``OpenAI-Organization`` / ``OpenAI-Project``.
    """

    name: str = "openai"
    request_id_headers: Sequence[str] = ("x-request-id",)
    wire: str = "v2"

    def __init__(
        self,
        *,
        auth: AuthPolicy,
        base_url: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._auth = auth
        self.base_url = require_secure_url(base_url or OPENAI_BASE_URL, parameter="base_url")
        self._headers: Dict[str, str] = dict(default_headers or {})
        if organization:
            self._headers["OpenAI-Organization"] = organization
        if project:
            self._headers["OpenAI-Project"] = project

    @property
    def auth(self) -> AuthPolicy:
        return self._auth

    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        if operation.name == "threads.list":
            raise unsupported(
                self.name, operation,
                "only Foundry Agent Service lists threads; keep thread ids on your side",
            )
        if operation.name.startswith(("assistant_files.", "message_files.")):
            raise unsupported(
                self.name,
                operation,
                "assistant and message files belong to the v1 wire; use "
                "tool_resources.code_interpreter.file_ids and message attachments instead",
            )
        headers = dict(self._headers)
        if operation.beta:
            headers[BETA_HEADER[0]] = BETA_HEADER[1]
        if files is not None:
            return PreparedCall(
                operation.method,
                self.base_url + path,
                headers=headers,
                params=dict(query),
                data={k: str(v) for k, v in (body or {}).items()},
                files=files,
            )
        return PreparedCall(
            operation.method, self.base_url + path, headers=headers, params=dict(query), json=body
        )

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        return payload

    def describe(self) -> str:
        return f"openai at {self.base_url}"
