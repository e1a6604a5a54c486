"""``multiassist doctor``: check a profile step by step and say how to fix what fails.

The checks, in order (a check whose prerequisite failed is skipped):

1. ``config`` -- the profile file parses and the profile is complete (the ProfileError text).
2. ``endpoint`` -- the base URL is https (or http on a loopback host) and answers a plain
   unauthenticated ``GET`` within a few seconds; any HTTP status counts as reachable.
3. ``credential`` -- an API key is present (it is not validated until a request); a static
   token's expiry is read from its JWT claims; an Entra ID credential is asked for one token
   (its expiry is printed, never the token).
4. ``api-version`` -- Azure: it serves Assistants v2 (a v1-wire version is a warning);
   Foundry: it is one the Agent Service serves.
5. ``auth`` -- ``GET /assistants?limit=1``: an authenticated read that changes nothing.
6. ``deployment <model>`` (Azure and Foundry, per mapped model) -- creates an assistant
   named ``multiassist doctor probe`` on the deployment and deletes it at once. Creating an
   assistant costs no tokens, and it is the cheapest call that makes the service resolve a
   deployment name (a missing one answers 404 ``DeploymentNotFound``).

Nothing secret is printed: keys and tokens only ever appear as "present".
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, TextIO, Tuple
from urllib.parse import urlsplit, urlunsplit

import requests

from multiassist.backends.azure_versions import DEFAULT_AZURE_API_VERSION, wire_for_api_version
from multiassist.backends.base import is_loopback_host
from multiassist.backends.foundry import FOUNDRY_API_VERSIONS
from multiassist.backends.openai import OPENAI_BASE_URL
from multiassist.cli.common import add_profile_options, require_config_file
from multiassist.client import AssistantsClient
from multiassist.config.profiles import ProfileError, _read_toml, find_config_file, load_profile
from multiassist.config.settings import responses_token_scope
from multiassist.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConfigurationError,
    MultiassistError,
    NotFoundError,
    PermissionDeniedError,
)
from multiassist.http.auth import AI_FOUNDRY_SCOPE, AZURE_COGNITIVE_SCOPE

__all__ = ["Check", "add_parser", "run", "run_checks"]

PASS, WARN, FAIL, SKIP = "PASS", "WARN", "FAIL", "SKIP"
PROBE_NAME = "multiassist doctor probe"
_REACH_TIMEOUT = (3.0, 5.0)  # connect, read: "reachable" is a quick question
_REQUEST_TIMEOUT = (5.0, 30.0)


class Check(NamedTuple):
    """One row of the report: ``status`` is PASS, WARN, FAIL or SKIP; ``fix`` says what to do."""

    name: str
    status: str
    detail: str
    fix: str = ""


def add_parser(commands: Any) -> None:
    """Register the ``doctor`` subcommand."""
    parser = commands.add_parser(
        "doctor", help="check a profile: config, endpoint, credential, api-version, deployments",
        description="Check a profile step by step and print a pass/fail table with the fix "
        "for each failure. Exits 0 when nothing failed, 1 otherwise. Each mapped deployment "
        f"is probed by creating and deleting an assistant named {PROBE_NAME!r}.",
    )
    add_profile_options(parser, what="to check")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the checks, print the table; 0 when none failed, else 1."""
    checks = run_checks(args.config, args.profile)
    width = max(len(check.name) for check in checks)
    for check in checks:
        out.write(f"  {check.status}  {check.name:<{width}}  {check.detail}\n")
        if check.fix and check.status in (FAIL, WARN):
            out.write(f"  {'':4}  {'':<{width}}  fix: {check.fix}\n")
    failed = sum(check.status == FAIL for check in checks)
    warned = sum(check.status == WARN for check in checks)
    if failed:
        out.write(f"{failed} check(s) failed.\n")
    else:
        out.write("all checks passed" + (f" ({warned} warning(s))" if warned else "") + ".\n")
    return 1 if failed else 0


