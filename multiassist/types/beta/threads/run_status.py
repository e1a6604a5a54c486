"""Mirror of ``openai.types.beta.threads.run_status``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from typing import Literal

#: The status of a run (``Run.status``).
RunStatus = Literal[
    "queued",
    "in_progress",
    "requires_action",
    "cancelling",
    "cancelled",
    "failed",
    "completed",
    "incomplete",
    "expired",
]

__all__ = [
    "RunStatus",
]
