"""openai-python's dump API and reprs on multiassist's models, pages and stream events.

The objects come from the emulator; openai-python, pointed at the same emulator and asked
for the same objects, is the oracle: for each set of options both libraries must give the
same dict (key order aside).  Hand-written wire objects cover what the emulator never sends
(explicit nulls next to absent fields, unknown keys, several content parts).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from multiassist import AssistantsClient, ResponseDecodeError
from multiassist.converter import Model
from multiassist.models import (
    Assistant,
    FunctionTool,
    Message,
    Run,
    RunStep,
    TextContentBlock,
    Thread,
    UnknownContentPart,
)
from multiassist.streaming import DoneEvent, ThreadMessageDelta, ThreadRunCreated
from multiassist.testing import Emulator

openai = pytest.importorskip("openai")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
from openai.types.beta import assistant_stream_event as openai_events  # noqa: E402
from openai.types.beta.threads import Message as OpenAIMessage  # noqa: E402

#: Option sets programs pass, each given to both libraries' model_dump.
DUMP_OPTIONS: List[Dict[str, Any]] = [
    {},
    {"exclude_unset": True},
    {"exclude_none": True},
    {"exclude_defaults": True},
    {"exclude_unset": True, "exclude_none": True},
    {"mode": "json"},
    {"by_alias": True, "exclude_unset": True},
    {"include": {"id", "object", "status"}},
    {"exclude": {"metadata", "instructions", "tools"}},
    {"exclude_unset": True, "exclude": {"created_at"}},
]

QUIZ_TOOL = {"type": "function", "function": {
    "name": "display_quiz", "description": "Shows a quiz",
    "parameters": {"type": "object", "properties": {"title": {"type": "string"}}}}}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator("openai") as emu:
        yield emu


@pytest.fixture(scope="module")
def clients(emulator: Emulator) -> Iterator[Tuple[AssistantsClient, Any]]:
    reference = openai.OpenAI(base_url=emulator.base_url, api_key=emulator.api_key,
                              max_retries=0)
    with emulator.client(max_retries=0) as ours:
        yield ours, reference
    reference.close()


@pytest.fixture(scope="module")
def conversation(clients: Tuple[AssistantsClient, Any]) -> Dict[str, Any]:
    """A thread with a finished code interpreter run and a run waiting for a tool output,
    made with openai-python (multiassist marks what it writes in the metadata)."""
    _, reference = clients
    assistant = reference.beta.assistants.create(
        model="gpt-4o", name="Math Tutor", tools=[{"type": "code_interpreter"}, QUIZ_TOOL],
        metadata={"course": "algebra"})
    thread = reference.beta.threads.create(
        messages=[{"role": "user", "content": "Please calculate (14 - 11) / 3"}])
    done = reference.beta.threads.runs.create_and_poll(thread_id=thread.id,
                                                       assistant_id=assistant.id)
    reference.beta.threads.messages.create(thread.id, role="user",
                                           content="call display_quiz now")
    waiting = reference.beta.threads.runs.create_and_poll(thread_id=thread.id,
                                                          assistant_id=assistant.id)
    assert done.status == "completed" and waiting.status == "requires_action"
    return {"assistant": assistant.id, "thread": thread.id, "done": done.id,
            "waiting": waiting.id}


def both(clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any],
         what: str) -> Tuple[Any, Any]:
    """The same object as multiassist and as openai-python return it."""
    ids = conversation
    pairs = []
    for client in clients:
        beta = client.beta
        if what == "assistant":
            pairs.append(beta.assistants.retrieve(ids["assistant"]))
        elif what == "thread":
            pairs.append(beta.threads.retrieve(ids["thread"]))
        elif what == "messages":
            pairs.append(beta.threads.messages.list(ids["thread"], order="asc"))
        elif what in ("done", "waiting"):
            pairs.append(beta.threads.runs.retrieve(ids[what], thread_id=ids["thread"]))
        else:
            pairs.append(beta.threads.runs.steps.list(ids["done"], thread_id=ids["thread"]))
    return pairs[0], pairs[1]


OBJECTS = ["assistant", "thread", "done", "waiting"]


@pytest.mark.parametrize("what", OBJECTS)
@pytest.mark.parametrize("options", DUMP_OPTIONS, ids=lambda o: ",".join(sorted(o)) or "none")
def test_model_dump_matches_openai_python(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any], what: str,
    options: Dict[str, Any],
) -> None:
    ours, theirs = both(clients, conversation, what)
    assert ours.model_dump(**options) == theirs.model_dump(**options)


@pytest.mark.parametrize("what", OBJECTS)
def test_to_dict_and_to_json_match_openai_python(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any], what: str
) -> None:
    ours, theirs = both(clients, conversation, what)
    assert ours.to_dict() == theirs.to_dict()
    assert ours.to_dict(exclude_unset=False) == theirs.to_dict(exclude_unset=False)
    assert ours.to_dict(exclude_none=True) == theirs.to_dict(exclude_none=True)
    assert ours.to_dict(mode="json", use_api_names=False) == theirs.to_dict(
        mode="json", use_api_names=False)
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json())
    assert ours.to_json().startswith('{\n  "id": ')  # indent=2 by default
    assert "\n" not in ours.to_json(indent=None)
    compact = ours.model_dump_json()
    assert "\n" not in compact and ", " not in compact.replace('", "', "")
    assert json.loads(compact) == json.loads(theirs.model_dump_json())
    assert json.loads(ours.model_dump_json(indent=4, exclude_none=True)) == json.loads(
        theirs.model_dump_json(indent=4, exclude_none=True))


def same_openai_release() -> None:
    from multiassist.models.openai_reprs import OPENAI_VERSION

    if openai.__version__ != OPENAI_VERSION:
        pytest.skip(f"model reprs follow openai {OPENAI_VERSION}, openai {openai.__version__} "
                    "is installed (python -m scripts.generate_openai_reprs regenerates them)")


@pytest.mark.parametrize("what", [*OBJECTS, "messages", "steps"])
def test_objects_print_as_openai_python_prints_them(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any], what: str
) -> None:
    """``print(run)``, ``print(message.content[0])``, ``print(step.step_details)``: the same
    text, nested objects (tools, content parts, tool calls, usage) included."""
    same_openai_release()
    ours, theirs = both(clients, conversation, what)
    if what in ("messages", "steps"):
        assert len(ours.data) == len(theirs.data) >= 2
        for mine, reference in zip(ours.data, theirs.data):
            assert repr(mine) == repr(reference)
    else:
        assert repr(ours) == repr(theirs)
        assert str(ours) == str(theirs)


def test_run_steps_and_their_details_dump_like_openai_python(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any]
) -> None:
    ours, theirs = both(clients, conversation, "steps")
    assert len(ours.data) == len(theirs.data) == 2
    for step, reference in zip(ours.data, theirs.data):
        assert isinstance(step, RunStep)
        assert step.model_dump() == reference.model_dump()
        assert step.step_details.model_dump() == reference.step_details.model_dump()
        assert step.to_dict() == reference.to_dict()
    [tool_step] = [s for s in ours.data if s.step_details.type == "tool_calls"]
    [call] = tool_step.step_details.tool_calls
    assert call.model_dump()["code_interpreter"]["outputs"] == [
        {"type": "logs", "logs": "1.0\n"}]


def test_a_page_dumps_as_the_api_list_object(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any]
) -> None:
    ours, theirs = both(clients, conversation, "messages")
    dumped = ours.to_dict()
    assert list(dumped) == ["data", "has_more", "object", "first_id", "last_id"]
    assert dumped["object"] == "list" and dumped["has_more"] is False
    assert [m["id"] for m in dumped["data"]] == [m.id for m in ours.data]
    assert dumped["first_id"] == ours.data[0].id and dumped["last_id"] == ours.data[-1].id
    assert dumped == theirs.to_dict()
    assert json.loads(ours.to_json(indent=2)) == json.loads(theirs.to_json(indent=2))
    assert ours.model_dump() == theirs.model_dump()
    only_ids = {"data": {"__all__": {"id"}}, "object": True}
    assert ours.model_dump(include=only_ids) == theirs.model_dump(include=only_ids)
    assert ours.model_dump(include=only_ids)["data"] == [{"id": m.id} for m in ours.data]


def test_an_empty_page_keeps_its_null_cursors(clients: Tuple[AssistantsClient, Any]) -> None:
    ours, _ = clients
    thread = ours.beta.threads.create()
    page = ours.beta.threads.messages.list(thread.id)
    assert page.to_dict() == {"data": [], "has_more": False, "object": "list",
                              "first_id": None, "last_id": None}
    assert page.model_dump(exclude_none=True) == {"data": [], "has_more": False,
                                                  "object": "list"}


def test_stream_events_dump_as_openai_python_event_models(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any]
) -> None:
    ours, _ = clients
    thread = ours.beta.threads.create(messages=[{"role": "user", "content": "stream please"}])
    with ours.beta.threads.runs.stream(thread.id, assistant_id=conversation["assistant"]) as s:
        events = list(s)
    assert isinstance(events[0], ThreadRunCreated) and len(events) > 5
    for event in events:
        dumped = event.model_dump(exclude_unset=True)
        assert list(dumped) == ["data", "event"] and dumped["event"] == event.event
        assert dumped["data"] == event.data.to_dict()
        reference_class = getattr(openai_events, type(event).__name__)
        reference = reference_class.model_validate(dumped)
        assert reference.model_dump(exclude_unset=True) == dumped
        text = event.model_dump_json(indent=2, exclude_unset=True)
        assert json.loads(text) == json.loads(reference.model_dump_json(indent=2,
                                                                        exclude_unset=True))
        assert type(event).model_validate(dumped) == event
    delta = next(e for e in events if isinstance(e, ThreadMessageDelta))
    assert delta.to_dict()["data"]["delta"]["content"][0]["text"]["value"] == delta.data.text
    assert DoneEvent(data="[DONE]").to_dict() == {"data": "[DONE]", "event": "done"}


# --- hand-written wire objects: explicit nulls, unknown keys, nested selections ----------

WIRE_MESSAGE: Dict[str, Any] = {
    "id": "msg_1", "object": "thread.message", "created_at": 1700000000,
    "thread_id": "thread_1", "status": "completed", "role": "assistant",
    "content": [
        {"type": "text", "text": {"value": "See [1].", "annotations": [
            {"type": "file_citation", "text": "[1]", "start_index": 4, "end_index": 7,
             "file_citation": {"file_id": "file-1"}}]}},
        {"type": "image_file", "image_file": {"file_id": "file-2", "detail": None}},
    ],
    "assistant_id": None,  # explicit null: set
    "run_id": "run_1",
    "metadata": {"topic": "algebra"},
    "x_trace": {"hops": [1, 2], "gateway": None},  # unknown key: kept and dumped
    "x_null": None,
}


def test_exclude_unset_gives_exactly_the_wire_keys() -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    assert message.to_dict() == WIRE_MESSAGE
    assert message.model_dump(exclude_unset=True) == WIRE_MESSAGE
    assert json.loads(message.to_json()) == WIRE_MESSAGE
    reference = OpenAIMessage.model_validate(WIRE_MESSAGE)
    assert message.model_dump(exclude_unset=True) == reference.model_dump(exclude_unset=True)


def test_a_full_dump_has_every_field_and_the_extras() -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    full = message.model_dump()
    assert full["incomplete_details"] is None and full["attachments"] is None  # absent: None
    assert full["x_trace"] == {"hops": [1, 2], "gateway": None}
    assert full["content"][1]["image_file"] == {"file_id": "file-2", "detail": None}
    assert full == OpenAIMessage.model_validate(WIRE_MESSAGE).model_dump()
    assert "file_ids" not in full  # a v1 field openai-python's Message lacks: only when set


def test_exclude_none_drops_nulls_of_fields_and_extras_not_inside_raw_values() -> None:
    dumped = Message.from_dict(WIRE_MESSAGE).model_dump(exclude_none=True)
    assert "assistant_id" not in dumped and "x_null" not in dumped
    assert dumped["x_trace"] == {"hops": [1, 2], "gateway": None}
    assert "detail" not in dumped["content"][1]["image_file"]
    assert dumped == OpenAIMessage.model_validate(WIRE_MESSAGE).model_dump(exclude_none=True)


@pytest.mark.parametrize("options", [
    {"include": {"content": {0: {"text": {"value"}}}, "id": True}},
    {"include": {"content": {"__all__": {"type"}}}, "exclude": {"content": {0}}},
    {"exclude": {"content": {"__all__": {"text": {"annotations": {0: {"file_citation"}}}}}}},
    {"include": {"metadata": {"topic"}, "x_trace": {"hops": {1}}}},
    {"exclude": {"x_trace": True, "content": True}, "exclude_unset": True},
    {"include": ["id", "role"]},
    {"include": {"content": ...}},
], ids=lambda o: json.dumps(o, default=str))
def test_nested_include_and_exclude_match_openai_python(options: Dict[str, Any]) -> None:
    ours = Message.from_dict(WIRE_MESSAGE).model_dump(**options)
    theirs = OpenAIMessage.model_validate(WIRE_MESSAGE).model_dump(**options)
    assert ours == theirs


def test_include_narrows_a_list_to_the_chosen_items() -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    assert message.model_dump(include={"content": {1: {"type"}}}) == {
        "content": [{"type": "image_file"}]}


@pytest.mark.parametrize("options", DUMP_OPTIONS[:7], ids=lambda o: ",".join(sorted(o)) or "none")
def test_dumps_validate_back_to_an_equal_object(options: Dict[str, Any]) -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    again = Message.model_validate(message.model_dump(**options))
    assert again == message if not options.get("exclude_none") else again.id == message.id
    from_json = Message.model_validate_json(message.model_dump_json(
        **{k: v for k, v in options.items() if k != "mode"}))
    assert from_json.content == message.content
    assert Message.model_validate(message) is message
    assert Message.model_validate(message.to_dict()).to_dict() == WIRE_MESSAGE


def test_objects_from_the_emulator_round_trip(
    clients: Tuple[AssistantsClient, Any], conversation: Dict[str, Any]
) -> None:
    for what, cls in (("assistant", Assistant), ("thread", Thread), ("waiting", Run)):
        ours, _ = both(clients, conversation, what)
        assert cls.model_validate(ours.model_dump()) == ours
        assert cls.model_validate_json(ours.to_json()) == ours
        assert cls.model_validate(ours.to_dict()).to_dict() == ours.to_dict()


def test_a_model_built_in_code_dumps_only_what_was_given_as_set() -> None:
    tool = FunctionTool(function={"name": "f"})  # type: ignore[arg-type]
    assert tool.to_dict() == {"type": "function", "function": {"name": "f"}}
    assert tool.model_dump(exclude_unset=True) == tool.to_dict()
    assert tool.model_dump()["function"] == {"name": "f"}
    thread = Thread(id="thread_1", object="thread", created_at=1)
    assert thread.to_dict() == {"id": "thread_1", "object": "thread", "created_at": 1}
    assert thread.model_dump() == {"id": "thread_1", "object": "thread", "created_at": 1,
                                   "tool_resources": None, "metadata": None}
    assert thread.model_dump(exclude_defaults=True) == thread.to_dict()


def test_construct_builds_nested_models_without_checking() -> None:
    message = Message.construct(**WIRE_MESSAGE)
    assert message == Message.from_dict(WIRE_MESSAGE)
    assert isinstance(message.content[0], TextContentBlock)
    assert message.to_dict() == WIRE_MESSAGE
    assert Message.model_construct(**WIRE_MESSAGE) == message
    assert message._request_id is None  # set on returned objects only; present, not missing

    odd = Message.construct(id="msg_2", created_at="yesterday",
                            content=[{"type": "hologram", "depth": 3}])
    assert odd.created_at == "yesterday"  # kept as given: no validation
    assert isinstance(odd.content[0], UnknownContentPart)
    assert odd.content[0].extra == {"depth": 3}
    assert odd.model_dump(exclude_unset=True) == {
        "id": "msg_2", "created_at": "yesterday", "content": [{"type": "hologram", "depth": 3}],
        "object": None, "thread_id": None, "status": None, "role": None}
    reference = OpenAIMessage.construct(id="msg_2", assistant_id=None)
    ours = Message.construct(id="msg_2", assistant_id=None)
    assert ours.model_dump(exclude_unset=True, exclude={"object", "thread_id", "status",
                                                        "role", "created_at", "content"}) == \
        reference.model_dump(exclude_unset=True)


def test_construct_fields_set_names_the_explicit_nulls() -> None:
    run = Run.construct({"id", "usage"}, id="run_1", usage=None, last_error=None)
    dumped = run.model_dump(exclude_unset=True)
    assert "last_error" not in dumped and dumped["usage"] is None
    assert Run.construct(id="run_1", last_error=None).model_dump(exclude_unset=True)[
        "last_error"] is None


def test_stream_events_validate_and_construct() -> None:
    wire = {"event": "thread.run.created", "data": {"id": "run_1", "status": "queued"}}
    built = ThreadRunCreated.construct(**wire)
    assert isinstance(built.data, Run) and built.data.status == "queued"
    with pytest.raises(ResponseDecodeError, match="Run"):
        ThreadRunCreated.model_validate(wire)  # a real Run needs every required field
    with pytest.raises(ValueError, match=r"is the 'thread\.run\.created' event"):
        ThreadRunCreated.model_validate({"event": "thread.run.queued", "data": {}})
    with pytest.raises(ValueError, match="'data'"):
        ThreadRunCreated.model_validate({"event": "thread.run.created"})


def test_bad_arguments_are_refused_with_what_to_pass() -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    with pytest.raises(ValueError, match="mode must be 'python' or 'json', got 'xml'"):
        message.model_dump(mode="xml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"include must be a set.*write \{'id'\}"):
        message.model_dump(include="id")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="warnings must be"):
        message.to_dict(warnings="loud")  # type: ignore[arg-type]
    with pytest.raises(ResponseDecodeError, match=r"expected integer, got string @ \$.created_at"):
        Message.model_validate({**WIRE_MESSAGE, "created_at": "soon"})
    with pytest.raises(ValueError):
        Message.model_validate_json("{not json")


def test_a_value_that_is_not_json_needs_a_fallback_in_json_mode() -> None:
    thread = Thread.from_dict({"id": "thread_1", "object": "thread", "created_at": 1})
    thread.extra["when"] = {1, 2}
    assert thread.model_dump()["when"] == {1, 2}  # python mode passes it through
    with pytest.raises(TypeError, match="pass fallback="):
        thread.model_dump(mode="json")
    assert thread.model_dump(mode="json", fallback=sorted)["when"] == [1, 2]
    assert json.loads(thread.model_dump_json(fallback=sorted))["when"] == [1, 2]
    with pytest.raises(TypeError):
        thread.model_dump_json()


def test_models_and_events_carry_no_per_instance_dict() -> None:
    message = Message.from_dict(WIRE_MESSAGE)
    event = ThreadRunCreated(data=Run.construct(id="run_1"))
    for obj in (message, message.content[0], event):
        assert not hasattr(obj, "__dict__")
    assert isinstance(message, Model)
