"""Mirror of ``openai.types.beta.threads.runs.run_step_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    MessageCreationStepDetailsDelta as RunStepDeltaMessageDelta,
)
from multiassist.models import (
    RunStepDeltaFields as RunStepDelta,
)
from multiassist.models import (
    StepDetailsDelta as StepDetails,
)
from multiassist.models import (
    ToolCallsStepDetailsDelta as ToolCallDeltaObject,
)

__all__ = [
    "RunStepDelta",
    "RunStepDeltaMessageDelta",
    "StepDetails",
    "ToolCallDeltaObject",
]
