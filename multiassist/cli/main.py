"""The ``multiassist`` command (also ``python -m multiassist``): parsing and dispatch, and the
one place errors become exit codes.

Results go to stdout; progress lines, prompts, notes and errors go to stderr, and progress lines
only when stderr is a terminal. ``-v`` sends the ``multiassist`` logger's debug lines (one per
request and response, secrets redacted) to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import List, Optional, TextIO

from multiassist._version import __version__
from multiassist.cli import chat as cli_chat
from multiassist.cli import doctor as cli_doctor
from multiassist.cli import emulator as cli_emulator
from multiassist.cli import ls as cli_ls
from multiassist.cli import migrate as cli_migrate
from multiassist.cli.common import add_profile_options
from multiassist.cli.progress import ProgressLine
from multiassist.errors import (
    ConfigurationError,
    InvalidRequestError,
    MultiassistError,
    StoreError,
)

__all__ = ["EXIT_CHECK_FAILED", "EXIT_CONFIG", "EXIT_INTERRUPTED", "EXIT_SERVICE", "EXIT_USAGE",
           "build_parser", "main"]

#: ``doctor`` ran and at least one check failed.
EXIT_CHECK_FAILED = 1
#: The command line was wrong (argparse's own code), or an argument's value was refused.
EXIT_USAGE = 2
#: The configuration cannot work: profile file, credential, Microsoft Entra ID sign-in, store.
EXIT_CONFIG = 3
#: The service (or the network to it) failed: an HTTP error, no answer, a failed run.
EXIT_SERVICE = 4
EXIT_INTERRUPTED = 130

_EXIT_CODES = f"""exit codes:
  0    success
  {EXIT_CHECK_FAILED}    doctor: a check failed
  {EXIT_USAGE}    usage error (unknown command or option, a bad argument value)
  {EXIT_CONFIG}    configuration failure (profile file, credential, Entra ID sign-in, bridge store)
  {EXIT_SERVICE}    service failure (HTTP error from the provider, no connection, a failed run)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``multiassist`` command."""
    parser = argparse.ArgumentParser(
        prog="multiassist",
        description="Assistants API client for OpenAI, Azure OpenAI, Foundry, the Responses "
        "bridge and the embedded emulator.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"multiassist {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log every request and response (secrets redacted) to stderr")
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
    for command in commands.choices.values():  # `multiassist ls -v` as well as `multiassist -v ls`
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="log every request and response (secrets redacted) to stderr")
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


def _debug_log(err: TextIO) -> logging.Handler:
    """Send the ``multiassist`` logger's debug lines to ``err``; returns the handler added."""
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("multiassist")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler


def _from_azure_identity(exc: BaseException) -> bool:
    """Whether ``exc`` comes from azure-identity / azure-core (checked by module: azure is
    imported only when a profile uses it)."""
    return any(cls.__module__.split(".")[0] == "azure" for cls in type(exc).__mro__)


def _fail(command: str, message: str, code: int) -> int:
    sys.stdout.flush()
    sys.stderr.write(f"multiassist {command}: error: {' '.join(message.split())}\n")
    return code


def main(argv: Optional[List[str]] = None) -> int:
    """Parse arguments and run a subcommand; returns the process exit code (see ``--help``)."""
    args = build_parser().parse_args(argv)
    handler = _debug_log(sys.stderr) if args.verbose else None
    try:
        return _dispatch(args, sys.stdin, sys.stdout, sys.stderr)
    except InvalidRequestError as exc:
        return _fail(args.command, str(exc) or type(exc).__name__, EXIT_USAGE)
    except (ConfigurationError, StoreError) as exc:
        return _fail(args.command, str(exc) or type(exc).__name__, EXIT_CONFIG)
    except MultiassistError as exc:
        return _fail(args.command, str(exc) or type(exc).__name__, EXIT_SERVICE)
    except Exception as exc:
        if not _from_azure_identity(exc):
            raise
        # azure-identity explains every credential it tried over many lines: keep them, on one.
        return _fail(args.command, f"Microsoft Entra ID gave no token ({type(exc).__name__}): "
                     f"{exc} -- sign in with `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID "
                     "and AZURE_CLIENT_SECRET, or name a managed identity in the profile's "
                     "[entra] table", EXIT_CONFIG)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `multiassist ls assistants | head -1`
        # Python flushes stdout again at exit; point it at devnull so that stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    finally:
        if handler is not None:
            logging.getLogger("multiassist").removeHandler(handler)
