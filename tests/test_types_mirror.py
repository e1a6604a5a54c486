"""``multiassist.types`` mirrors the ``openai.types`` import paths of the Assistants API.

The installed openai-python is the reference: every Assistants name its packages
(``openai.types.beta``, ``.threads``, ``.runs``...) and module files export must import from
the same path under ``multiassist.types``, except the documented ones in ``NOT_MIRRORED``;
each must be multiassist's own class (the one it decodes into) and, where openai-python's is
a model, have the same wire fields and ``type`` tag or event name.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import pkgutil
import typing
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import attrs
import pytest

import multiassist.models
import multiassist.streaming.events
import multiassist.types
from multiassist import AssistantsClient
from multiassist.converter import NOT_IN_OPENAI_PYTHON
from multiassist.testing import Emulator

openai = pytest.importorskip("openai")
openai_threads = importlib.import_module("openai.types.beta.threads")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: What openai-python has that multiassist.types does not, and why.
#: Each key is named in the multiassist.types docstring.
NOT_MIRRORED: Dict[str, str] = {
    "request parameter": "the *_params / *_param modules and their *Params / *Param names "
    "are openai-python's TypedDicts for request bodies; multiassist takes plain dicts",
    "other APIs": "modules of openai.types, openai.types.beta and openai.types.shared that "
    "are not the Assistants API (chat, responses, agents, realtime, audio...)",
    "ErrorObject": "a stream's error event carries a plain dict in multiassist (raised as "
    "StreamError), not a model",
    "VectorStoreSearchResponse": "vector_stores.search came after the Assistants API; "
    "multiassist does not offer it",
    "FileContentResponse": "vector_stores.files.content came after the Assistants API; "
    "multiassist does not offer it",
}
#: openai-python names bound to the closest multiassist class, which has more fields.
CLOSEST_CLASS = {"AttachmentToolAssistantToolsFileSearchTypeOnly": "FileSearchTool"}

#: The Assistants modules of the packages that also hold other APIs.
ASSISTANTS_MODULES: Dict[str, Tuple[str, ...]] = {
    "types": ("file_", "vector_store", "static_file_chunking", "other_file_chunking"),
    "types.beta": ("assistant", "thread", "code_interpreter_tool", "file_search_tool",
                   "function_tool"),
    "types.shared": ("function_definition", "function_parameters", "metadata",
                     "response_format_text", "response_format_json_object",
                     "response_format_json_schema", "error_object"),
}
#: Packages mirrored whole (every module but the request parameters).
WHOLE_PACKAGES = ("types.beta.threads", "types.beta.threads.runs", "types.vector_stores")
UNMAPPED_NAMES = {"ErrorObject", "VectorStoreSearchResponse", "FileContentResponse"}
UNMAPPED_MODULES = ("types.shared.error_object", "types.vector_store_search_response",
                    "types.vector_stores.file_content_response")


def is_params(module: str, name: str = "") -> bool:
    return module.endswith(("_params", "_param")) or name.endswith(("Params", "Param"))


def is_assistants_module(package: str, module: str) -> bool:
    if is_params(module):
        return False
    if package in WHOLE_PACKAGES:
        return True
    prefixes = ASSISTANTS_MODULES[package]
    if package == "types.shared":
        return module in prefixes
    return module.startswith(prefixes)


def package_exports(package: str) -> List[Tuple[str, str]]:
    """``(module, name)`` for each ``from .module import Name`` of openai's package."""
    init = Path(importlib.import_module(f"openai.{package}").__file__ or "")
    exports = []
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            exports.extend((node.module, alias.asname or alias.name) for alias in node.names)
    return exports


def public_names(module: Any) -> List[str]:
    """The model classes and type aliases a module offers (what a program imports)."""
    names = []
    for name, value in vars(module).items():
        if name.startswith("_") or not name[:1].isupper() or inspect.ismodule(value):
            continue
        if inspect.isclass(value):
            if value.__module__.startswith("openai.types"):
                names.append(name)
        elif typing.get_origin(value) is not None and getattr(typing, name, None) is not value:
            names.append(name)
    return names


def mirrored_modules() -> Iterator[str]:
    """Every module of multiassist.types, as a path under ``types``."""
    yield "types"
    for info in pkgutil.walk_packages(multiassist.types.__path__, "multiassist.types."):
        yield info.name[len("multiassist."):]


def openai_module(path: str) -> Any:
    try:
        return importlib.import_module(f"openai.{path}")
    except ImportError:
        return None


