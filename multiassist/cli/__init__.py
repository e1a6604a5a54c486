"""The ``multiassist`` command line: ``demo``, ``emulator``, ``doctor``, ``chat``, ``ls`` and
``migrate-thread``, one module per command."""

from multiassist.cli.main import main

__all__ = ["main"]
