"""Mirror of ``openai.types.beta.threads.refusal_delta_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import RefusalContentBlockDelta as RefusalDeltaBlock

__all__ = [
    "RefusalDeltaBlock",
]
