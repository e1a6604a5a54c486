"""Microsoft's agents-SDK names over multiassist's models: each class here is a thin view
of one :mod:`multiassist.models` object (decoded by the one converter), adding the SDKs'
spellings -- ``agent_id`` for ``assistant_id``, ``text_messages``, ``image_contents``,
mapping access (``message["id"]``) -- without a second model tree.

A view reads and writes through to its model: ``run.status`` is ``run_model.status``,
``run.agent_id`` is ``run_model.assistant_id``; nested objects come back as views when the
SDKs name them (``run.required_action`` is a :class:`SubmitToolOutputsAction`), otherwise
as the multiassist model itself. :func:`unwrap` gives the model back; ``as_dict()`` the wire
form with the SDKs' key names.
"""

from __future__ import annotations

from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Type,
    TypeVar,
    Union,
)

from multiassist import models as m
from multiassist._async.pagination import AsyncCursorPage
from multiassist.converter import Model
from multiassist.pagination import CursorPage

__all__ = [
    "Agent",
    "AgentDeletionStatus",
    "AgentThread",
    "FileDeletionStatus",
    "FileInfo",
    "MessageDeltaChunk",
    "MessageImageFileContent",
    "MessageTextContent",
    "OpenAIFile",
    "OpenAIPageableListOfAgent",
    "OpenAIPageableListOfRunStep",
    "OpenAIPageableListOfThreadMessage",
    "OpenAIPageableListOfThreadRun",
    "OpenAIPageableListOfVectorStore",
    "OpenAIPageableListOfVectorStoreFile",
    "OpenAIPageableList",
    "RequiredFunctionToolCall",
    "RunStep",
    "RunStepDeltaChunk",
    "SubmitToolOutputsAction",
    "SubmitToolOutputsDetails",
    "ThreadDeletionStatus",
    "ThreadMessage",
    "ThreadRun",
    "VectorStore",
    "VectorStoreDeletionStatus",
    "VectorStoreFile",
    "VectorStoreFileDeletionStatus",
    "View",
    "unwrap",
    "wrap",
]

_RENAMES = {"assistant_id": "agent_id"}
_VIEWS: Dict[type, Type[View]] = {}