def run_checks(
    config: Optional[str], profile: Optional[str], *, environ: Mapping[str, str] = os.environ
) -> List[Check]:
    """Every check for the profile, in order; later checks are SKIP when one they need failed."""
    checks: List[Check] = []
    try:
        require_config_file(config, environ)
        name, options = load_profile(config, profile, environ=environ)
    except ProfileError as exc:
        checks.append(Check("config", FAIL, str(exc), _config_fix(str(exc))))
        return checks + [Check(step, SKIP, "needs a usable profile") for step in
                         ("endpoint", "credential", "api-version", "auth")]
    path = Path(config) if config is not None else find_config_file(environ)
    table = _profile_table(path, name)
    provider = str(options.get("provider"))
    checks.append(Check("config", PASS, f"profile {name!r} ({provider}) in {path}"))

    url = _base_url(provider, options, environ)
    checks.append(_check_endpoint(url))
    credential_check, options = _check_credential(provider, options, table)
    checks.append(credential_check)
    version_check = _check_api_version(provider, options, environ)
    checks.append(version_check)
    if FAIL in (checks[-3].status, credential_check.status, version_check.status):
        return [*checks, Check("auth", SKIP, "needs a reachable endpoint, a credential and "
                               "a usable api-version")]
    try:
        client = AssistantsClient(**options, timeout=_REQUEST_TIMEOUT, max_retries=0)
    except ConfigurationError as exc:
        return [*checks, Check("client", FAIL, str(exc),
                               "correct the profile as the message says")]
    with client:
        auth_check = _check_auth(client, provider, table)
        checks.append(auth_check)
        deployments: Dict[str, str] = dict(options.get("deployments") or {})
        if provider in ("azure", "foundry"):
            if auth_check.status != PASS:
                checks.append(Check("deployments", SKIP, "needs a working auth check"))
            elif not deployments:
                checks.append(Check("deployments", SKIP, "none mapped: model names are sent "
                                    "as deployment names"))
            for model, deployment in deployments.items() if auth_check.status == PASS else ():
                checks.append(_check_deployment(client, name, model, deployment))
    return checks


# --- config ---------------------------------------------------------------------------


def _config_fix(message: str) -> str:
    if "no profile file" in message:
        return "write a profile file (see MIGRATION.md, 'Switching providers by configuration')"
    if "environment variable" in message and "is not set" in message:
        variable = message.rsplit("environment variable ", 1)[1].split()[0]
        return f"export {variable}=... (the secret itself stays out of the file)"
    if "literal secret" in message:
        return "move the secret to an environment variable and name it with the *_env key"
    return "correct the key named in the message, in the file named in the message"


def _profile_table(path: Optional[Path], name: str) -> Dict[str, Any]:
    """The raw profile table (only for names in hints: which variable, which auth kind)."""
    if path is None:
        return {}
    try:
        table = _read_toml(path).get("profiles", {}).get(name, {})
    except ProfileError:
        return {}
    return table if isinstance(table, dict) else {}


# --- endpoint -------------------------------------------------------------------------


def _base_url(provider: str, options: Mapping[str, Any],
              environ: Mapping[str, str]) -> Optional[str]:
    url = options.get("endpoint") or options.get("base_url")
    if url:
        return str(url)
    fallback = {"openai": "OPENAI_BASE_URL", "azure": "AZURE_OPENAI_ENDPOINT",
                "foundry": "AZURE_AI_PROJECT_ENDPOINT"}.get(provider)
    if fallback and environ.get(fallback):
        return environ[fallback]
    return OPENAI_BASE_URL if provider == "openai" else None


