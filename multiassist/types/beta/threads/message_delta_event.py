"""Mirror of ``openai.types.beta.threads.message_delta_event``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import MessageDelta as MessageDeltaEvent
from multiassist.models import MessageDeltaFields as MessageDelta

__all__ = [
    "MessageDelta",
    "MessageDeltaEvent",
]