@pytest.mark.parametrize("package", [*ASSISTANTS_MODULES, *WHOLE_PACKAGES])
def test_every_assistants_name_of_an_openai_package_imports_from_the_same_path(
    package: str,
) -> None:
    ours = importlib.import_module(f"multiassist.{package}")
    expected = [(m, n) for m, n in package_exports(package)
                if is_assistants_module(package, m) and not is_params(m, n)
                and n not in UNMAPPED_NAMES]
    assert len(expected) >= 3
    missing = [f"{m}.{n}" for m, n in expected if not hasattr(ours, n)]
    assert missing == [], f"multiassist.{package} lacks {missing}"
    assert set(ours.__all__) >= {n for _, n in expected}


@pytest.mark.parametrize("package", list(ASSISTANTS_MODULES))
def test_every_assistants_module_file_is_mirrored(package: str) -> None:
    base = importlib.import_module(f"openai.{package}")
    wanted = [m.name for m in pkgutil.iter_modules(base.__path__)
              if not m.ispkg and is_assistants_module(package, m.name)
              and f"{package}.{m.name}" not in UNMAPPED_MODULES]
    assert len(wanted) >= 5
    missing = [m for m in wanted if openai_module(f"{package}.{m}") is not None
               and importlib.util.find_spec(f"multiassist.{package}.{m}") is None]
    assert missing == []


@pytest.mark.parametrize("path", [p for p in mirrored_modules() if openai_module(p)])
def test_a_mirrored_module_has_every_name_of_openai_python_module(path: str) -> None:
    ours = importlib.import_module(f"multiassist.{path}")
    theirs = openai_module(path)
    wanted = [n for n in public_names(theirs)
              if n not in UNMAPPED_NAMES and not is_params("", n)
              and (path not in ASSISTANTS_MODULES or n in package_names(path))]
    missing = [n for n in wanted if not hasattr(ours, n)]
    assert missing == [], f"multiassist.{path} lacks {missing}"


def package_names(package: str) -> List[str]:
    return [n for m, n in package_exports(package) if is_assistants_module(package, m)]


def mirrored_pairs() -> Iterator[Tuple[str, str, Any, Any]]:
    for path in mirrored_modules():
        theirs = openai_module(path)
        ours = importlib.import_module(f"multiassist.{path}")
        for name in ours.__all__:
            value = getattr(ours, name)
            if (theirs is not None and hasattr(theirs, name) and inspect.isclass(value)
                    and value.__module__ != "builtins"):
                yield path, name, value, getattr(theirs, name)


def test_every_mirrored_class_is_multiassists_own() -> None:
    for path in mirrored_modules():
        ours = importlib.import_module(f"multiassist.{path}")
        for name in ours.__all__:
            value = getattr(ours, name)
            if not inspect.isclass(value) or value.__module__ == "builtins":
                continue
            home = getattr(multiassist.models, value.__name__, None)
            if home is None:
                home = getattr(multiassist.streaming.events, value.__name__, None)
            assert home is value, f"multiassist.{path}.{name} is not multiassist's class"


def wire_fields(model: Any) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def literal_values(model: Any, field: str) -> Tuple[Any, ...]:
    return typing.get_args(model.model_fields[field].annotation)


