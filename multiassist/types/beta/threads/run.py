"""Mirror of ``openai.types.beta.threads.run``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    IncompleteDetails as IncompleteDetails,
)
from multiassist.models import (
    LastError as LastError,
)
from multiassist.models import (
    Metadata as Metadata,
)
from multiassist.models import (
    RequiredAction as RequiredAction,
)
from multiassist.models import (
    RequiredActionFunctionToolCall as RequiredActionFunctionToolCall,
)
from multiassist.models import (
    ResponseFormat as AssistantResponseFormatOption,
)
from multiassist.models import (
    Run as Run,
)
from multiassist.models import (
    SubmitToolOutputs as RequiredActionSubmitToolOutputs,
)
from multiassist.models import (
    Tool as AssistantTool,
)
from multiassist.models import (
    ToolChoice as AssistantToolChoiceOption,
)
from multiassist.models import (
    TruncationStrategy as TruncationStrategy,
)
from multiassist.models import (
    Usage as Usage,
)
from multiassist.types.beta.threads.run_status import RunStatus as RunStatus

__all__ = [
    "AssistantResponseFormatOption",
    "AssistantTool",
    "AssistantToolChoiceOption",
    "IncompleteDetails",
    "LastError",
    "Metadata",
    "RequiredAction",
    "RequiredActionFunctionToolCall",
    "RequiredActionSubmitToolOutputs",
    "Run",
    "RunStatus",
    "TruncationStrategy",
    "Usage",
]
