"""``openai.lib.streaming``'s names for the streaming helpers, so an import line such as
``from openai.lib.streaming import AssistantEventHandler`` ports by changing ``openai`` to
``multiassist``."""

from typing import TypeVar

from multiassist.streaming import AssistantEventHandler, AssistantStream

#: openai-python's type variable for a handler subclass.
AssistantEventHandlerT = TypeVar("AssistantEventHandlerT", bound=AssistantEventHandler)

__all__ = ["AssistantEventHandler", "AssistantEventHandlerT", "AssistantStream"]
