"""Where a client's settings come from: constructor arguments, environment variables and TOML
profiles, turned into a backend."""

from multiassist.config.profiles import (
    ProfileError,
    client_options_from_env,
    find_config_file,
    load_profile,
)
from multiassist.config.settings import ClientSettings, build_backend, settings_from_arguments

__all__ = [
    "ClientSettings",
    "ProfileError",
    "build_backend",
    "client_options_from_env",
    "find_config_file",
    "load_profile",
    "settings_from_arguments",
]
