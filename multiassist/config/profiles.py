"""Switching providers by configuration: TOML profiles and openai-python's environment variables.

A profile file (``multiassist.toml`` in the working directory, else
``$XDG_CONFIG_HOME/multiassist/config.toml`` / ``~/.config/multiassist/config.toml``, or
``%APPDATA%\\multiassist\\config.toml`` on Windows)::

    default_profile = "azure-prod"

    [profiles.openai]
    provider = "openai"
    api_key_env = "OPENAI_API_KEY"          # secrets only by reference

    [profiles.azure-prod]
    provider = "azure"
    endpoint = "https://my-resource.openai.azure.com"
    api_version = "2025-04-01-preview"
    auth = "entra"                          # "api-key" | "entra" | "bearer"
    timeout = 30                            # or { connect = 5, read = 60 }
    max_retries = 3
    [profiles.azure-prod.deployments]
    "gpt-4o" = "gpt4o-prod"
    [profiles.azure-prod.entra]             # optional: default is DefaultAzureCredential
    managed_identity_client_id = "..."      # or tenant_id + client_id + client_secret_env

A literal secret in the file (``api_key = "..."``, ``token = "..."``, ``client_secret = ...``)
is refused: name the environment variable that holds it (``api_key_env``, ``token_env``,
``client_secret_env``). Every error names the file, the profile and the key at fault.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlsplit

from multiassist.errors import ConfigurationError, ProfileError

__all__ = ["ProfileError", "client_options_from_env", "find_config_file", "load_profile"]

_SECRET_KEYS = ("api_key", "token", "client_secret", "azure_ad_token", "password", "key")
_TOP_KEYS = {
    "provider", "endpoint", "base_url", "api_version", "auth", "api_key_env", "token_env",
    "token_scope", "deployments", "timeout", "max_retries", "organization", "project",
    "entra", "store", "conversations",
}
_ENTRA_KEYS = {"tenant_id", "client_id", "client_secret_env", "managed_identity_client_id"}
_AUTH_KINDS = ("api-key", "entra", "bearer")



def _user_config_dir(environ: Mapping[str, str]) -> Path:
    if sys.platform == "win32" and environ.get("APPDATA"):
        return Path(environ["APPDATA"]) / "multiassist"
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "multiassist"


def find_config_file(environ: Mapping[str, str] = os.environ) -> Optional[Path]:
    """The profile file that applies: ``./multiassist.toml``, else the user config file."""
    for candidate in (Path.cwd() / "multiassist.toml",
                      _user_config_dir(environ) / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def _read_toml(path: Path) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None


def load_profile(
    path: Union[str, os.PathLike[str], None] = None,
    profile: Optional[str] = None,
    *,
    environ: Mapping[str, str] = os.environ,
) -> Tuple[str, Dict[str, Any]]:
    """Read a profile and return ``(profile name, AssistantsClient keyword arguments)``.

    The profile is ``profile``, else ``MULTIASSIST_PROFILE``, else the file's
    ``default_profile``, else the only profile in the file.
    """
    file = Path(path) if path is not None else find_config_file(environ)
    if file is None:
        raise ProfileError(
            "no profile file: create ./multiassist.toml or "
            f"{_user_config_dir(environ) / 'config.toml'}, or pass path="
        )
    data = _read_toml(file)
    profiles = data.get("profiles")
    if not isinstance(profiles, dict) or not profiles:
        raise ProfileError(f"{file}: no [profiles.<name>] table")
    name = profile or environ.get("MULTIASSIST_PROFILE") or data.get("default_profile")
    if name is None:
        if len(profiles) != 1:
            raise ProfileError(
                f"{file}: several profiles ({', '.join(sorted(profiles))}); choose one with "
                "profile=, MULTIASSIST_PROFILE or default_profile"
            )
        name = next(iter(profiles))
    if name not in profiles:
        raise ProfileError(
            f"{file}: no profile {name!r}; the file has: {', '.join(sorted(profiles))}"
        )
    table = profiles[name]
    if not isinstance(table, dict):
        raise ProfileError(f"{file}: profile {name!r} must be a table")
    return name, _ProfileReader(file, name, table, environ).client_options()


class _ProfileReader:
    """Turns one profile table into client keyword arguments, naming the key at fault."""

    def __init__(self, file: Path, name: str, table: Dict[str, Any],
                 environ: Mapping[str, str]) -> None:
        self.file, self.name, self.table, self.environ = file, name, table, environ

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.file}: profile {self.name!r}, key {key!r}: {problem}")

    def string(self, key: str, table: Optional[Dict[str, Any]] = None) -> Optional[str]:
        value = (self.table if table is None else table).get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise self.fail(key, "must be a non-empty string")
        return value

    def secret(self, key: str, table: Optional[Dict[str, Any]] = None) -> str:
        variable = self.string(key, table)
        if variable is None:
            raise self.fail(key, "is required: name the environment variable holding it")
        value = self.environ.get(variable)
        if not value:
            raise self.fail(key, f"environment variable {variable} is not set")
        return value

    def client_options(self) -> Dict[str, Any]:
        for key in self.table:
            if key in _SECRET_KEYS:
                raise self.fail(
                    key, "holds a literal secret; keep secrets out of files and write "
                    f"{key}_env = \"<ENVIRONMENT VARIABLE>\" instead",
                )
            if key not in _TOP_KEYS:
                raise self.fail(key, f"unknown key; known keys: {', '.join(sorted(_TOP_KEYS))}")
        provider = self.string("provider")
        if provider is None:
            raise self.fail("provider", "is required (openai, azure, foundry, ...)")
        options: Dict[str, Any] = {"provider": provider}
        for key in ("endpoint", "base_url", "api_version", "organization", "project",
                    "token_scope"):
            value = self.string(key)
            if value is not None:
                options[key] = value
        store = self.string("store")
        if store is not None:
            if "://" not in store:
                store = os.path.expanduser(store)
            elif urlsplit(store).password:
                raise self.fail("store", "holds a literal password; keep it out of files: "
                                "set PGPASSWORD or use ~/.pgpass (libpq reads both)")
            options["store"] = store
        conversations = self.table.get("conversations")
        if conversations is not None:
            if not isinstance(conversations, bool):
                raise self.fail("conversations", "must be true or false")
            options["conversations"] = conversations
        options.update(self._deployments())
        options.update(self._limits())
        options.update(self._auth(provider))
        return options

    def _deployments(self) -> Dict[str, Any]:
        table = self.table.get("deployments")
        if table is None:
            return {}
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and v for v in table.values()
        ):
            raise self.fail("deployments", "must be a table of model name = \"deployment\"")
        return {"deployments": dict(table)}

    def _limits(self) -> Dict[str, Any]:
        options: Dict[str, Any] = {}
        timeout = self.table.get("timeout")
        if isinstance(timeout, dict):
            extra = set(timeout) - {"connect", "read"}
            if extra:
                raise self.fail("timeout", f"unknown keys {sorted(extra)}; use connect / read")
            options["timeout"] = (timeout.get("connect", 10.0), timeout.get("read", 600.0))
        elif isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
            options["timeout"] = float(timeout)
        elif timeout is not None:
            raise self.fail("timeout", "must be positive seconds or {connect, read}")
        retries = self.table.get("max_retries")
        if retries is not None:
            if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
                raise self.fail("max_retries", "must be an integer >= 0")
            options["max_retries"] = retries
        return options

    def _auth(self, provider: str) -> Dict[str, Any]:
        default = "entra" if provider == "foundry" else "api-key"
        kind = self.string("auth") or default
        if kind not in _AUTH_KINDS:
            raise self.fail("auth", f"must be one of {', '.join(_AUTH_KINDS)}, got {kind!r}")
        if kind == "api-key":
            return {"api_key": self.secret("api_key_env")}
        if kind == "bearer":
            return {"azure_ad_token": self.secret("token_env")}
        options: Dict[str, Any] = {"credential": self._entra_credential()}
        entra = self.table.get("entra") or {}
        tenant = self.string("tenant_id", entra)
        if tenant:
            options["tenant_id"] = tenant  # passed to get_token: a token from that tenant
        return options

    def _entra_credential(self) -> Any:
        entra = self.table.get("entra") or {}
        if not isinstance(entra, dict):
            raise self.fail("entra", "must be a table")
        for key in entra:
            if key == "client_secret":
                raise self.fail("entra.client_secret", "holds a literal secret; write "
                                "client_secret_env = \"<ENVIRONMENT VARIABLE>\" instead")
            if key not in _ENTRA_KEYS:
                raise self.fail(f"entra.{key}", f"unknown key; known: {sorted(_ENTRA_KEYS)}")
        try:
            import azure.identity as identity
        except ImportError:
            raise self.fail("auth", "entra needs the azure-identity package") from None
        managed = self.string("managed_identity_client_id", entra)
        if managed:
            return identity.ManagedIdentityCredential(client_id=managed)
        if "client_secret_env" in entra:
            tenant, client = self.string("tenant_id", entra), self.string("client_id", entra)
            if not tenant or not client:
                raise self.fail("entra", "client_secret_env needs tenant_id and client_id")
            return identity.ClientSecretCredential(
                tenant, client, self.secret("client_secret_env", entra)
            )
        kwargs: Dict[str, Any] = {}
        if entra.get("tenant_id"):
            kwargs["additionally_allowed_tenants"] = [entra["tenant_id"]]
        return identity.DefaultAzureCredential(**kwargs)


def client_options_from_env(environ: Mapping[str, str] = os.environ) -> Dict[str, Any]:
    """AssistantsClient keyword arguments from openai-python's environment variables.

    ``AZURE_OPENAI_ENDPOINT`` selects Azure (key ``AZURE_OPENAI_API_KEY`` or token
    ``AZURE_OPENAI_AD_TOKEN``, version ``OPENAI_API_VERSION``); otherwise OpenAI
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``).
    """
    if environ.get("AZURE_OPENAI_ENDPOINT"):
        options: Dict[str, Any] = {"provider": "azure",
                                   "endpoint": environ["AZURE_OPENAI_ENDPOINT"]}
        if environ.get("AZURE_OPENAI_API_KEY"):
            options["api_key"] = environ["AZURE_OPENAI_API_KEY"]
        elif environ.get("AZURE_OPENAI_AD_TOKEN"):
            options["azure_ad_token"] = environ["AZURE_OPENAI_AD_TOKEN"]
        else:
            raise ConfigurationError(
                "AZURE_OPENAI_ENDPOINT is set but neither AZURE_OPENAI_API_KEY nor "
                "AZURE_OPENAI_AD_TOKEN is"
            )
        if environ.get("OPENAI_API_VERSION"):
            options["api_version"] = environ["OPENAI_API_VERSION"]
        return options
    if not environ.get("OPENAI_API_KEY"):
        raise ConfigurationError(
            "set OPENAI_API_KEY (OpenAI) or AZURE_OPENAI_ENDPOINT with AZURE_OPENAI_API_KEY "
            "(Azure)"
        )
    options = {"provider": "openai", "api_key": environ["OPENAI_API_KEY"]}
    pairs: List[Tuple[str, str]] = [("OPENAI_BASE_URL", "base_url"),
                                    ("OPENAI_ORG_ID", "organization"),
                                    ("OPENAI_PROJECT_ID", "project")]
    for variable, key in pairs:
        if environ.get(variable):
            options[key] = environ[variable]
    return options
