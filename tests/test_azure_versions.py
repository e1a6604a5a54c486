"""Azure api-versions: which are accepted, which wire they speak, and the v1 <-> v2
translation the Azure backend performs so the facade always speaks v2."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

import pytest

from multiassist import AssistantsClient, ConfigurationError, KeyCredential
from multiassist.backends import AzureBackend
from multiassist.errors import UnsupportedOperationError
from multiassist.operations import get_operation

ENDPOINT = "https://res.openai.azure.com"


def backend(version: str) -> AzureBackend:
    made = AssistantsClient(ENDPOINT, KeyCredential("k"), api_version=version).backend
    assert isinstance(made, AzureBackend)
    return made


@pytest.mark.parametrize("version", ["2024-02-15-preview", "2024-03-01-preview",
                                     "2024-04-01-preview"])
def test_v1_versions_speak_the_v1_wire(version: str) -> None:
    assert backend(version).wire == "v1"


@pytest.mark.parametrize("version", ["2024-05-01-preview", "2024-10-01-preview",
                                     "2025-04-01-preview"])
def test_v2_versions_speak_the_v2_wire(version: str) -> None:
    assert backend(version).wire == "v2"


@pytest.mark.parametrize("version", ["2024-02-01", "2024-06-01", "2024-10-21",
                                     "2023-12-01-preview", "v1"])
def test_versions_without_assistants_are_refused_with_one_that_works(version: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        backend(version)
    assert "2025-04-01-preview" in str(caught.value)
    assert version in str(caught.value)


def test_an_unknown_newer_preview_is_assumed_v2(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="multiassist"):
        assert backend("2026-01-01-preview").wire == "v2"
    assert "assuming the v2 wire" in caplog.text


def prepare(made: AzureBackend, op: str, body: Optional[Dict[str, Any]],
            path: str = "/x", query: Optional[Dict[str, Any]] = None) -> Any:
    return made.prepare(get_operation(op), path, query=query or {}, body=body)


def test_v1_requests_carry_file_ids_and_retrieval() -> None:
    v1 = backend("2024-02-15-preview")
    call = prepare(v1, "assistants.create", {
        "model": "gpt-4o",
        "tools": [{"type": "code_interpreter"}, {"type": "file_search"}],
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
        "temperature": None,
    })
    assert call.json == {"model": "gpt-4o", "file_ids": ["file-1"],
                         "tools": [{"type": "code_interpreter"}, {"type": "retrieval"}]}
    message = prepare(v1, "messages.create", {
        "role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
        "attachments": [{"file_id": "file-2", "tools": [{"type": "code_interpreter"}]}],
    })
    assert message.json == {"role": "user", "content": "a\nb", "file_ids": ["file-2"]}
    thread = prepare(v1, "threads.create_and_run", {
        "assistant_id": "asst_1",
        "thread": {"messages": [{"role": "user", "content": "x",
                                 "attachments": [{"file_id": "file-3", "tools": []}]}]},
    })
    assert thread.json["thread"]["messages"][0]["file_ids"] == ["file-3"]


@pytest.mark.parametrize(
    ("op", "body", "named"),
    [
        ("assistants.create", {"model": "m", "tool_resources": {
            "file_search": {"vector_store_ids": ["vs_1"]}}}, "vector stores"),
        ("assistants.create", {"model": "m", "temperature": 0.5}, "'temperature'"),
        ("runs.create", {"assistant_id": "a", "max_completion_tokens": 300},
         "'max_completion_tokens'"),
        ("messages.create", {"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": "https://x"}}]}, "other than text"),
        ("vector_stores.create", {"name": "v"}, "vector stores"),
    ],
)
def test_what_v1_cannot_express_is_refused_naming_a_v2_version(
    op: str, body: Dict[str, Any], named: str
) -> None:
    with pytest.raises(UnsupportedOperationError) as caught:
        prepare(backend("2024-04-01-preview"), op, body)
    assert named in str(caught.value)
    assert "2024-05-01-preview" in str(caught.value)


def test_v1_responses_come_back_in_v2_shapes() -> None:
    v1 = backend("2024-02-15-preview")
    assistant = v1.normalize_response(get_operation("assistants.retrieve"), {
        "id": "asst_1", "object": "assistant", "file_ids": ["file-1"],
        "tools": [{"type": "retrieval"}]})
    assert assistant["tool_resources"] == {"code_interpreter": {"file_ids": ["file-1"]}}
    assert assistant["tools"] == [{"type": "file_search"}] and "file_ids" not in assistant
    page = v1.normalize_response(get_operation("messages.list"), {
        "object": "list", "data": [{"id": "msg_1", "object": "thread.message",
                                    "file_ids": ["file-9"]}]})
    assert page["data"][0]["attachments"] == [
        {"file_id": "file-9", "tools": [{"type": "code_interpreter"}]}]


def test_v2_refuses_v1_only_routes_at_the_backend() -> None:
    with pytest.raises(UnsupportedOperationError):
        prepare(backend("2025-04-01-preview"), "assistant_files.list", None)