def _display(url: str) -> str:
    """The URL without user info (``https://user:secret@host`` shows as ``https://host``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _check_endpoint(url: Optional[str]) -> Check:
    if not url:
        return Check("endpoint", FAIL, "no endpoint configured",
                     "add endpoint = \"https://<resource>...\" to the profile")
    shown = _display(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Check("endpoint", FAIL, f"{url!r} is not an http(s) URL",
                     "write the endpoint as https://<host>/...")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        return Check("endpoint", FAIL, f"{shown} uses plain http",
                     "use https:// (plain http is accepted only for loopback hosts)")
    started = time.monotonic()
    try:
        response = requests.get(url, timeout=_REACH_TIMEOUT, allow_redirects=False)
    except requests.exceptions.SSLError:
        return Check("endpoint", FAIL, f"{shown}: the TLS handshake failed",
                     "check the host name; behind a TLS-inspecting proxy set REQUESTS_CA_BUNDLE "
                     "to its CA bundle")
    except requests.exceptions.Timeout:
        return Check("endpoint", FAIL, f"{shown}: no answer within {_REACH_TIMEOUT[1]:.0f} s",
                     "check network, proxy (HTTPS_PROXY) and firewall rules; a private "
                     "endpoint is reachable only from its network")
    except requests.exceptions.RequestException as exc:
        return Check("endpoint", FAIL, f"{shown}: cannot connect ({type(exc).__name__})",
                     "check the host name (a typo in the resource name?), network, proxy "
                     "(HTTPS_PROXY) and firewall")
    elapsed_ms = (time.monotonic() - started) * 1000
    response.close()
    return Check("endpoint", PASS,
                 f"{shown} answered HTTP {response.status_code} in {elapsed_ms:.0f} ms")


# --- credential -----------------------------------------------------------------------


class _FirstToken:
    """Hands the client the token the credential check already got, then defers to the
    credential (so an interactive or CLI credential is not asked twice)."""

    def __init__(self, credential: Any, token: Any) -> None:
        self._credential = credential
        self._token: Any = token

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        token, self._token = self._token, None
        if token is not None:
            return token
        return self._credential.get_token(*scopes, **kwargs)


def _expiry(expires_on: float) -> Tuple[str, float]:
    moment = datetime.datetime.fromtimestamp(expires_on, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), (expires_on - time.time()) / 60


def _jwt_expiry(token: str) -> Optional[float]:
    """The ``exp`` claim of a JWT (not verified; for display only), else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, (int, float)) else None


def _check_credential(
    provider: str, options: Dict[str, Any], table: Mapping[str, Any]
) -> Tuple[Check, Dict[str, Any]]:
    if options.get("api_key") is not None:
        source = table.get("api_key_env", "the environment")
        return Check("credential", PASS, f"API key from {source} present (not validated "
                     "until a request)"), options
    token = options.get("azure_ad_token")
    if token is not None:
        source = table.get("token_env", "the environment")
        exp = _jwt_expiry(str(token))
        if exp is None:
            return Check("credential", PASS, f"bearer token from {source} present (expiry "
                         "unknown: not a JWT)"), options
        when, minutes = _expiry(exp)
        if minutes <= 0:
            return Check("credential", FAIL, f"bearer token from {source} expired at {when}",
                         f"get a new token into {source}, or use auth = \"entra\" so tokens "
                         "are refreshed"), options
        return Check("credential", PASS, f"bearer token from {source} expires at {when} "
                     f"(in {minutes:.0f} min)"), options
    credential = options.get("credential")
    if credential is None:
        return Check("credential", SKIP, "no credential in the profile"), options
    if provider == "azure-responses":
        default = responses_token_scope(str(options.get("endpoint") or options.get("base_url")
                                            or ""))
    else:
        default = AI_FOUNDRY_SCOPE if provider == "foundry" else AZURE_COGNITIVE_SCOPE
    scope = str(options.get("token_scope") or default)
    kind = type(credential).__name__
    get_token_info: Optional[Callable[..., Any]] = getattr(credential, "get_token_info", None)
    try:
        result = (get_token_info(scope) if callable(get_token_info)
                  else credential.get_token(scope))
    except Exception as exc:  # azure-identity raises its own types; report, never crash
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        return Check("credential", FAIL, f"{kind} gave no token for {scope}: {first_line}",
                     "sign in with `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
                     "AZURE_CLIENT_SECRET, or name a managed identity in the profile's "
                     "[entra] table"), options
    expires_on = getattr(result, "expires_on", None)
    if not isinstance(expires_on, (int, float)):
        return Check("credential", PASS, f"{kind} issued a token for {scope}"), options
    when, minutes = _expiry(expires_on)
    detail = f"{kind} issued a token for {scope}, expires at {when} (in {minutes:.0f} min)"
    return Check("credential", PASS, detail), {**options,
                                               "credential": _FirstToken(credential, result)}


# --- api-version ----------------------------------------------------------------------


