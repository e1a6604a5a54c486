"""Mirror of ``openai.types.beta.threads.runs.code_interpreter_output_image``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterImageDelta as Image,
)
from multiassist.models import (
    CodeInterpreterImageOutputDelta as CodeInterpreterOutputImage,
)

__all__ = [
    "CodeInterpreterOutputImage",
    "Image",
]
