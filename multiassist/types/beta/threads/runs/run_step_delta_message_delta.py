"""Mirror of ``openai.types.beta.threads.runs.run_step_delta_message_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    MessageCreationDelta as MessageCreation,
)
from multiassist.models import (
    MessageCreationStepDetailsDelta as RunStepDeltaMessageDelta,
)

__all__ = [
    "MessageCreation",
    "RunStepDeltaMessageDelta",
]
