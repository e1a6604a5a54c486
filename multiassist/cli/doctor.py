"""``multiassist doctor``: check a profile step by step and say how to fix what fails.

The checks, in order (a check whose prerequisite failed is skipped):

1. ``config`` -- the profile file parses and the profile is complete (the ProfileError text).
2. ``endpoint`` -- the base URL (from the profile, its environment variable, or OpenAI's
   default for ``openai`` and ``openai-responses``) is https (or http on a loopback host) and
   answers a plain unauthenticated ``GET`` within a few seconds; any HTTP status counts.
3. ``store`` (Responses bridges) -- the bridge's record file takes a write, and only its owner
   may read it (mode ``0600`` on POSIX; ``chmod 600`` is the fix).
4. ``credential`` -- an API key is present (it is validated by ``auth``); a static token's
   expiry is read from its JWT claims; an Entra ID credential is asked for one token with
   the scope and tenant the client uses (its expiry is printed, never the token).
5. ``api-version`` -- Azure: it serves Assistants v2 (a v1-wire version is a warning);
   Foundry: it is one the Agent Service serves.
6. ``auth`` -- an authenticated read that changes nothing and really reaches the service:
   ``GET /assistants?limit=1`` on the Assistants providers, where a 404 or 410 means the
   provider switched the Assistants API off (the fix names the profile change);
   ``GET /files`` on the bridges (their assistants live in the local store, so listing them
   would prove nothing).
7. ``conversations`` (bridges) -- creates a conversation and deletes it: whether the service
   has the Conversations API, or threads will be kept in the store instead.
8. ``deployment <model>`` (Azure and Foundry, per mapped model) -- creates an assistant
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
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, TextIO, Tuple
from urllib.parse import urlsplit, urlunsplit

import requests

from multiassist.backends.azure_versions import DEFAULT_AZURE_API_VERSION, wire_for_api_version
from multiassist.backends.base import is_loopback_host
from multiassist.backends.foundry import FOUNDRY_API_VERSIONS
from multiassist.backends.openai import OPENAI_BASE_URL
from multiassist.cli.common import add_profile_options, require_config_file
from multiassist.client import AssistantsClient
from multiassist.config.profiles import ProfileError, _read_toml, find_config_file, load_profile
from multiassist.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConfigurationError,
    MultiassistError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from multiassist.http.auth import AI_FOUNDRY_SCOPE, AZURE_COGNITIVE_SCOPE, BearerTokenPolicy

__all__ = ["Check", "add_parser", "run", "run_checks"]

PASS, WARN, FAIL, SKIP = "PASS", "WARN", "FAIL", "SKIP"
PROBE_NAME = "multiassist doctor probe"
_REACH_TIMEOUT = (3.0, 5.0)  # connect, read: "reachable" is a quick question
_REQUEST_TIMEOUT = (5.0, 30.0)
#: The providers that run Assistants-style code on the Responses + Conversations APIs.
BRIDGES = ("openai-responses", "azure-responses")
#: Where each provider reads its endpoint from when the profile names none.
_ENDPOINT_VARIABLES = {
    "openai": "OPENAI_BASE_URL", "openai-responses": "OPENAI_BASE_URL",
    "azure": "AZURE_OPENAI_ENDPOINT", "azure-responses": "AZURE_OPENAI_ENDPOINT",
    "foundry": "AZURE_AI_PROJECT_ENDPOINT",
}
#: The date OpenAI and Azure OpenAI switched the Assistants API off.
ASSISTANTS_SUNSET = "2026-08-26"


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
    bridge = provider in BRIDGES
    checks.append(Check("config", PASS, f"profile {name!r} ({provider}) in {path}"))

    url, source = _base_url(provider, options, environ)
    endpoint_check = _check_endpoint(url, source, provider)
    checks.append(endpoint_check)
    version_check = _check_api_version(provider, options, environ)
    client, client_error = _make_client(options)
    if bridge:
        checks.append(_check_store(client, client_error))
        if client_error is not None and isinstance(client_error, StoreError):
            client_error = None  # reported by the store check
    elif client_error is not None and version_check.status != FAIL:
        checks.append(Check("client", FAIL, str(client_error),
                            "correct the profile as the message says"))
    credential_check = _check_credential(client, options, table)
    checks.append(credential_check)
    checks.append(version_check)
    if client is None or FAIL in (endpoint_check.status, credential_check.status,
                                  version_check.status):
        return [*checks, Check("auth", SKIP, "needs a reachable endpoint, a credential and "
                               "a usable configuration")]
    with client:
        auth_check = (_check_service(client, provider, table) if bridge
                      else _check_auth(client, provider, name, table))
        checks.append(auth_check)
        if bridge:
            checks.append(_check_conversations(client, name, auth_check))
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


def _make_client(options: Mapping[str, Any]) -> Tuple[Optional[AssistantsClient],
                                                       Optional[MultiassistError]]:
    try:
        return AssistantsClient(**options, timeout=_REQUEST_TIMEOUT, max_retries=0), None
    except MultiassistError as exc:  # ConfigurationError, or StoreError for a bridge's file
        return None, exc


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
              environ: Mapping[str, str]) -> Tuple[Optional[str], str]:
    """The URL the client will use and where it came from (for the report)."""
    url = options.get("endpoint") or options.get("base_url")
    if url:
        return str(url), "from the profile"
    variable = _ENDPOINT_VARIABLES.get(provider)
    if variable and environ.get(variable):
        return environ[variable], f"from {variable}"
    if provider in ("openai", "openai-responses"):
        return OPENAI_BASE_URL, "OpenAI's default"
    return None, ""


def _display(url: str) -> str:
    """The URL without user info (``https://user:secret@host`` shows as ``https://host``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _check_endpoint(url: Optional[str], source: str, provider: str) -> Check:
    if not url:
        variable = _ENDPOINT_VARIABLES.get(provider)
        example = ("https://<ai>.services.ai.azure.com/api/projects/<project>"
                   if provider == "foundry" else "https://<resource>.openai.azure.com")
        return Check("endpoint", FAIL, "no endpoint configured",
                     f"add endpoint = \"{example}\" to the profile"
                     + (f", or set {variable}" if variable else ""))
    shown = f"{_display(url)} ({source})"
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
    return Check("endpoint", PASS, f"{shown} answered HTTP "
                 f"{response.status_code} in {elapsed_ms:.0f} ms")


# --- credential -----------------------------------------------------------------------


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
    client: Optional[AssistantsClient], options: Mapping[str, Any], table: Mapping[str, Any]
) -> Check:
    if options.get("api_key") is not None:
        source = table.get("api_key_env", "the environment")
        return Check("credential", PASS, f"API key from {source} present (checked by the "
                     "auth step)")
    token = options.get("azure_ad_token")
    if token is not None:
        source = table.get("token_env", "the environment")
        exp = _jwt_expiry(str(token))
        if exp is None:
            return Check("credential", PASS, f"bearer token from {source} present (expiry "
                         "unknown: not a JWT)")
        when, minutes = _expiry(exp)
        if minutes <= 0:
            return Check("credential", FAIL, f"bearer token from {source} expired at {when}",
                         f"get a new token into {source}, or use auth = \"entra\" so tokens "
                         "are refreshed")
        return Check("credential", PASS, f"bearer token from {source} expires at {when} "
                     f"(in {minutes:.0f} min)")
    if options.get("credential") is None:
        return Check("credential", SKIP, "no credential in the profile")
    policy = client.backend.auth if client is not None else None
    if not isinstance(policy, BearerTokenPolicy):
        return Check("credential", SKIP, "needs a client built from the profile")
    kind = type(options["credential"]).__name__
    scope = ", ".join(policy.scopes)
    tenant = f" in tenant {policy.tenant_id}" if policy.tenant_id else ""
    try:
        policy.headers()  # the token the client then uses: the credential is asked once
    except Exception as exc:  # azure-identity raises its own types; report, never crash
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        return Check("credential", FAIL, f"{kind} gave no token for {scope}{tenant}: "
                     f"{first_line}",
                     "sign in with `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
                     "AZURE_CLIENT_SECRET, or name a managed identity in the profile's "
                     "[entra] table")
    expires_on = policy.expires_on
    if expires_on is None:
        return Check("credential", PASS, f"{kind} issued a token for {scope}{tenant}")
    when, minutes = _expiry(expires_on)
    return Check("credential", PASS, f"{kind} issued a token for {scope}{tenant}, expires at "
                 f"{when} (in {minutes:.0f} min)")


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


