"""Mirror of ``openai.types.beta.threads.runs.run_step_delta_event``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import RunStepDelta as RunStepDeltaEvent
from multiassist.models import RunStepDeltaFields as RunStepDelta

__all__ = [
    "RunStepDelta",
    "RunStepDeltaEvent",
]
