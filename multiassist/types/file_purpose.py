"""Mirror of ``openai.types.file_purpose``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from typing import Literal

#: What an uploaded file is for (``purpose=``).
FilePurpose = Literal["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

__all__ = [
    "FilePurpose",
]