def _check_auth(client: AssistantsClient, provider: str, profile: str,
                table: Mapping[str, Any]) -> Check:
    try:
        page = client.beta.assistants.list(limit=1)
    except MultiassistError as exc:
        if isinstance(exc, APIError) and exc.status_code in (404, 410):
            return _assistants_switched_off(provider, profile, exc)
        return _auth_failure(exc, provider, table)
    return Check("auth", PASS, f"GET /assistants?limit=1 answered ({len(page.data)} "
                 "assistant(s) on the first page)")


def _auth_failure(exc: MultiassistError, provider: str, table: Mapping[str, Any]) -> Check:
    """The failed ``auth`` check for an error of the authenticated read, with its fix."""
    if isinstance(exc, AuthenticationError):
        fix = _refused_fix(table)
    elif isinstance(exc, PermissionDeniedError):
        fix = _role_fix(provider)
    elif isinstance(exc, APIConnectionError):
        fix = "check network, proxy and firewall"
    else:
        fix = "see the message; quote its request id to support"
    return Check("auth", FAIL, str(exc), fix)


def _refused_fix(table: Mapping[str, Any]) -> str:
    if "api_key_env" in table:
        return (f"the key in {table['api_key_env']} was refused: copy a current key of this "
                "resource (OpenAI: API keys page; Azure portal: Keys and Endpoint)")
    return ("the token was refused: check the tenant, and token_scope (Azure OpenAI and a "
            f"resource's /openai/v1: {AZURE_COGNITIVE_SCOPE}, Foundry and a project's "
            f"/openai/v1: {AI_FOUNDRY_SCOPE})")