def _check_api_version(provider: str, options: Mapping[str, Any],
                       environ: Mapping[str, str]) -> Check:
    given = options.get("api_version")
    if provider == "azure":
        version = str(given or environ.get("OPENAI_API_VERSION") or DEFAULT_AZURE_API_VERSION)
        note = "" if given or environ.get("OPENAI_API_VERSION") else " (the default)"
        try:
            wire = wire_for_api_version(version)
        except ConfigurationError as exc:
            return Check("api-version", FAIL, str(exc),
                         f"api_version = \"{DEFAULT_AZURE_API_VERSION}\"")
        if wire == "v1":
            return Check("api-version", WARN, f"{version} speaks the retired Assistants v1 "
                         "wire; multiassist translates, but refuses vector stores, "
                         "file_search and other v2-only features",
                         f"api_version = \"{DEFAULT_AZURE_API_VERSION}\" (Assistants v2)")
        return Check("api-version", PASS, f"{version}{note} serves Assistants v2")
    if provider == "foundry":
        version = str(given or FOUNDRY_API_VERSIONS[0])
        if version not in FOUNDRY_API_VERSIONS:
            return Check("api-version", FAIL, f"{version!r} is not served by Foundry Agent "
                         "Service", f"api_version = \"{FOUNDRY_API_VERSIONS[0]}\" (or one of "
                         f"{', '.join(FOUNDRY_API_VERSIONS[1:])})")
        return Check("api-version", PASS, f"{version} serves the Agent Service (Assistants v2)")
    return Check("api-version", SKIP, f"{provider} takes no api-version")


# --- requests -------------------------------------------------------------------------


def _check_auth(client: AssistantsClient, provider: str, table: Mapping[str, Any]) -> Check:
    try:
        page = client.beta.assistants.list(limit=1)
    except AuthenticationError as exc:
        if "api_key_env" in table:
            fix = (f"the key in {table['api_key_env']} was refused: copy a current key of "
                   "this resource (Azure portal: Keys and Endpoint)")
        else:
            fix = ("the token was refused: check the tenant, and token_scope (Azure OpenAI "
                   f"and a resource's /openai/v1: {AZURE_COGNITIVE_SCOPE}, Foundry and a "
                   f"project's /openai/v1: {AI_FOUNDRY_SCOPE})")
        return Check("auth", FAIL, str(exc), fix)
    except PermissionDeniedError as exc:
        role = "Azure AI User" if provider == "foundry" else "Cognitive Services OpenAI User"
        return Check("auth", FAIL, str(exc), f"grant the identity the {role!r} role on the "
                     "resource, or check its network rules")
    except NotFoundError as exc:
        return Check("auth", FAIL, str(exc), "the URL has no Assistants routes: use the "
                     "resource root as endpoint (no /openai/deployments/...) and a supported "
                     "api-version")
    except APIConnectionError as exc:
        return Check("auth", FAIL, str(exc), "check network, proxy and firewall")
    except MultiassistError as exc:
        return Check("auth", FAIL, str(exc), "see the message; quote its request id to support")
    return Check("auth", PASS, f"GET /assistants?limit=1 answered ({len(page.data)} "
                 "assistant(s) on the first page)")


def _check_deployment(client: AssistantsClient, profile: str, model: str,
                      deployment: str) -> Check:
    name = f"deployment {model}"
    mapping_fix = (f"create a deployment named {deployment!r} on the resource, or map "
                   f"\"{model}\" to an existing one in [profiles.{profile}.deployments]")
    try:
        probe = client.beta.assistants.create(
            model=model, name=PROBE_NAME, metadata={"created_by": "multiassist doctor"}
        )
    except NotFoundError as exc:
        return Check(name, FAIL, f"{deployment!r} not found: {exc}", mapping_fix)
    except APIError as exc:
        return Check(name, FAIL, f"{deployment!r} refused: {exc}",
                     f"check that {deployment!r} deploys a model that supports Assistants; "
                     + mapping_fix)
    except MultiassistError as exc:
        return Check(name, FAIL, f"{deployment!r}: {exc}", "see the message")
    try:
        client.beta.assistants.delete(probe.id)
    except MultiassistError as exc:
        return Check(name, WARN, f"{deployment!r} works, but deleting the probe assistant "
                     f"failed: {exc}", f"delete assistant {probe.id} yourself")
    return Check(name, PASS, f"{deployment!r} works (probe assistant created and deleted)")
