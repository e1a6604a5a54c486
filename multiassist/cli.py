"""The ``multiassist`` command (also ``python -m multiassist``)."""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

__all__ = ["main"]


def main(argv: Optional[List[str]] = None) -> int:
    """Parse arguments and run a subcommand; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="multiassist", description="Assistants API client for OpenAI and Azure OpenAI"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk one flow on the embedded emulator")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run_demo

        run_demo(sys.stdout)
    return 0
