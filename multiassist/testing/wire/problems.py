"""Error model of the emulator: the ApiError exception and the error bodies of both wires.

The OpenAI wire (and Azure's and Foundry's pass-through of it) answers
``{"error": {"message", "type", "param", "code"}}``. Azure's gateway (auth,
api-version, deployments, unknown routes) answers ``{"error": {"code", "message"}}``, and so
does Foundry's.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence


class ApiError(Exception):
    """An HTTP error answer; raise it anywhere inside a handler."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: Optional[str] = None,
        code: Optional[str] = None,
        gateway: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.gateway = gateway

    def body(self) -> Dict[str, Any]:
        """The JSON error document sent on the wire."""
        if self.gateway:
            return {"error": {"code": self.code, "message": self.message}}
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def bad_request(
    message: str, *, param: Optional[str] = None, code: Optional[str] = None
) -> ApiError:
    """A 400 ``invalid_request_error``."""
    return ApiError(400, message, param=param, code=code)


def not_found(kind: str, object_id: str) -> ApiError:
    """404 for an unknown id, worded like the real API ("No thread found with id 'x'.")."""
    return ApiError(404, f"No {kind} found with id '{object_id}'.")


def file_not_found(file_id: str) -> ApiError:
    """404 for an unknown file id, worded like the real Files API."""
    return ApiError(404, f"No such File object: {file_id}", param="id")


def quote_list(values: Sequence[str]) -> str:
    """``'a', 'b', and 'c'`` as the real API lists supported values."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"


def invalid_value(value: Any, supported: Sequence[str], param: str) -> ApiError:
    """400 ``invalid_value`` for a value outside an enum."""
    return bad_request(
        f"Invalid value: '{value}'. Supported values are: {quote_list(supported)}.",
        param=param,
        code="invalid_value",
    )


# ---------------------------------------------------------------- OpenAI gateway


def openai_invalid_url(method: str, raw_path: str) -> ApiError:
    """The OpenAI answer for a route that does not exist."""
    return ApiError(404, f"Invalid URL ({method} {raw_path})")


def openai_missing_key() -> ApiError:
    """401 without an ``Authorization: Bearer`` header."""
    return ApiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization "
        "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    )


def openai_wrong_key(presented: str) -> ApiError:
    """401 for a key the emulator does not accept (masked like the real API)."""
    masked = presented[:3] + "*" * 4 + presented[-4:] if len(presented) > 8 else "*" * 4
    return ApiError(
        401,
        f"Incorrect API key provided: {masked}. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        code="invalid_api_key",
    )


def openai_missing_beta(presented: Optional[str]) -> ApiError:
    """400 when the ``OpenAI-Beta: assistants=v2`` header is absent or names another version."""
    if presented and "assistants=v1" in presented.replace(" ", ""):
        message = (
            "The v1 Assistants API has been deprecated. Please try again by setting the header "
            "'OpenAI-Beta: assistants=v2'."
        )
    else:
        message = (
            "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try "
            "again by setting the header 'OpenAI-Beta: assistants=v2'."
        )
    return ApiError(400, message, code="invalid_beta")


def invalid_json() -> ApiError:
    """400 for a body that is not JSON (OpenAI's wording)."""
    return ApiError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
        "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
        "sent was not valid JSON.)",
    )


# ---------------------------------------------------------------- Azure gateway


def azure_resource_not_found() -> ApiError:
    """Azure's 404 for unknown routes and for ``/deployments/`` paths on assistants."""
    return ApiError(404, "Resource not found", code="404", gateway=True)


def azure_access_denied() -> ApiError:
    """Azure's 401 for a missing or wrong ``api-key`` / bearer token."""
    return ApiError(
        401,
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to "
        "provide a valid key for an active subscription and use a correct regional API endpoint "
        "for your resource.",
        code="401",
        gateway=True,
    )


def azure_missing_api_version() -> ApiError:
    """400 when the ``api-version`` query parameter is absent."""
    return ApiError(400, "Missing API version parameter.", code="BadRequest", gateway=True)


def azure_unsupported_api_version() -> ApiError:
    """400 for an ``api-version`` the service does not serve (Azure's wording)."""
    return ApiError(400, "API version not supported", code="BadRequest", gateway=True)


def azure_deployment_not_found() -> ApiError:
    """404 for a ``model`` that is not one of the resource's deployment names."""
    return ApiError(
        404,
        "The API deployment for this resource does not exist. If you created the deployment "
        "within the last 5 minutes, please wait a moment and try again.",
        code="DeploymentNotFound",
        gateway=True,
    )


# ---------------------------------------------------------------- Foundry gateway


def foundry_unauthorized() -> ApiError:
    """Foundry's 401 for anything but a valid ``Authorization: Bearer`` Entra ID token."""
    return ApiError(
        401,
        "Unauthorized. Access token is missing, invalid, audience is incorrect "
        "(https://ai.azure.com), or have expired.",
        code="401",
        gateway=True,
    )


def azure_expired_token() -> ApiError:
    """Azure OpenAI's 401 for a bearer token that is expired (or otherwise not valid)."""
    return ApiError(
        401,
        "Unauthorized. Access token is missing, invalid, audience is incorrect "
        "(https://cognitiveservices.azure.com), or have expired.",
        code="401",
        gateway=True,
    )
