"""A model's context window: a response whose input does not fit is refused (``truncation``
``disabled``, the default) or sees only its newest items (``auto``), as the spec says.

Sizes are in the emulator's tokens (words, as ``usage`` counts them): the instructions plus
what the model reads of every item. ``Settings.context_windows`` names each model's (or
deployment's) window; others get ``DEFAULT_CONTEXT_WINDOW``.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from multiassist.testing.engine.script_text import count_tokens
from multiassist.testing.object_store import JSONDict
from multiassist.testing.responses.items import item_words_text
from multiassist.testing.wire.problems import bad_request

DEFAULT_CONTEXT_WINDOW = 128_000


def input_tokens(instructions: Optional[str], items: Sequence[JSONDict]) -> int:
    """What the model reads, in tokens (the count ``usage.input_tokens`` reports)."""
    return count_tokens("\n".join([str(instructions or "")]
                                  + [item_words_text(item) for item in items]))


def items_dropped(
    windows: Mapping[str, int],
    model: str,
    instructions: Optional[str],
    items: Sequence[JSONDict],
    truncation: Optional[str],
) -> int:
    """How many of the oldest ``items`` the model does not see: 0 when everything fits;
    with ``truncation: "auto"`` as many as the window needs (never the newest); else the
    service's 400 ``context_length_exceeded``."""
    window = windows.get(model, DEFAULT_CONTEXT_WINDOW)
    if input_tokens(instructions, items) <= window:
        return 0
    if truncation != "auto":
        raise bad_request(
            "Your input exceeds the context window of this model. Please adjust your input "
            "and try again.",
            param="input",
            code="context_length_exceeded",
        )
    dropped = 0
    while dropped < len(items) - 1 and input_tokens(instructions, items[dropped:]) > window:
        dropped += 1
    return dropped