def _role_fix(provider: str) -> str:
    role = "Azure AI User" if provider == "foundry" else "Cognitive Services OpenAI User"
    return (f"grant the identity the {role!r} role on the resource, or check its network "
            "rules")


def _assistants_switched_off(provider: str, profile: str, exc: APIError) -> Check:
    """A 404 or 410 on an Assistants path: the provider no longer serves that API."""
    answer = f"GET /assistants answered HTTP {exc.status_code}"
    if provider == "foundry":
        detail = (f"{answer}: this project serves no Assistants API (OpenAI and Azure OpenAI "
                  f"switched theirs off on {ASSISTANTS_SUNSET}; Foundry Agent Service classic "
                  "runs until 2027-03-31, so also check that endpoint is the project endpoint)")
        fix = (f"in [profiles.{profile}] set provider = \"azure-responses\" and keep the "
               "project endpoint and auth: the same code then runs on the Responses API")
    elif provider == "azure":
        detail = (f"{answer}: Azure OpenAI switched the Assistants API off on "
                  f"{ASSISTANTS_SUNSET}")
        fix = (f"in [profiles.{profile}] set provider = \"azure-responses\" and remove "
               "api_version (keep endpoint and auth): the same code then runs on the resource's "
               "Responses API (/openai/v1)")
    else:
        detail = f"{answer}: OpenAI switched the Assistants API off on {ASSISTANTS_SUNSET}"
        fix = (f"in [profiles.{profile}] set provider = \"openai-responses\" (keep the key): "
               "the same code then runs on the Responses API")
    return Check("auth", FAIL, f"{detail} [{exc}]", fix + "; see MIGRATION.md")


# --- the Responses bridges ------------------------------------------------------------


def _check_service(client: AssistantsClient, provider: str,
                   table: Mapping[str, Any]) -> Check:
    """An authenticated read on the service itself (the bridge keeps assistants locally)."""
    try:
        page = client.files.list()
    except MultiassistError as exc:
        if isinstance(exc, NotFoundError):
            return Check("auth", FAIL, str(exc), "the URL serves no v1 API: use the resource "
                         "root (https://<resource>.openai.azure.com) or the project endpoint, "
                         "without /openai/deployments/...")
        return _auth_failure(exc, provider, table)
    return Check("auth", PASS, f"GET /files answered ({len(page.data)} file(s) on the first "
                 "page): the service accepts the credential")


