"""Mirror of ``openai.types.beta.threads.runs.run_step``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    LastError as LastError,
)
from multiassist.models import (
    MessageCreationStepDetails as MessageCreationStepDetails,
)
from multiassist.models import (
    Metadata as Metadata,
)
from multiassist.models import (
    RunStep as RunStep,
)
from multiassist.models import (
    StepDetails as StepDetails,
)
from multiassist.models import (
    ToolCallsStepDetails as ToolCallsStepDetails,
)
from multiassist.models import (
    Usage as Usage,
)

__all__ = [
    "LastError",
    "MessageCreationStepDetails",
    "Metadata",
    "RunStep",
    "StepDetails",
    "ToolCallsStepDetails",
    "Usage",
]
