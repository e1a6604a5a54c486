"""Mirror of ``openai.types.beta.threads.refusal_content_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import RefusalContentBlock as RefusalContentBlock

__all__ = [
    "RefusalContentBlock",
]
