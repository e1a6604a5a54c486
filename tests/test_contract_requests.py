"""Every request body the client sends validates against the official request schema of its
operation: the OpenAI spec on the OpenAI wire, the Azure spec of the api-version spoken on
Azure's (2024-05-01-preview, and the retired v1 wire of 2024-02-15-preview).

One session calls every operation that has a body (JSON, or the multipart upload), with most
optional fields filled in, streamed variants included. The test fails when an operation the
spec gives a body to was not seen, so a new operation cannot go unchecked. Needs
``../shared/specs`` (skipped without it).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

import pytest

from multiassist import AssistantsClient
from multiassist.testing import Emulator, RecordedRequest
from tests import spec_validation

DEPLOYMENTS = {"gpt-4o": "dep-gpt4o"}
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
STATIC = {"type": "static", "static": {"max_chunk_size_tokens": 400, "chunk_overlap_tokens": 100}}

#: Spec operations with a body that the client does not offer (so they are never sent).
NOT_OFFERED = {
    "POST /vector_stores/{vector_store_id}/files/{file_id}",  # update a file's attributes
    "POST /vector_stores/{vector_store_id}/search",
}


V1_VERSION = "2024-02-15-preview"  # the v1 wire: no vector stores, file_ids not resources


class Wire(NamedTuple):
    flavor: str
    version: Optional[str]  # Azure's api-version (the spec file's), None on OpenAI

    @property
    def v1(self) -> bool:
        return self.version == V1_VERSION


WIRES = {"openai": Wire("openai", None), "azure": Wire("azure", spec_validation.AZURE_VERSION),
         "azure-v1": Wire("azure", V1_VERSION)}


@pytest.fixture(scope="module", params=list(WIRES))
def wire(request: pytest.FixtureRequest) -> Iterator[Tuple[Wire, Emulator]]:
    chosen = WIRES[request.param]
    # Azure at the api-version of the spec file, so the client speaks that version's wire.
    version = {"api_version": chosen.version} if chosen.version else {}
    with Emulator(flavor=chosen.flavor, deployments=DEPLOYMENTS, **version) as emu:
        yield chosen, emu


def _spec(wire: Wire) -> Dict[str, Any]:
    name = (spec_validation.OPENAI_SPEC if wire.flavor == "openai"
            else f"azure-assistants-{wire.version}.json")
    loaded: Dict[str, Any] = json.loads(
        spec_validation.spec_path(name).read_text(encoding="utf-8"))
    return loaded


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[A-Za-z_]+\\\}", "[^/]+", re.escape(template)) + "$")


def _canonical(template: str) -> str:
    """A spec path with its placeholders named alike on both specs (``{threadId}`` ->
    ``{thread_id}``), so both wires report the same names."""
    return re.sub(r"\{([A-Za-z]+)\}",
                  lambda m: "{" + re.sub(r"(?<!^)([A-Z])", r"_\1", m.group(1)).lower() + "}",
                  template)


class BodyOperation:
    """A spec operation that takes a body, and how to validate what was sent."""

    def __init__(self, wire: Wire, template: str, definition: Dict[str, Any]) -> None:
        self.wire = wire
        self.name = f"POST {_canonical(template)}"
        self.regex = _template_regex(template)
        self.pointer: Optional[str] = None  # a JSON body's schema
        self.form: Optional[Dict[str, Any]] = None  # a multipart body's field schemas
        escaped = template.replace("~", "~0").replace("/", "~1")
        if wire.flavor == "openai":
            content = definition["requestBody"]["content"]
            media = "application/json" if "application/json" in content else "multipart/form-data"
            ref = content[media]["schema"]["$ref"]
            if media == "application/json":
                self.pointer = ref.rsplit("/", 1)[1]
            else:
                self.form = {"$ref": ref}
        else:
            for index, parameter in enumerate(definition.get("parameters", [])):
                if parameter.get("in") == "body":
                    ref = parameter["schema"].get("$ref")
                    self.pointer = (ref.rsplit("/", 1)[1] if ref else
                                    f"#/paths/{escaped}/post/parameters/{index}/schema")
            fields = [p for p in definition.get("parameters", []) if p.get("in") == "formData"]
            if fields:
                self.form = {"type": "object",
                             "required": [p["name"] for p in fields if p.get("required")],
                             "properties": {p["name"]: {"type": "string", **(
                                 {"enum": p["enum"]} if "enum" in p else {})}
                                 for p in fields}}

    def validate(self, sent: RecordedRequest) -> None:
        if self.pointer is not None:
            if self.wire.version is None:
                spec_validation.validate_openai(sent.json, self.pointer)
            else:
                spec_validation.validate_azure(sent.json, self.pointer, self.wire.version)
            return
        assert self.form is not None, self.name
        fields = _multipart_fields(sent)
        if self.wire.version is None:
            spec_validation.validate_openai(fields, self.form["$ref"].rsplit("/", 1)[1])
        else:
            from jsonschema import Draft4Validator

            Draft4Validator(self.form).validate(fields)


def _body_operations(wire: Wire) -> List[BodyOperation]:
    spec = _spec(wire)
    found = []
    for template, item in spec["paths"].items():
        post = item.get("post")
        if not isinstance(post, dict):
            continue
        has_body = "requestBody" in post or any(
            p.get("in") in ("body", "formData") for p in post.get("parameters", []))
        if has_body:
            found.append(BodyOperation(wire, template, post))
    return found


def _multipart_fields(sent: RecordedRequest) -> Dict[str, str]:
    """The form fields of a multipart body (a file field as its text)."""
    head = f"Content-Type: {sent.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + sent.body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[str(name)] = payload.decode() if isinstance(payload, bytes) else str(payload)
    return fields


def _v2_only(wire: Wire, **params: Any) -> Dict[str, Any]:
    """``params`` except on the v1 wire, which has no such fields (the client refuses them)."""
    return {} if wire.v1 else params


def _session(client: AssistantsClient, wire: Wire) -> None:
    """One call of every operation with a body, most optional fields given (on the v1 wire,
    those it has: no vector stores, so no file_search)."""
    beta = client.beta
    openai_wire = wire.flavor == "openai"
    files = [client.files.create(file=(f"notes{n}.txt", b"Paris is in France.\n"),
                                 purpose="assistants") for n in range(4)]
    search: Dict[str, Any] = {}  # file_search tool resources, where the wire has them
    search_tool: List[Any] = []
    if not wire.v1:
        store = client.vector_stores.create(
            name="kb", file_ids=[files[0].id], metadata={"team": "docs"},
            expires_after={"anchor": "last_active_at", "days": 7}, chunking_strategy=STATIC)
        client.vector_stores.update(store.id, name="kb2", metadata={"team": "ops"},
                                    expires_after=None)
        client.vector_stores.files.create(store.id, file_id=files[1].id,
                                          chunking_strategy=STATIC)
        client.vector_stores.file_batches.create(store.id, file_ids=[files[2].id],
                                                 chunking_strategy={"type": "auto"})
        search = {"file_search": {"vector_store_ids": [store.id]}}
        search_tool = [{"type": "file_search"}]

    assistant = beta.assistants.create(
        model="gpt-4o", name="Guide", description="answers", instructions="Be brief.",
        tools=[{"type": "code_interpreter"}, *search_tool, WEATHER],
        tool_resources={"code_interpreter": {"file_ids": [files[3].id]}, **search},
        metadata={"a": "b"}, **_v2_only(wire, temperature=0.5, top_p=0.9,
                                        response_format="auto"))
    beta.assistants.update(assistant.id, name="Guide 2", instructions="Briefer.",
                           tools=[WEATHER], metadata={"a": "c"},
                           **_v2_only(wire, temperature=1.0))

    thread = beta.threads.create(
        messages=[{"role": "user", "content": "hello", "metadata": {"n": "1"},
                   "attachments": [{"file_id": files[3].id,
                                    "tools": [{"type": "code_interpreter"}]}]}],
        metadata={"user": "u1"}, **_v2_only(wire, tool_resources=search))
    beta.threads.update(thread.id, metadata={"user": "u2"}, **_v2_only(
        wire, tool_resources={"code_interpreter": {"file_ids": [files[3].id]}}))
    text = "call get_weather city=Paris"
    # Azure's spec file (2024-05-01-preview) takes message content as a string only; the
    # client passes content parts through as given, so parts are checked on OpenAI's wire.
    content: Any = [{"type": "text", "text": text}] if openai_wire else text
    message = beta.threads.messages.create(
        thread.id, role="user", content=content,
        attachments=[{"file_id": files[0].id,
                      "tools": search_tool or [{"type": "code_interpreter"}]}],
        metadata={"k": "v"})
    beta.threads.messages.update(message.id, thread_id=thread.id, metadata={"k": "w"})

    # Azure's spec file types additional_messages as full message objects (id, created_at...),
    # which no service expects in a request; they are checked on OpenAI's wire.
    extra: Dict[str, Any] = (
        {"additional_messages": [{"role": "user", "content": "and quickly"}]}
        if openai_wire else {})
    run = beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5,
        additional_instructions="Use the tool.", metadata={"via": "poll"}, **extra,
        **_v2_only(wire, max_prompt_tokens=2000, max_completion_tokens=500, temperature=0.2,
                   top_p=1.0, truncation_strategy={"type": "last_messages", "last_messages": 5},
                   tool_choice={"type": "function", "function": {"name": "get_weather"}},
                   parallel_tool_calls=False))
    assert run.status == "requires_action" and run.required_action is not None
    beta.threads.runs.update(run.id, thread_id=thread.id, metadata={"via": "updated"})
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    beta.threads.runs.submit_tool_outputs_and_poll(
        run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "sunny"}],
        poll_interval_ms=5)

    beta.threads.messages.create(thread.id, role="user", content="call get_weather city=Lyon")
    with beta.threads.runs.stream(thread.id, assistant_id=assistant.id,
                                  instructions="Stream it.") as stream:
        streamed = stream.get_final_run()
    assert streamed.status == "requires_action" and streamed.required_action is not None
    call = streamed.required_action.submit_tool_outputs.tool_calls[0]
    with beta.threads.runs.submit_tool_outputs_stream(
            streamed.id, thread_id=thread.id,
            tool_outputs=[{"tool_call_id": call.id, "output": "rainy"}]) as stream:
        assert stream.get_final_run().status == "completed"

    beta.threads.create_and_run(
        assistant_id=assistant.id, instructions="Hi.", metadata={"m": "1"},
        thread={"messages": [{"role": "user", "content": "x"}], "metadata": {"t": "1"}},
        tools=[{"type": "code_interpreter"}], **_v2_only(
            wire, max_completion_tokens=300,
            tool_resources={"code_interpreter": {"file_ids": [files[3].id]}}))
    with beta.threads.create_and_run_stream(
            assistant_id=assistant.id,
            thread={"messages": [{"role": "user", "content": "y"}]}) as stream:
        stream.until_done()


def test_every_request_body_matches_the_spec(wire: Tuple[Wire, Emulator]) -> None:
    spoken, emulator = wire
    operations = _body_operations(spoken)
    prefix = "/v1" if spoken.flavor == "openai" else "/openai"
    start = len(emulator.requests)
    with emulator.client(max_retries=0) as client:
        _session(client, spoken)
    checked: Dict[str, int] = {}
    unmatched: List[Tuple[str, str]] = []
    for sent in emulator.requests[start:]:
        if sent.method != "POST" or not sent.body:
            continue
        path = sent.path[len(prefix):]
        matches = [op for op in operations if op.regex.match(path)]
        if not matches:
            unmatched.append((sent.method, sent.path))
            continue
        # "/threads/runs" also fits "/threads/{thread_id}": the literal path wins.
        operation = min(matches, key=lambda op: op.name.count("{"))
        try:
            operation.validate(sent)
        except Exception as error:  # name the request, not just the schema path
            raise AssertionError(f"{operation.name}: {error}") from error
        checked[operation.name] = checked.get(operation.name, 0) + 1
    assert not unmatched, f"bodies sent to paths the spec has no body for: {unmatched}"
    expected = {op.name for op in operations} - NOT_OFFERED
    assert set(checked) == expected
