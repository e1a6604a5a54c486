"""Mirror of ``openai.types.beta.threads.message_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ContentPartDelta as MessageContentDelta,
)
from multiassist.models import (
    MessageDeltaFields as MessageDelta,
)

__all__ = [
    "MessageContentDelta",
    "MessageDelta",
]