@pytest.mark.parametrize(("path", "name", "ours", "theirs"), list(mirrored_pairs()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_a_mirrored_class_has_openai_python_wire_fields(
    path: str, name: str, ours: type, theirs: type
) -> None:
    if issubclass(ours, multiassist.streaming.events.StreamEventModel):
        assert {"data", "event"} <= wire_fields(theirs)
        assert (ours.event,) == literal_values(theirs, "event")  # type: ignore[attr-defined]
        return
    fields = {a.name for a in attrs.fields(ours) if a.init and a.name != "extra"
              and a.metadata != NOT_IN_OPENAI_PYTHON}
    if name in CLOSEST_CLASS:
        assert ours.__name__ == CLOSEST_CLASS[name] and fields >= wire_fields(theirs)
    else:
        assert fields == wire_fields(theirs)
    tag = attrs.fields_dict(ours)["type"].default if "type" in fields else None
    if isinstance(tag, str):  # a tagged union member: its tag is openai-python's
        assert tag in literal_values(theirs, "type")


def test_names_that_differ_are_aliases_of_the_closest_class() -> None:
    from multiassist.types.beta import AssistantTool, AssistantToolChoiceOption
    from multiassist.types.beta.threads import (
        MessageContent,
        MessageDelta,
        MessageDeltaEvent,
        RunStatus,
        TextDeltaBlock,
    )
    from multiassist.types.beta.threads.runs import (
        CodeInterpreterLogs,
        RunStepDelta,
        RunStepDeltaEvent,
        ToolCallDeltaObject,
    )

    m = multiassist.models
    assert AssistantTool == m.Tool and MessageContent == m.ContentPart
    assert AssistantToolChoiceOption == m.ToolChoice
    assert MessageDelta is m.MessageDeltaFields and MessageDeltaEvent is m.MessageDelta
    assert RunStepDelta is m.RunStepDeltaFields and RunStepDeltaEvent is m.RunStepDelta
    assert TextDeltaBlock is m.TextContentBlockDelta
    assert ToolCallDeltaObject is m.ToolCallsStepDetailsDelta
    assert CodeInterpreterLogs is m.CodeInterpreterLogsOutputDelta
    assert set(typing.get_args(RunStatus)) == set(m.RUN_STATUSES)


@pytest.fixture(scope="module")
def finished_run() -> Iterator[Tuple[AssistantsClient, Any, Any]]:
    with Emulator("openai") as emulator, emulator.client(max_retries=0) as client:
        assistant = client.beta.assistants.create(model="gpt-4o",
                                                  tools=[{"type": "code_interpreter"}])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "Please calculate (14 - 11) / 3"}])
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id,
                                                       assistant_id=assistant.id)
        yield client, assistant, run


def test_objects_multiassist_returns_are_instances_of_the_mirrored_types(
    finished_run: Tuple[AssistantsClient, Any, Any],
) -> None:
    from multiassist.types import beta
    from multiassist.types.beta.threads import Message, Run, Text, TextContentBlock
    from multiassist.types.beta.threads.runs import (
        CodeInterpreterToolCall,
        RunStep,
        ToolCallsStepDetails,
    )
    from multiassist.types.beta.threads.runs.run_step import MessageCreationStepDetails
    from multiassist.types.beta.threads.runs.tool_call import ToolCall

    client, assistant, run = finished_run
    assert isinstance(assistant, beta.Assistant) and isinstance(run, Run)
    assert isinstance(client.beta.threads.retrieve(run.thread_id), beta.Thread)
    messages = list(client.beta.threads.messages.list(run.thread_id))
    assert messages and all(isinstance(m, Message) for m in messages)
    part = messages[0].content[0]
    assert isinstance(part, TextContentBlock) and isinstance(part.text, Text)
    steps = list(client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id))
    assert all(isinstance(s, RunStep) for s in steps)
    [tools] = [s.step_details for s in steps if isinstance(s.step_details, ToolCallsStepDetails)]
    assert any(isinstance(s.step_details, MessageCreationStepDetails) for s in steps)
    [call] = tools.tool_calls
    assert isinstance(call, CodeInterpreterToolCall)
    assert isinstance(call, typing.get_args(ToolCall))
    # openai-python's classes are other classes: isinstance against them is never true.
    assert not isinstance(messages[0], openai_threads.Message)
    assert not isinstance(run, openai_threads.Run)


def test_stream_events_are_instances_of_the_mirrored_event_classes(
    finished_run: Tuple[AssistantsClient, Any, Any],
) -> None:
    from multiassist.types.beta import AssistantStreamEvent
    from multiassist.types.beta.assistant_stream_event import (
        ThreadMessageDelta,
        ThreadRunCompleted,
        ThreadRunCreated,
    )
    from multiassist.types.beta.threads import MessageDelta, MessageDeltaEvent

    client, assistant, _ = finished_run
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
        events = list(stream)
    assert all(isinstance(e, typing.get_args(AssistantStreamEvent)) for e in events)
    assert isinstance(events[0], ThreadRunCreated)
    assert any(isinstance(e, ThreadRunCompleted) for e in events)
    delta = next(e for e in events if isinstance(e, ThreadMessageDelta))
    assert isinstance(delta.data, MessageDeltaEvent) and isinstance(delta.data.delta,
                                                                   MessageDelta)


def test_the_package_documents_that_openai_classes_never_match() -> None:
    doc = multiassist.types.__doc__ or ""
    assert "isinstance(x, openai.types.beta.threads.Message)`` can" in doc
    assert "never be true" in doc
    for what in NOT_MIRRORED:
        assert what in " ".join(doc.split()), what
