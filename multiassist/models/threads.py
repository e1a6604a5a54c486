"""The thread object."""

from typing import Optional

import attrs

from multiassist.converter import Model
from multiassist.models.common import Metadata
from multiassist.models.tools import ToolResources

__all__ = ["Thread"]


@attrs.define(kw_only=True, repr=False)
class Thread(Model):
    """A conversation thread (``object`` is ``thread``).

    Always present: ``id``, ``object``, ``created_at``.  ``tool_resources`` is absent on
    Azure ``2024-02-15-preview``.
    """

    id: str
    object: str
    created_at: int
    tool_resources: Optional[ToolResources] = None
    metadata: Optional[Metadata] = None
