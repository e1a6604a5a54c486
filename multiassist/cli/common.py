"""What the ``multiassist`` subcommands share: the profile options and how a client is made
from them, and how objects' timestamps are printed."""

from __future__ import annotations

import argparse
import datetime
import os
from typing import Mapping, Optional

from multiassist.client import AssistantsClient
from multiassist.config.profiles import ProfileError, _user_config_dir, find_config_file

__all__ = ["add_profile_options", "client_from_args", "iso_time", "require_config_file"]


def add_profile_options(parser: argparse.ArgumentParser, *, what: str) -> None:
    """Add ``--profile NAME`` and ``--config FILE`` to a subcommand's parser."""
    parser.add_argument(
        "--profile", metavar="NAME",
        help=f"the profile {what} (default: $MULTIASSIST_PROFILE, then the file's "
        "default_profile, then its only profile)",
    )
    parser.add_argument(
        "--config", metavar="FILE",
        help="the profile file (default: ./multiassist.toml, then the user config file)",
    )


def require_config_file(
    config: Optional[str], environ: Mapping[str, str] = os.environ
) -> None:
    """Raise :class:`~multiassist.config.profiles.ProfileError`, in the command's words, when no
    ``--config`` is given and no profile file is found where one is looked for."""
    if config is None and find_config_file(environ) is None:
        raise ProfileError(
            "no profile file: create ./multiassist.toml or "
            f"{_user_config_dir(environ) / 'config.toml'}, or pass --config FILE"
        )


def client_from_args(args: argparse.Namespace) -> AssistantsClient:
    """The client a subcommand's ``--profile`` / ``--config`` name.

    Raises :class:`~multiassist.config.profiles.ProfileError` (or another configuration error)
    naming the file, the profile and the key at fault.
    """
    require_config_file(args.config)
    return AssistantsClient.from_config(args.config, args.profile)


def iso_time(timestamp: Optional[int]) -> str:
    """A Unix timestamp in seconds as ISO 8601 UTC (``2025-01-31T12:00:00Z``); ``-`` if none."""
    if timestamp is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
