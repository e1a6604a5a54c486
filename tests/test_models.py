"""Tests for multiassist.models and multiassist.converter: wire JSON in, typed models out,
and the same JSON back.

Fixture payloads are written by hand after the OpenAI (v2) and Azure 2024-02-15-preview
(v1) specifications; ``test_fixtures_follow_the_spec`` checks them against the schemas so
the other tests exercise real shapes.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, List, Tuple, Type

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multiassist import models
from multiassist.converter import structure, to_dict, unstructure
from multiassist.errors import ResponseDecodeError
from multiassist.models import (
    Assistant,
    AssistantDeleted,
    AssistantFile,
    AssistantFileDeleted,
    CodeInterpreterImageOutput,
    CodeInterpreterLogsOutput,
    CodeInterpreterTool,
    CodeInterpreterToolCall,
    CodeInterpreterToolResource,
    FileCitationAnnotation,
    FileDeleted,
    FileObject,
    FilePathAnnotation,
    FileSearchTool,
    FileSearchToolCall,
    FunctionDefinition,
    FunctionTool,
    FunctionToolCall,
    ImageFileContentBlock,
    ImageURLContentBlock,
    Message,
    MessageCreationStepDetails,
    MessageDeleted,
    MessageFile,
    Model,
    NamedToolChoice,
    RefusalContentBlock,
    ResponseFormatJsonObject,
    ResponseFormatJsonSchema,
    RetrievalTool,
    RetrievalToolCall,
    Run,
    RunStep,
    StaticChunkingStrategy,
    TextContentBlock,
    Thread,
    ThreadDeleted,
    ToolCallsStepDetails,
    ToolOutput,
    ToolResources,
    UnknownAnnotation,
    UnknownChunkingStrategy,
    UnknownCodeInterpreterOutput,
    UnknownContentPart,
    UnknownResponseFormat,
    UnknownStepDetails,
    UnknownTool,
    UnknownToolCall,
    UnknownVariant,
    VectorStore,
    VectorStoreDeleted,
    VectorStoreFile,
    VectorStoreFileBatch,
    VectorStoreFileDeleted,
)
from tests.spec_validation import spec_path

# --- fixtures: OpenAI v2 wire --------------------------------------------------------------

FUNCTION_TOOL: Dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
        "strict": False,
    },
}

ASSISTANT: Dict[str, Any] = {
    "id": "asst_abc123",
    "object": "assistant",
    "created_at": 1698984975,
    "name": "Math Tutor",
    "description": None,
    "model": "gpt-4o",
    "instructions": "You are a personal math tutor.",
    "tools": [
        {"type": "code_interpreter"},
        {
            "type": "file_search",
            "file_search": {
                "max_num_results": 20,
                "ranking_options": {"ranker": "auto", "score_threshold": 0.5},
            },
        },
        FUNCTION_TOOL,
    ],
    "tool_resources": {
        "code_interpreter": {"file_ids": ["file-abc123"]},
        "file_search": {"vector_store_ids": ["vs_abc123"]},
    },
    "metadata": {"team": "math"},
    "top_p": 1.0,
    "temperature": 0.7,
    "response_format": "auto",
}

THREAD: Dict[str, Any] = {
    "id": "thread_abc123",
    "object": "thread",
    "created_at": 1699012949,
    "metadata": {},
    "tool_resources": {},
}

MESSAGE: Dict[str, Any] = {
    "id": "msg_abc123",
    "object": "thread.message",
    "created_at": 1699017614,
    "thread_id": "thread_abc123",
    "status": "completed",
    "incomplete_details": None,
    "completed_at": 1699017615,
    "incomplete_at": None,
    "role": "assistant",
    "content": [
        {
            "type": "text",
            "text": {
                "value": "Revenue grew【4:0†source】. Chart: sandbox:/mnt/data/c.png",
                "annotations": [
                    {
                        "type": "file_citation",
                        "text": "【4:0†source】",
                        "file_citation": {"file_id": "file-cite1"},
                        "start_index": 12,
                        "end_index": 24,
                    },
                    {
                        "type": "file_path",
                        "text": "sandbox:/mnt/data/c.png",
                        "file_path": {"file_id": "file-png1"},
                        "start_index": 33,
                        "end_index": 56,
                    },
                ],
            },
        },
        {"type": "image_file", "image_file": {"file_id": "file-img1", "detail": "auto"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
        {"type": "text", "text": {"value": " Done.", "annotations": []}},
        {"type": "refusal", "refusal": "I can't share that."},
    ],
    "assistant_id": "asst_abc123",
    "run_id": "run_abc123",
    "attachments": [
        {"file_id": "file-att1", "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]}
    ],
    "metadata": {},
}

RUN: Dict[str, Any] = {
    "id": "run_abc123",
    "object": "thread.run",
    "created_at": 1699075072,
    "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123",
    "status": "requires_action",
    "required_action": {
        "type": "submit_tool_outputs",
        "submit_tool_outputs": {
            "tool_calls": [
                {
                    "id": "call_abc123",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                }
            ]
        },
    },
    "last_error": None,
    "expires_at": 1699075672,
    "started_at": 1699075072,
    "cancelled_at": None,
    "failed_at": None,
    "completed_at": None,
    "incomplete_details": None,
    "model": "gpt-4o",
    "instructions": "You are a helpful assistant.",
    "tools": [FUNCTION_TOOL],
    "metadata": {},
    "usage": None,
    "temperature": 1,
    "top_p": 1.0,
    "max_prompt_tokens": 1000,
    "max_completion_tokens": None,
    "truncation_strategy": {"type": "auto", "last_messages": None},
    "tool_choice": "auto",
    "parallel_tool_calls": True,
    "response_format": {
        "type": "json_schema",
        "json_schema": {
            "name": "weather",
            "schema": {"type": "object", "properties": {"temp": {"type": "number"}}},
            "strict": True,
        },
    },
}

RUN_STEP_MESSAGE: Dict[str, Any] = {
    "id": "step_abc123",
    "object": "thread.run.step",
    "created_at": 1699063291,
    "run_id": "run_abc123",
    "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123",
    "type": "message_creation",
    "status": "completed",
    "cancelled_at": None,
    "completed_at": 1699063291,
    "expired_at": None,
    "failed_at": None,
    "last_error": None,
    "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_abc123"}},
    "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
    "metadata": None,
}

RUN_STEP_TOOLS: Dict[str, Any] = {
    **RUN_STEP_MESSAGE,
    "id": "step_def456",
    "type": "tool_calls",
    "step_details": {
        "type": "tool_calls",
        "tool_calls": [
            {
                "id": "call_code",
                "type": "code_interpreter",
                "code_interpreter": {
                    "input": "print(2 + 2)",
                    "outputs": [
                        {"type": "logs", "logs": "4\n"},
                        {"type": "image", "image": {"file_id": "file-plot"}},
                    ],
                },
            },
            {
                "id": "call_search",
                "type": "file_search",
                "file_search": {
                    "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0},
                    "results": [
                        {
                            "file_id": "file-doc",
                            "file_name": "report.pdf",
                            "score": 0.82,
                            "content": [{"type": "text", "text": "Revenue grew 12%."}],
                        }
                    ],
                },
            },
            {
                "id": "call_fn",
                "type": "function",
                "function": {"name": "get_weather", "arguments": "{}", "output": None},
            },
        ],
    },
}

FILE: Dict[str, Any] = {
    "id": "file-abc123",
    "object": "file",
    "bytes": 120000,
    "created_at": 1677610602,
    "filename": "salesOverview.pdf",
    "purpose": "assistants",
    "status": "processed",
}

VECTOR_STORE: Dict[str, Any] = {
    "id": "vs_abc123",
    "object": "vector_store",
    "created_at": 1699061776,
    "name": "Support FAQ",
    "usage_bytes": 139920,
    "file_counts": {"in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3},
    "status": "completed",
    "expires_after": {"anchor": "last_active_at", "days": 7},
    "expires_at": 1699666576,
    "last_active_at": 1699061776,
    "metadata": {},
}

VECTOR_STORE_FILE: Dict[str, Any] = {
    "id": "file-abc123",
    "object": "vector_store.file",
    "usage_bytes": 1234,
    "created_at": 1699061776,
    "vector_store_id": "vs_abc123",
    "status": "completed",
    "last_error": None,
    "chunking_strategy": {
        "type": "static",
        "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
    },
    "attributes": {"author": "ann", "year": 2024, "public": True},
}

VECTOR_STORE_FILE_BATCH: Dict[str, Any] = {
    "id": "vsfb_abc123",
    "object": "vector_store.files_batch",
    "created_at": 1699061776,
    "vector_store_id": "vs_abc123",
    "status": "in_progress",
    "file_counts": {"in_progress": 1, "completed": 1, "failed": 0, "cancelled": 0, "total": 2},
}


def deleted(object_name: str, ident: str) -> Dict[str, Any]:
    return {"id": ident, "object": object_name, "deleted": True}


# --- fixtures: Azure 2024-02-15-preview (v1) wire -------------------------------------------

ASSISTANT_V1: Dict[str, Any] = {
    "id": "asst_v1",
    "object": "assistant",
    "created_at": 1707000000,
    "name": None,
    "description": None,
    "model": "gpt-4-deployment",
    "instructions": None,
    "tools": [{"type": "retrieval"}, {"type": "code_interpreter"}],
    "file_ids": ["assistant-file1"],
    "metadata": {},
}

MESSAGE_V1: Dict[str, Any] = {
    "id": "msg_v1",
    "object": "thread.message",
    "created_at": 1707000001,
    "thread_id": "thread_v1",
    "status": "completed",
    "incomplete_details": None,
    "completed_at": None,
    "incomplete_at": None,
    "role": "assistant",
    "content": [
        {
            "type": "text",
            "text": {
                "value": "See 【1†source】",
                "annotations": [
                    {
                        "type": "file_citation",
                        "text": "【1†source】",
                        "file_citation": {"file_id": "assistant-file1", "quote": "a quote"},
                        "start_index": 4,
                        "end_index": 14,
                    }
                ],
            },
        }
    ],
    "assistant_id": None,
    "run_id": None,
    "file_ids": [],
    "metadata": {},
}

RUN_V1: Dict[str, Any] = {
    "id": "run_v1",
    "object": "thread.run",
    "thread_id": "thread_v1",
    "assistant_id": "asst_v1",
    "status": "completed",
    "required_action": None,
    "last_error": None,
    "model": "gpt-4-deployment",
    "instructions": "Be brief.",
    "tools": [{"type": "retrieval"}],
    "file_ids": ["assistant-file1"],
    "created_at": 1707000002,
    "expires_at": None,
    "started_at": 1707000003,
    "completed_at": 1707000009,
    "cancelled_at": None,
    "failed_at": None,
    "incomplete_details": None,
    "usage": {"completion_tokens": 10, "prompt_tokens": 20, "total_tokens": 30},
    "metadata": {},
}

RUN_STEP_V1: Dict[str, Any] = {
    **RUN_STEP_MESSAGE,
    "id": "step_v1",
    "type": "tool_calls",
    "step_details": {
        "type": "tool_calls",
        "tool_calls": [{"id": "call_r", "type": "retrieval", "retrieval": {}}],
    },
}

FILE_V1: Dict[str, Any] = {
    "object": "file",
    "id": "assistant-file1",
    "bytes": 2048,
    "filename": "notes.txt",
    "created_at": 1707000000,
    "purpose": "assistants",
}

ASSISTANT_FILE: Dict[str, Any] = {
    "id": "assistant-file1",
    "object": "assistant.file",
    "created_at": 1707000004,
    "assistant_id": "asst_v1",
}

MESSAGE_FILE: Dict[str, Any] = {
    "id": "assistant-file1",
    "object": "thread.message.file",
    "created_at": 1707000005,
    "message_id": "msg_v1",
}

# (payload, model, OpenAPI/Swagger schema it follows: (spec file, schema name) or None)
CASES: List[Tuple[str, Dict[str, Any], Type[Model], Any]] = [
    ("assistant", ASSISTANT, Assistant, ("openai", "AssistantObject")),
    ("thread", THREAD, Thread, ("openai", "ThreadObject")),
    ("message", MESSAGE, Message, ("openai", "MessageObject")),
    ("run", RUN, Run, ("openai", "RunObject")),
    ("step-message", RUN_STEP_MESSAGE, RunStep, ("openai", "RunStepObject")),
    ("step-tools", RUN_STEP_TOOLS, RunStep, ("openai", "RunStepObject")),
    ("file", FILE, FileObject, ("openai", "OpenAIFile")),
    ("vector-store", VECTOR_STORE, VectorStore, ("openai", "VectorStoreObject")),
    ("vs-file", VECTOR_STORE_FILE, VectorStoreFile, ("openai", "VectorStoreFileObject")),
    (
        "vs-batch",
        VECTOR_STORE_FILE_BATCH,
        VectorStoreFileBatch,
        ("openai", "VectorStoreFileBatchObject"),
    ),
    (
        "assistant-deleted",
        deleted("assistant.deleted", "asst_abc123"),
        AssistantDeleted,
        ("openai", "DeleteAssistantResponse"),
    ),
    (
        "thread-deleted",
        deleted("thread.deleted", "thread_abc123"),
        ThreadDeleted,
        ("openai", "DeleteThreadResponse"),
    ),
    (
        "message-deleted",
        deleted("thread.message.deleted", "msg_abc123"),
        MessageDeleted,
        ("openai", "DeleteMessageResponse"),
    ),
    (
        "file-deleted",
        deleted("file", "file-abc123"),
        FileDeleted,
        ("openai", "DeleteFileResponse"),
    ),
    (
        "vs-deleted",
        deleted("vector_store.deleted", "vs_abc123"),
        VectorStoreDeleted,
        ("openai", "DeleteVectorStoreResponse"),
    ),
    (
        "vs-file-deleted",
        deleted("vector_store.file.deleted", "file-abc123"),
        VectorStoreFileDeleted,
        ("openai", "DeleteVectorStoreFileResponse"),
    ),
    # Azure v1: the stored 2024-02-15-preview spec no longer describes file_ids, retrieval,
    # AssistantFile or MessageFile, so only the shapes it still has are checked against it.
    ("assistant-v1", ASSISTANT_V1, Assistant, None),
    ("message-v1", MESSAGE_V1, Message, None),
    ("run-v1", RUN_V1, Run, None),
    ("step-v1", RUN_STEP_V1, RunStep, None),
    ("file-v1", FILE_V1, FileObject, ("azure-v1", "OpenAIFile")),
    ("assistant-file", ASSISTANT_FILE, AssistantFile, None),
    ("message-file", MESSAGE_FILE, MessageFile, None),
    (
        "assistant-file-deleted",
        deleted("assistant.file.deleted", "assistant-file1"),
        AssistantFileDeleted,
        None,
    ),
]

TOP_LEVEL_MODELS = sorted({case[2] for case in CASES}, key=lambda cls: cls.__name__)


# --- spec conformance of the fixtures -------------------------------------------------------


def _allow_nulls(schema: Any) -> Any:
    """Turn OpenAPI ``nullable: true`` / Swagger ``x-nullable`` into JSON Schema nulls."""
    if isinstance(schema, list):
        return [_allow_nulls(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _allow_nulls(value) for key, value in schema.items()}
    if out.pop("nullable", False) or out.pop("x-nullable", False):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@pytest.fixture(scope="module")
def validators() -> Dict[str, Any]:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.jsonschema import DRAFT4, DRAFT202012

    made = {}
    for key, filename, spec_draft, prefix, cls in [
        (
            "openai",
            "openai-assistants.json",
            DRAFT202012,
            "components/schemas",
            jsonschema.Draft202012Validator,
        ),
        (
            "azure-v1",
            "azure-assistants-2024-02-15-preview.json",
            DRAFT4,
            "definitions",
            jsonschema.Draft4Validator,
        ),
    ]:
        spec = _allow_nulls(json.loads(spec_path(filename).read_text()))
        registry = referencing.Registry().with_resource(
            "urn:spec", referencing.Resource(contents=spec, specification=spec_draft)
        )
        made[key] = (cls, registry, prefix)
    return made


@pytest.mark.parametrize(
    "payload,spec", [(c[1], c[3]) for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]]
)
def test_fixtures_follow_the_spec(
    validators: Dict[str, Any], payload: Dict[str, Any], spec: Tuple[str, str]
) -> None:
    cls, registry, prefix = validators[spec[0]]
    cls({"$ref": f"urn:spec#/{prefix}/{spec[1]}"}, registry=registry).validate(payload)


# --- decoding every model -------------------------------------------------------------------


@pytest.mark.parametrize("payload,cls", [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_every_model_decodes_and_round_trips(payload: Dict[str, Any], cls: Type[Model]) -> None:
    original = copy.deepcopy(payload)
    model = structure(payload, cls)
    assert type(model) is cls
    assert model.to_dict() == original
    assert json.loads(json.dumps(model.to_dict())) == original
    assert cls.from_dict(payload) == model
    assert payload == original, "decoding must not modify the input"


def test_assistant_fields_are_typed() -> None:
    assistant = structure(ASSISTANT, Assistant)
    code, search, function = assistant.tools
    assert isinstance(code, CodeInterpreterTool)
    assert isinstance(search, FileSearchTool) and search.file_search is not None
    assert search.file_search.max_num_results == 20
    assert search.file_search.ranking_options is not None
    assert search.file_search.ranking_options.score_threshold == 0.5
    assert isinstance(function, FunctionTool)
    assert function.function.parameters == FUNCTION_TOOL["function"]["parameters"]
    assert assistant.tool_resources is not None
    assert assistant.tool_resources.file_search is not None
    assert assistant.tool_resources.file_search.vector_store_ids == ["vs_abc123"]
    assert assistant.response_format == "auto" and assistant.description is None
    assert assistant.metadata == {"team": "math"}


def test_message_content_parts_and_annotations() -> None:
    message = structure(MESSAGE, Message)
    kinds = [type(part) for part in message.content]
    assert kinds == [
        TextContentBlock,
        ImageFileContentBlock,
        ImageURLContentBlock,
        TextContentBlock,
        RefusalContentBlock,
    ]
    first = message.content[0]
    assert isinstance(first, TextContentBlock)
    citation, path = first.text.annotations
    assert isinstance(citation, FileCitationAnnotation)
    assert citation.file_citation.file_id == "file-cite1" and citation.end_index == 24
    assert isinstance(path, FilePathAnnotation) and path.file_path.file_id == "file-png1"
    image = message.content[1]
    assert isinstance(image, ImageFileContentBlock) and image.image_file.detail == "auto"
    assert message.attachments is not None
    assert [type(tool) for tool in message.attachments[0].tools or []] == [
        CodeInterpreterTool,
        FileSearchTool,
    ]


def test_message_text_concatenates_text_parts_only() -> None:
    message = structure(MESSAGE, Message)
    assert message.text == MESSAGE["content"][0]["text"]["value"] + " Done."
    no_text = structure({**MESSAGE, "content": [MESSAGE["content"][1]]}, Message)
    assert no_text.text == ""


def test_run_required_action_and_options() -> None:
    run = structure(RUN, Run)
    assert run.required_action is not None
    (call,) = run.required_action.submit_tool_outputs.tool_calls
    assert (call.id, call.function.name, call.function.arguments) == (
        "call_abc123",
        "get_weather",
        '{"city":"Paris"}',
    )
    assert run.tool_choice == "auto" and run.parallel_tool_calls is True
    assert isinstance(run.response_format, ResponseFormatJsonSchema)
    assert run.response_format.json_schema.strict is True
    assert run.truncation_strategy is not None and run.truncation_strategy.type == "auto"
    assert run.usage is None and run.last_error is None


def test_run_step_details_and_tool_calls() -> None:
    step = structure(RUN_STEP_MESSAGE, RunStep)
    assert isinstance(step.step_details, MessageCreationStepDetails)
    assert step.step_details.message_creation.message_id == "msg_abc123"
    assert step.usage is not None and step.usage.total_tokens == 579

    details = structure(RUN_STEP_TOOLS, RunStep).step_details
    assert isinstance(details, ToolCallsStepDetails)
    code, search, function = details.tool_calls
    assert isinstance(code, CodeInterpreterToolCall)
    logs, image = code.code_interpreter.outputs
    assert isinstance(logs, CodeInterpreterLogsOutput) and logs.logs == "4\n"
    assert isinstance(image, CodeInterpreterImageOutput) and image.image.file_id == "file-plot"
    assert isinstance(search, FileSearchToolCall)
    assert search.file_search.results is not None
    assert search.file_search.results[0].file_name == "report.pdf"
    assert isinstance(function, FunctionToolCall) and function.function.output is None


def test_vector_store_file_chunking_and_attributes() -> None:
    vs_file = structure(VECTOR_STORE_FILE, VectorStoreFile)
    assert isinstance(vs_file.chunking_strategy, StaticChunkingStrategy)
    assert vs_file.chunking_strategy.static.chunk_overlap_tokens == 400
    assert vs_file.attributes == {"author": "ann", "year": 2024, "public": True}
    store = structure(VECTOR_STORE, VectorStore)
    assert store.file_counts.completed == 3
    assert store.expires_after is not None and store.expires_after.days == 7


def test_azure_v1_shapes() -> None:
    assistant = structure(ASSISTANT_V1, Assistant)
    assert isinstance(assistant.tools[0], RetrievalTool)
    assert assistant.file_ids == ["assistant-file1"] and assistant.tool_resources is None
    message = structure(MESSAGE_V1, Message)
    part = message.content[0]
    assert isinstance(part, TextContentBlock)
    citation = part.text.annotations[0]
    assert isinstance(citation, FileCitationAnnotation)
    assert citation.file_citation.quote == "a quote"
    assert message.attachments is None and message.file_ids == []
    details = structure(RUN_STEP_V1, RunStep).step_details
    assert isinstance(details, ToolCallsStepDetails)
    assert isinstance(details.tool_calls[0], RetrievalToolCall)
    assert structure(FILE_V1, FileObject).status is None
    assert structure(RUN_V1, Run).file_ids == ["assistant-file1"]


def test_a_list_page_decodes_with_a_list_type() -> None:
    page = [MESSAGE, MESSAGE_V1]
    messages = structure(page, List[Message])
    assert [m.id for m in messages] == ["msg_abc123", "msg_v1"]


# --- nothing is lost ------------------------------------------------------------------------


def test_unknown_fields_are_kept_at_top_level_and_nested() -> None:
    payload = copy.deepcopy(RUN)
    payload["reasoning_effort"] = "high"
    payload["extra"] = {"looks": "like our attribute"}
    payload["required_action"]["submit_tool_outputs"]["tool_calls"][0]["index"] = 0
    payload["tools"][0]["function"]["x-vendor"] = [1, {"a": None}]
    run = structure(payload, Run)
    assert run.extra == {"reasoning_effort": "high", "extra": {"looks": "like our attribute"}}
    assert run.tools[0].extra == {}
    assert isinstance(run.tools[0], FunctionTool)
    assert run.tools[0].function.extra == {"x-vendor": [1, {"a": None}]}
    assert run.to_dict() == payload
    assert repr(run).endswith("reasoning_effort='high', extra={'looks': 'like our attribute'})")


def test_extras_take_part_in_equality() -> None:
    plain = structure(THREAD, Thread)
    assert plain == structure(dict(THREAD), Thread)
    assert plain != structure({**THREAD, "new": 1}, Thread)


def test_explicit_null_comes_back_and_absent_stays_absent() -> None:
    with_null = structure({**THREAD, "metadata": None}, Thread)
    without = structure({k: v for k, v in THREAD.items() if k != "metadata"}, Thread)
    assert with_null == without  # same values...
    assert with_null.to_dict()["metadata"] is None  # ...but each keeps its own shape
    assert "metadata" not in without.to_dict()


def test_changes_show_up_in_to_dict() -> None:
    thread = structure(THREAD, Thread)
    thread.metadata = {"k": "v"}
    thread.extra["added"] = True
    assert thread.to_dict() == {**THREAD, "metadata": {"k": "v"}, "added": True}


def test_models_built_in_code_leave_unset_fields_out() -> None:
    tool = FunctionTool(function=FunctionDefinition(name="lookup", parameters={"type": "object"}))
    assert tool.to_dict() == {
        "type": "function",
        "function": {"name": "lookup", "parameters": {"type": "object"}},
    }
    assert ToolResources(
        code_interpreter=CodeInterpreterToolResource(file_ids=["f"])
    ).to_dict() == {"code_interpreter": {"file_ids": ["f"]}}


# --- tagged unions --------------------------------------------------------------------------

UNKNOWN_MEMBERS = [
    ("tool", lambda p: {**ASSISTANT, "tools": [p]}, Assistant, UnknownTool),
    (
        "content",
        lambda p: {**MESSAGE, "content": [p]},
        Message,
        UnknownContentPart,
    ),
    (
        "annotation",
        lambda p: {
            **MESSAGE,
            "content": [{"type": "text", "text": {"value": "x", "annotations": [p]}}],
        },
        Message,
        UnknownAnnotation,
    ),
    (
        "step-details",
        lambda p: {**RUN_STEP_MESSAGE, "step_details": p},
        RunStep,
        UnknownStepDetails,
    ),
    (
        "tool-call",
        lambda p: {**RUN_STEP_TOOLS, "step_details": {"type": "tool_calls", "tool_calls": [p]}},
        RunStep,
        UnknownToolCall,
    ),
    (
        "code-output",
        lambda p: {
            **RUN_STEP_TOOLS,
            "step_details": {
                "type": "tool_calls",
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "code_interpreter",
                        "code_interpreter": {"input": "", "outputs": [p]},
                    }
                ],
            },
        },
        RunStep,
        UnknownCodeInterpreterOutput,
    ),
    ("response-format", lambda p: {**RUN, "response_format": p}, Run, UnknownResponseFormat),
    (
        "chunking",
        lambda p: {**VECTOR_STORE_FILE, "chunking_strategy": p},
        VectorStoreFile,
        UnknownChunkingStrategy,
    ),
]


def _find_unknown(model: Any, unknown_cls: type) -> Any:
    """Depth-first search of a decoded model for the instance of ``unknown_cls``."""
    if isinstance(model, unknown_cls):
        return model
    children: List[Any] = []
    if isinstance(model, Model):
        children = [getattr(model, a.name) for a in attrs.fields(type(model)) if a.init]
    elif isinstance(model, list):
        children = model
    for child in children:
        found = _find_unknown(child, unknown_cls)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize(
    "wrap,cls,unknown_cls", [c[1:] for c in UNKNOWN_MEMBERS], ids=[c[0] for c in UNKNOWN_MEMBERS]
)
def test_unknown_union_members_are_kept_as_received(
    wrap: Any, cls: Type[Model], unknown_cls: type
) -> None:
    # Carries the fields of a known member ("function", "text", "id") but a new type:
    # it must not be forced into the known class.
    member = {"type": "hologram_v2", "id": "x_1", "function": {"name": "f"}, "text": None, "n": [1]}
    payload = wrap(member)
    model = structure(payload, cls)
    unknown = _find_unknown(model, unknown_cls)
    assert isinstance(unknown, unknown_cls) and isinstance(unknown, UnknownVariant)
    assert unknown.type == "hologram_v2"
    assert unknown.raw == member
    assert model.to_dict() == payload
    assert "hologram_v2" in repr(unknown)


def test_unknown_tool_call_keeps_its_id() -> None:
    payload = {
        **RUN_STEP_TOOLS,
        "step_details": {
            "type": "tool_calls",
            "tool_calls": [{"id": "call_9", "type": "computer_use", "computer_use": {}}],
        },
    }
    details = structure(payload, RunStep).step_details
    assert isinstance(details, ToolCallsStepDetails)
    call = details.tool_calls[0]
    assert isinstance(call, UnknownToolCall) and call.id == "call_9"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("auto", "auto"),
        ({"type": "text"}, models.ResponseFormatText(extra={})),
        ({"type": "json_object"}, ResponseFormatJsonObject()),
    ],
)
def test_response_format_is_a_string_or_an_object(value: Any, expected: Any) -> None:
    run = structure({**RUN, "response_format": value}, Run)
    assert run.response_format == expected
    assert run.to_dict()["response_format"] == value


@pytest.mark.parametrize(
    "value,expected",
    [
        ("none", "none"),
        ("required", "required"),
        (
            {"type": "function", "function": {"name": "get_weather"}},
            NamedToolChoice(type="function", function=models.FunctionName(name="get_weather")),
        ),
        ({"type": "file_search"}, NamedToolChoice(type="file_search")),
        (None, None),
    ],
)
def test_tool_choice_is_a_string_or_an_object(value: Any, expected: Any) -> None:
    run = structure({**RUN, "tool_choice": value}, Run)
    assert run.tool_choice == expected
    assert run.to_dict()["tool_choice"] == value


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload,cls,fragments",
    [
        ({**RUN, "created_at": "yesterday"}, Run, ["Run", "$.created_at", "integer"]),
        ({k: v for k, v in RUN.items() if k != "status"}, Run, ["Run", "required", "$.status"]),
        ({**RUN, "tools": "function"}, Run, ["$.tools", "array"]),
        ({**RUN, "tools": [{"type": "function"}]}, Run, ["missing", "$.tools[0].function"]),
        ({**RUN, "tools": [{"function": {}}]}, Run, ["missing", "$.tools[0].type"]),
        ({**RUN, "response_format": 5}, Run, ["$.response_format", "string or object"]),
        ({**RUN, "tool_choice": ["auto"]}, Run, ["$.tool_choice"]),
        ({**RUN, "metadata": {"k": 1}}, Run, ["$.metadata", "string"]),
        ({**RUN, "parallel_tool_calls": "yes"}, Run, ["$.parallel_tool_calls", "boolean"]),
        ({**RUN, "temperature": True}, Run, ["$.temperature", "number"]),
        ({**RUN, "usage": {"prompt_tokens": 1}}, Run, ["$.usage.completion_tokens"]),
        (
            {**MESSAGE, "content": [{"type": "text", "text": {"value": 3, "annotations": []}}]},
            Message,
            ["Message", "$.content[0].text.value", "string"],
        ),
        ({**FILE, "bytes": None}, FileObject, ["FileObject", "$.bytes"]),
        ([RUN], Run, ["Run", "object", "array"]),
        ("not json", Assistant, ["Assistant"]),
        (None, Thread, ["Thread", "null"]),
        ([MESSAGE, {"id": 1}], List[Message], ["List[Message]", "$[1].id"]),
    ],
)
def test_bad_data_raises_response_decode_error_naming_the_field(
    payload: Any, cls: Any, fragments: List[str]
) -> None:
    with pytest.raises(ResponseDecodeError) as raised:
        structure(payload, cls)
    message = str(raised.value)
    for fragment in fragments:
        assert fragment in message
    assert raised.value.body is payload


def test_several_problems_are_all_reported() -> None:
    with pytest.raises(ResponseDecodeError) as raised:
        structure({**THREAD, "id": 1, "created_at": "x"}, Thread)
    assert "$.id" in str(raised.value) and "$.created_at" in str(raised.value)


def test_types_are_checked_not_coerced() -> None:
    with pytest.raises(ResponseDecodeError):
        structure({**THREAD, "id": 123}, Thread)  # not "123"
    with pytest.raises(ResponseDecodeError):
        structure({**ASSISTANT, "file_ids": "abc"}, Assistant)  # not ["a", "b", "c"]
    assert structure({**THREAD, "created_at": 1699012949.0}, Thread).created_at == 1699012949
    assert structure({**RUN, "temperature": 1}, Run).temperature == 1


# --- unstructure: request bodies ------------------------------------------------------------


def test_unstructure_accepts_models_dicts_and_mixtures() -> None:
    tools = [
        FunctionTool(function=FunctionDefinition(name="f", parameters={"type": "object"})),
        {"type": "code_interpreter"},
        RetrievalTool(),
    ]
    assert unstructure(tools) == [
        {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}},
        {"type": "code_interpreter"},
        {"type": "retrieval"},
    ]
    body = {"tool_outputs": [ToolOutput(tool_call_id="call_1", output="42")], "stream": False}
    assert unstructure(body) == {
        "tool_outputs": [{"tool_call_id": "call_1", "output": "42"}],
        "stream": False,
    }
    assert unstructure("auto") == "auto" and unstructure(None) is None
    assert unstructure({"a": [1, 2.5, None, True]}) == {"a": [1, 2.5, None, True]}


def test_unstructure_keeps_extras_and_unknown_members() -> None:
    step = structure(
        {**RUN_STEP_TOOLS, "step_details": {"type": "new", "payload": {"deep": [1]}}}, RunStep
    )
    assert unstructure([step])[0]["step_details"] == {"type": "new", "payload": {"deep": [1]}}
    tool = FunctionTool(function=FunctionDefinition(name="f"), extra={"cache": True})
    assert unstructure(tool) == {"type": "function", "function": {"name": "f"}, "cache": True}


def test_to_dict_refuses_non_models() -> None:
    with pytest.raises(TypeError):
        to_dict({"id": "x"})  # type: ignore[arg-type]


# --- Azure SDK names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias,target",
    [
        ("AssistantThread", Thread),
        ("ThreadMessage", Message),
        ("ThreadRun", Run),
        ("RunStep", RunStep),
        ("InputFile", FileObject),
        ("OpenAIFile", FileObject),
        ("AssistantDeletionStatus", AssistantDeleted),
        ("ThreadDeletionStatus", ThreadDeleted),
        ("FileDeletionStatus", FileDeleted),
        ("AssistantFileDeletionStatus", AssistantFileDeleted),
        ("MessageDeletionStatus", MessageDeleted),
        ("FunctionToolDefinition", FunctionTool),
        ("CodeInterpreterToolDefinition", CodeInterpreterTool),
        ("RetrievalToolDefinition", RetrievalTool),
        ("FileSearchToolDefinition", FileSearchTool),
        ("MessageTextContent", TextContentBlock),
        ("MessageImageFileContent", ImageFileContentBlock),
    ],
)
def test_azure_names_are_the_same_classes(alias: str, target: type) -> None:
    assert getattr(models, alias) is target
    assert alias in models.__all__


def test_every_exported_name_exists() -> None:
    missing = [name for name in models.__all__ if not hasattr(models, name)]
    assert missing == []


# --- property-based -------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["text", "function", "auto", "file_search", "tool_calls", "thread"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "id", "object", "created_at", "tools", "content", "value"])
            | st.text(max_size=6),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cls=st.sampled_from(TOP_LEVEL_MODELS), data=JSON)
def test_arbitrary_json_gives_a_model_or_a_decode_error(cls: Type[Model], data: Any) -> None:
    try:
        result = structure(data, cls)
    except ResponseDecodeError as exc:
        assert exc.body is data
    else:
        assert isinstance(result, cls)


def _paths(value: Any, prefix: Tuple[Any, ...] = ()) -> List[Tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated_payloads(draw: st.DrawFn) -> Tuple[Any, Type[Model]]:
    """A fixture with one node replaced by arbitrary JSON, removed, or given a new key."""
    _, payload, cls, _ = draw(st.sampled_from(CASES))
    payload = copy.deepcopy(payload)
    path = draw(st.sampled_from(_paths(payload)[1:]))
    parent: Any = payload
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(JSON)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=6))] = draw(JSON)
    return payload, cls


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated_payloads())
def test_damaged_payloads_decode_losslessly_or_raise(case: Tuple[Any, Type[Model]]) -> None:
    payload, cls = case
    snapshot = copy.deepcopy(payload)
    try:
        model = structure(payload, cls)
    except ResponseDecodeError:
        return
    assert model.to_dict() == snapshot