def _check_conversations(client: AssistantsClient, profile: str, auth: Check) -> Check:
    from multiassist.bridge.backend import ResponsesBridge

    bridge = client.backend
    if not isinstance(bridge, ResponsesBridge):
        return Check("conversations", SKIP, "not a Responses bridge")
    if bridge.conversations is False:
        return Check("conversations", SKIP, "turned off in the profile (conversations = false): "
                     "threads are kept in the store")
    if auth.status != PASS:
        return Check("conversations", SKIP, "needs a working auth check")
    required = bridge.conversations is True
    try:
        probe = client.beta.threads.create(metadata={"created_by": "multiassist doctor"})
    except NotFoundError as exc:  # conversations = true: the bridge does not fall back
        return Check("conversations", FAIL, f"POST /conversations: {exc}",
                     f"set conversations = false in [profiles.{profile}] (threads are then "
                     "kept in the store), or use an endpoint with the Conversations API")
    except MultiassistError as exc:
        return Check("conversations", FAIL, f"POST /conversations: {exc}",
                     "see the message; quote its request id to support")
    try:
        client.beta.threads.delete(probe.id)
    except MultiassistError as exc:
        return Check("conversations", WARN, f"available, but deleting the probe failed: {exc}",
                     f"delete conversation {probe.id} yourself")
    if bridge.conversations:
        return Check("conversations", PASS, "available (a probe conversation was created and "
                     "deleted)" + ("" if required else ": threads become conversations"))
    return Check("conversations", WARN, "the service has no Conversations API (404): threads "
                 "and their messages are kept in the store and sent as input",
                 "nothing to do; set conversations = false to skip the probe request, or use "
                 "an endpoint with the Conversations API to keep threads on the service")


def _check_store(client: Optional[AssistantsClient],
                 error: Optional[MultiassistError]) -> Check:
    from multiassist.bridge.backend import ResponsesBridge
    from multiassist.bridge.store import MEMORY

    if client is None:
        if error is not None and isinstance(error, StoreError):
            return Check("store", FAIL, str(error), "choose a writable place with store = "
                         "\"~/path/bridge.sqlite3\" in the profile, or fix the file's owner "
                         "and permissions")
        return Check("store", SKIP, "needs a client built from the profile")
    bridge = client.backend
    if not isinstance(bridge, ResponsesBridge):
        return Check("store", SKIP, "not a Responses bridge")
    store = bridge.store
    if store.path == MEMORY:
        return Check("store", WARN, "in memory: assistants, threads and runs are lost when the "
                     "process exits", "store = \"~/path/bridge.sqlite3\" in the profile")
    probe_id = f"doctor_{os.getpid()}_{time.monotonic_ns()}"
    try:
        store.put("doctor_probe", {"id": probe_id, "created_at": int(time.time())})
        store.delete("doctor_probe", probe_id)
    except StoreError as exc:
        return Check("store", FAIL, str(exc), "choose a writable place with store = \"...\" in "
                     "the profile, or fix the file's owner and permissions")
    if os.name != "posix":
        return Check("store", PASS, f"{store.path}: writable")
    files = [f for f in (store.path, store.path + "-wal", store.path + "-shm")
             if os.path.exists(f)]
    loose = [(f, os.stat(f).st_mode & 0o777) for f in files
             if os.stat(f).st_mode & 0o077]
    if loose:
        shown = ", ".join(f"{f} (mode {mode:04o})" for f, mode in loose)
        return Check("store", FAIL, f"readable by others than its owner: {shown}; it holds "
                     "your assistants' instructions and threads' messages",
                     "chmod 600 " + " ".join(f for f, _ in loose))
    mode = os.stat(store.path).st_mode & 0o777
    return Check("store", PASS, f"{store.path}: writable, owner-only (mode {mode:04o})")


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
