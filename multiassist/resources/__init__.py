"""The OpenAI-style namespaces: ``client.beta.assistants``, ``client.beta.threads`` (with
``.messages``, ``.runs`` and ``.runs.steps``) and ``client.files``."""

from __future__ import annotations

from ..core import Core
from .assistants import Assistants
from .files import FileContent, Files
from .messages import Messages
from .runs import Runs, Steps
from .threads import Threads

__all__ = ["Assistants", "Beta", "FileContent", "Files", "Messages", "Runs", "Steps", "Threads"]


class Beta:
    """``client.beta``: the Assistants API namespaces, as openai-python names them."""

    def __init__(self, core: Core) -> None:
        self.assistants = Assistants(core)
        self.threads = Threads(core)
