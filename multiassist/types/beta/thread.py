"""Mirror of ``openai.types.beta.thread``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

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
    Thread as Thread,
)
from multiassist.models import (
    ToolResources as ToolResources,
)

__all__ = [
    "Metadata",
    "Thread",
    "ToolResources",
    "ToolResourcesCodeInterpreter",
    "ToolResourcesFileSearch",
]
