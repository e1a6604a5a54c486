"""``multiassist ls assistants|files|vector-stores``: one line per object, every page.

Each line is ``id<TAB>name<TAB>created_at`` (the file name for files, ``-`` for no name,
``created_at`` in ISO 8601 UTC), so the output can be piped to ``cut`` or ``awk``; with
``--json``, each line is the whole object as one JSON document (JSON Lines), for ``jq``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from typing import Any, Callable, Dict, Iterable, Optional, TextIO, Tuple

from multiassist.cli.common import add_profile_options, client_from_args, iso_time
from multiassist.client import AssistantsClient

__all__ = ["add_parser", "run"]

_PAGE_SIZE = 100  # the largest page the Assistants list endpoints serve

# kind -> (lists the objects given a page size or None, the object's name)
_Lister = Callable[[AssistantsClient, Optional[int]], Iterable[Any]]
_KINDS: Dict[str, Tuple[_Lister, Callable[[Any], Optional[str]]]] = {
    "assistants": (
        lambda client, size: client.beta.assistants.list(limit=size or _PAGE_SIZE),
        lambda item: item.name,
    ),
    # files.list takes no page size on Azure; walk whatever pages the service sends
    "files": (lambda client, size: client.files.list(), lambda item: item.filename),
    "vector-stores": (
        lambda client, size: client.vector_stores.list(limit=size or _PAGE_SIZE),
        lambda item: item.name,
    ),
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_parser(commands: Any) -> None:
    """Register the ``ls`` subcommand."""
    parser = commands.add_parser(
        "ls", help="list assistants, files or vector stores of a configured provider",
        description="Print one line per object: id, name (file name for files) and "
        "created_at (ISO 8601 UTC), tab-separated, walking every page; with --json, the "
        "whole object as one JSON document per line.",
    )
    parser.add_argument("kind", choices=sorted(_KINDS), help="what to list")
    parser.add_argument("--limit", type=_positive, metavar="N",
                        help="print at most N objects (default: all)")
    parser.add_argument("--json", action="store_true",
                        help="print each object as one line of JSON (as the API returns it)")
    add_profile_options(parser, what="to list from")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """List the objects; returns the exit code (0)."""
    lister, name_of = _KINDS[args.kind]
    limit: Optional[int] = args.limit
    with client_from_args(args) as client:
        size = None if limit is None else min(limit, _PAGE_SIZE)
        for item in itertools.islice(lister(client, size), limit):
            if args.json:
                out.write(json.dumps(item.to_dict(), separators=(",", ":")) + "\n")
            else:
                out.write(f"{item.id}\t{name_of(item) or '-'}\t{iso_time(item.created_at)}\n")
    return 0
