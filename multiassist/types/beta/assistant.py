"""Mirror of ``openai.types.beta.assistant``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    Assistant as Assistant,
)
from multiassist.models import (
    CodeInterpreterToolResource as ToolResourcesCodeInterpreter,
)
from multiassist.models import (
    FileSearchToolResource as ToolResourcesFileSearch,
)
from multiassist.models import (
    Metadata as Metadata,
)
from multiassist.models import (
    ResponseFormat as AssistantResponseFormatOption,
)
from multiassist.models import (
    Tool as AssistantTool,
)
from multiassist.models import (
    ToolResources as ToolResources,
)

__all__ = [
    "Assistant",
    "AssistantResponseFormatOption",
    "AssistantTool",
    "Metadata",
    "ToolResources",
    "ToolResourcesCodeInterpreter",
    "ToolResourcesFileSearch",
]
