"""The ``multiassist`` command (also ``python -m multiassist``): parsing and dispatch, and the
one place errors become exit codes.

Subcommands live in ``cli_*`` modules: ``demo`` (here), ``emulator`` (:mod:`.cli_emulator`),
``doctor`` (:mod:`.cli_doctor`), ``chat`` (:mod:`.cli_chat`), ``ls`` (:mod:`.cli_ls`),
``migrate-thread`` (:mod:`.cli_migrate`).

Exit codes: 0 success; 1 ``doctor`` found a failing check; 2 a usage error or a
:class:`~multiassist.errors.MultiassistError` (printed as one line on stderr, no traceback);
130 interrupted by Ctrl-C. Results go to stdout; progress lines, prompts and notes go to
stderr, and progress lines only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, TextIO

from multiassist.cli import chat as cli_chat
from multiassist.cli import doctor as cli_doctor
from multiassist.cli import emulator as cli_emulator
from multiassist.cli import ls as cli_ls
from multiassist.cli import migrate as cli_migrate
from multiassist.cli.common import add_profile_options
from multiassist.cli.progress import ProgressLine
from multiassist.errors import MultiassistError

__all__ = ["build_parser", "main"]

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``multiassist`` command."""
    parser = argparse.ArgumentParser(
        prog="multiassist",
        description="Assistants API client for OpenAI, Azure OpenAI, Foundry and the "
        "embedded emulator.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo", help="walk one flow on the embedded emulator (or a configured provider)",
        description="Walk one flow with both name sets: on the embedded emulator in both wire "
        "flavors, or with --profile/--config on that configured provider.",
    )
    demo.add_argument("--model", default="gpt-4o",
                      help="the model the flow uses with --profile (default: gpt-4o)")
    add_profile_options(demo, what="to run the demo on (default: the embedded emulator)")
    cli_emulator.add_parser(commands)
    cli_doctor.add_parser(commands)
    cli_chat.add_parser(commands)
    cli_ls.add_parser(commands)
    cli_migrate.add_parser(commands)
    return parser


def _demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from multiassist.cli.demo import run_demo

    progress = ProgressLine(err)
    try:
        run_demo(out, profile=args.profile, config=args.config, model=args.model,
                 progress=progress.track_run)
    finally:
        progress.clear()
    return 0


def _dispatch(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    if args.command == "demo":
        return _demo(args, out, err)
    if args.command == "emulator":
        return cli_emulator.run(args, out, err)
    if args.command == "doctor":
        return cli_doctor.run(args, out)
    if args.command == "chat":
        return cli_chat.run(args, stdin, out, err)
    if args.command == "migrate-thread":
        return cli_migrate.run(args, out)
    return cli_ls.run(args, out)


def main(argv: Optional[List[str]] = None) -> int:
    """Parse arguments and run a subcommand; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args, sys.stdin, sys.stdout, sys.stderr)
    except MultiassistError as exc:
        sys.stdout.flush()
        message = " ".join(str(exc).split()) or type(exc).__name__
        sys.stderr.write(f"multiassist {args.command}: error: {message}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `multiassist ls assistants | head -1`
        # Python flushes stdout again at exit; point it at devnull so that stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
