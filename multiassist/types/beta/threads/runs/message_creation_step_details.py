"""Mirror of ``openai.types.beta.threads.runs.message_creation_step_details``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    MessageCreation as MessageCreation,
)
from multiassist.models import (
    MessageCreationStepDetails as MessageCreationStepDetails,
)

__all__ = [
    "MessageCreation",
    "MessageCreationStepDetails",
]
