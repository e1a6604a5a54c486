"""Mirror of ``openai.types.beta.threads.runs.run_step_include``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from typing import Literal

#: Extra run step fields to ask for (``include=``).
RunStepInclude = Literal["step_details.tool_calls[*].file_search.results[*].content"]

__all__ = [
    "RunStepInclude",
]
