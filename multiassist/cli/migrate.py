"""``multiassist migrate-thread``: copy a saved or live thread into a new thread (on the
Responses bridge, a conversation), for history made before the Assistants sunset."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from multiassist.bridge.migrate import copy_messages, copy_thread, load_export
from multiassist.cli.common import add_profile_options, client_from_args
from multiassist.client import AssistantsClient
from multiassist.errors import InvalidRequestError

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Register the ``migrate-thread`` subcommand."""
    parser = commands.add_parser(
        "migrate-thread",
        help="copy saved or live thread history into a new thread of a configured provider",
        description="Copy messages into a new thread (a conversation on the Responses "
        "bridge): from a JSON export (--export FILE: a list of messages or a messages.list "
        "page) or from a thread of another profile (--from-profile NAME --thread ID). "
        "Prints the new thread id.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--export", metavar="FILE", help="a JSON export of messages")
    source.add_argument("--from-profile", metavar="NAME",
                        help="the profile holding the thread to copy (with --thread)")
    parser.add_argument("--thread", metavar="ID", help="the thread to copy (--from-profile)")
    add_profile_options(parser, what="to copy into")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Copy the history; print the new thread id; returns the exit code (0)."""
    with client_from_args(args) as target:
        if args.export:
            thread = copy_messages(target, load_export(args.export))
        else:
            if not args.thread:
                raise InvalidRequestError("--from-profile needs --thread ID")
            with AssistantsClient.from_config(args.config, args.from_profile) as source:
                thread = copy_thread(source, args.thread, target)
    out.write(f"{thread.id}\n")
    return 0