def _wire_names(value: Any) -> Any:
    """Wire JSON with the SDKs' key names (``assistant_id`` -> ``agent_id``)."""
    if isinstance(value, dict):
        return {_RENAMES.get(k, k): _wire_names(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire_names(v) for v in value]
    return value


def wrap(value: Any) -> Any:
    """``value`` as the SDKs see it: a model with a view class becomes that view, a list
    of such models a list of views; anything else is returned unchanged."""
    if isinstance(value, Model):
        view = _VIEWS.get(type(value))
        return value if view is None else view(value)
    if isinstance(value, list) and value and isinstance(value[0], Model):
        return [wrap(item) for item in value]
    return value


def unwrap(value: Any) -> Any:
    """The multiassist model behind a view (anything else is returned unchanged)."""
    return value._model if isinstance(value, View) else value


class View:
    """Base of the views: attribute access through to the model, with the SDKs' names.

    Subclasses set ``viewing`` (the model class they view); ``names`` maps an SDK attribute
    name to the model's (``agent_id`` -> ``assistant_id`` on every view).
    """

    __slots__ = ("_model",)
    viewing: ClassVar[Optional[type]] = None
    names: ClassVar[Mapping[str, str]] = {"agent_id": "assistant_id"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.viewing is not None:
            _VIEWS[cls.viewing] = cls

    def __init__(self, model: Model) -> None:
        object.__setattr__(self, "_model", model)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        model = object.__getattribute__(self, "_model")
        target = self.names.get(name, name)
        try:
            return wrap(getattr(model, target))
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._model, self.names.get(name, name), unwrap(value))

    def __dir__(self) -> List[str]:
        fields = [a.name for a in type(self._model).__attrs_attrs__]
        return sorted(set(super().__dir__()) | set(fields) | set(self.names))

    # -- the SDKs' models are mappings of their wire form -----------------------------------
    def as_dict(self) -> Dict[str, Any]:
        """The wire form, keyed with the SDKs' names (``agent_id``)."""
        converted: Dict[str, Any] = _wire_names(self._model.to_dict())
        return converted

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The wire field ``key``, or ``default``."""
        return self.as_dict().get(key, default)

    def keys(self) -> List[str]:
        """The wire field names present."""
        return list(self.as_dict())

    def __contains__(self, key: object) -> bool:
        return key in self.as_dict()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, View):
            return bool(self._model == other._model)
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.as_dict()!r})"


class Agent(View):
    """An agent (the Assistants API's assistant)."""

    viewing = m.Assistant


class AgentThread(View):
    """A conversation thread."""

    viewing = m.Thread


class MessageTextContent(View):
    """A text part of a message: ``part.text.value``."""

    viewing = m.TextContentBlock


class MessageImageFileContent(View):
    """An image part of a message: ``part.image_file.file_id``."""

    viewing = m.ImageFileContentBlock


def _annotations(parts: List[Any], kind: type) -> List[Any]:
    return [
        annotation
        for part in parts if isinstance(part, m.TextContentBlock)
        for annotation in part.text.annotations if isinstance(annotation, kind)
    ]


class ThreadMessage(View):
    """A message; ``agent_id`` is the wire's ``assistant_id``."""

    viewing = m.Message

    @property
    def text_messages(self) -> List[MessageTextContent]:
        """The text parts, in order."""
        return [MessageTextContent(p) for p in self._model.content
                if isinstance(p, m.TextContentBlock)]

    @property
    def image_contents(self) -> List[MessageImageFileContent]:
        """The image-file parts, in order."""
        return [MessageImageFileContent(p) for p in self._model.content
                if isinstance(p, m.ImageFileContentBlock)]

    @property
    def file_citation_annotations(self) -> List[m.FileCitationAnnotation]:
        """The file citations of every text part."""
        return _annotations(self._model.content, m.FileCitationAnnotation)

    @property
    def file_path_annotations(self) -> List[m.FilePathAnnotation]:
        """The file path annotations (generated files) of every text part."""
        return _annotations(self._model.content, m.FilePathAnnotation)


class RequiredFunctionToolCall(View):
    """A function call the run waits for: ``id``, ``function.name``, ``function.arguments``."""

    viewing = m.RequiredActionFunctionToolCall


class SubmitToolOutputsDetails(View):
    """``action.submit_tool_outputs``: its ``tool_calls``."""

    viewing = m.SubmitToolOutputs


class SubmitToolOutputsAction(View):
    """``run.required_action`` when the run waits for tool outputs:
    ``.submit_tool_outputs.tool_calls`` lists :class:`RequiredFunctionToolCall`."""

    viewing = m.RequiredAction


class ThreadRun(View):
    """A run; ``agent_id`` is the wire's ``assistant_id``."""

    viewing = m.Run


class RunStep(View):
    """A step of a run; ``agent_id`` is the wire's ``assistant_id``."""

    viewing = m.RunStep


class FileInfo(View):
    """An uploaded file (``id``, ``filename``, ``bytes``, ``purpose``, ``status``)."""

    viewing = m.FileObject


#: The beta SDK's name for :class:`FileInfo`.
OpenAIFile = FileInfo


class VectorStore(View):
    """A vector store (``id``, ``name``, ``status``, ``file_counts``)."""

    viewing = m.VectorStore


class VectorStoreFile(View):
    """A file in a vector store."""

    viewing = m.VectorStoreFile


class _Deletion(View):
    """A deletion status: ``id``, ``deleted``, ``object``."""


class AgentDeletionStatus(_Deletion):
    """What the beta's ``delete_agent`` returns."""

    viewing = m.AssistantDeleted


class ThreadDeletionStatus(_Deletion):
    """What the beta's ``delete_thread`` returns."""

    viewing = m.ThreadDeleted


class FileDeletionStatus(_Deletion):
    """What the beta's ``delete_file`` returns."""

    viewing = m.FileDeleted


class VectorStoreDeletionStatus(_Deletion):
    """What the beta's ``delete_vector_store`` returns."""

    viewing = m.VectorStoreDeleted


class VectorStoreFileDeletionStatus(_Deletion):
    """What the beta's ``delete_vector_store_file`` returns."""

    viewing = m.VectorStoreFileDeleted


class MessageDeltaChunk(View):
    """A streamed piece of a message; ``text`` joins the text it appends."""

    viewing = m.MessageDelta

    @property
    def text(self) -> str:
        """The text this chunk appends (``""`` when it carries none)."""
        return "".join(
            part.text.value or ""
            for part in self._model.delta.content or ()
            if isinstance(part, m.TextContentBlockDelta) and part.text is not None
        )


class RunStepDeltaChunk(View):
    """A streamed change of a run step."""

    viewing = m.RunStepDelta


V = TypeVar("V")


class OpenAIPageableList(Generic[V]):
    """One page, as the beta's list calls return it: ``data``, ``first_id``, ``last_id``,
    ``has_more``."""

    def __init__(self, page: Union[CursorPage[Any], AsyncCursorPage[Any]],
                 convert: Callable[[Any], V]) -> None:
        self.data: List[V] = [convert(item) for item in page.data]
        self.first_id = page.first_id
        self.last_id = page.last_id
        self.has_more = page.has_more
        self.object = "list"

    def __iter__(self) -> Iterator[V]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(len(data)={len(self.data)}, "
                f"first_id={self.first_id!r}, has_more={self.has_more})")


class OpenAIPageableListOfAgent(OpenAIPageableList[Agent]):
    """A page of agents."""


class OpenAIPageableListOfThreadRun(OpenAIPageableList[ThreadRun]):
    """A page of runs."""


class OpenAIPageableListOfRunStep(OpenAIPageableList[RunStep]):
    """A page of run steps."""


class OpenAIPageableListOfVectorStore(OpenAIPageableList[VectorStore]):
    """A page of vector stores."""


class OpenAIPageableListOfVectorStoreFile(OpenAIPageableList[VectorStoreFile]):
    """A page of vector store files."""


class OpenAIPageableListOfAgentThread(OpenAIPageableList[AgentThread]):
    """A page of threads."""


class OpenAIPageableListOfThreadMessage(OpenAIPageableList[ThreadMessage]):
    """A page of messages (newest first unless listed with ``order="asc"``), with the
    beta's helpers across the page."""

    @property
    def text_messages(self) -> List[MessageTextContent]:
        """Every text part of every message on the page, in page order."""
        return [part for message in self.data for part in message.text_messages]

    @property
    def image_contents(self) -> List[MessageImageFileContent]:
        """Every image-file part on the page."""
        return [part for message in self.data for part in message.image_contents]

    @property
    def file_citation_annotations(self) -> List[m.FileCitationAnnotation]:
        """Every file citation on the page."""
        return [a for message in self.data for a in message.file_citation_annotations]

    @property
    def file_path_annotations(self) -> List[m.FilePathAnnotation]:
        """Every file path annotation on the page."""
        return [a for message in self.data for a in message.file_path_annotations]

    def get_last_message_by_role(self, role: Any) -> Optional[ThreadMessage]:
        """The newest message on the page written by ``role`` (``"assistant"``,
        ``MessageRole.AGENT``...), or None."""
        return newest_by_role(self.data, role)

    def get_last_text_message_by_role(self, role: Any) -> Optional[MessageTextContent]:
        """The last text part of :meth:`get_last_message_by_role`, or None."""
        message = self.get_last_message_by_role(role)
        texts = [] if message is None else message.text_messages
        return texts[-1] if texts else None


def newest_by_role(messages: List[ThreadMessage], role: Any) -> Optional[ThreadMessage]:
    """The message with the latest ``created_at`` among those by ``role`` (on a tie, the
    one listed first, as the service lists newest first)."""
    found: Optional[ThreadMessage] = None
    for message in messages:
        if message.role == role and (found is None or message.created_at > found.created_at):
            found = message
    return found
