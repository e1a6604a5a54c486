"""openai-python against the emulator: existing OpenAI / Azure OpenAI code runs unchanged.

This is what lets users test their own Assistants code on the emulator: both the
``OpenAI`` and the ``AzureOpenAI`` clients go through assistant -> thread -> message ->
run (``create_and_poll``) -> messages, plus files and run steps.
"""

from __future__ import annotations

import warnings
from typing import Any, Iterator

import pytest

from multiassist.testing import Emulator

openai = pytest.importorskip("openai")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def openai_emulator() -> Iterator[Emulator]:
    with Emulator("openai") as emu:
        yield emu


@pytest.fixture(scope="module")
def azure_emulator() -> Iterator[Emulator]:
    with Emulator("azure") as emu:
        yield emu


def conversation(client: Any, model: str) -> None:
    """The canonical Assistants flow, as users write it against the real services."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        beta = client.beta
        assistant = beta.assistants.create(model=model, name="Echo", instructions="Repeat.")
        thread = beta.threads.create()
        beta.threads.messages.create(thread.id, role="user", content="ping from python")
        run = beta.threads.runs.create_and_poll(
            thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=1
        )
        assert run.status == "completed"
        assert run.usage is not None and run.usage.total_tokens > 0
        messages = beta.threads.messages.list(thread.id, order="asc")
        texts = [m.content[0].text.value for m in messages.data]
        assert texts == ["ping from python", "You said: ping from python"]
        assert messages.data[1].run_id == run.id
        steps = beta.threads.runs.steps.list(run.id, thread_id=thread.id)
        assert steps.data[0].step_details.type == "message_creation"

        uploaded = client.files.create(file=("notes.txt", b"file body"), purpose="assistants")
        assert client.files.content(uploaded.id).read() == b"file body"
        assert uploaded.id in [f.id for f in client.files.list()]
        assert client.files.delete(uploaded.id).deleted is True

        one_shot = beta.threads.create_and_run_poll(
            assistant_id=assistant.id,
            thread={"messages": [{"role": "user", "content": "again"}]},
            poll_interval_ms=1,
        )
        assert one_shot.status == "completed"
        assert beta.assistants.delete(assistant.id).deleted is True


def test_openai_client(openai_emulator: Emulator) -> None:
    client = openai.OpenAI(
        base_url=openai_emulator.base_url, api_key=openai_emulator.api_key, max_retries=0
    )
    conversation(client, "gpt-4o")


def test_openai_client_sees_api_errors(openai_emulator: Emulator) -> None:
    client = openai.OpenAI(base_url=openai_emulator.base_url, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.files.list()
    good = openai.OpenAI(
        base_url=openai_emulator.base_url, api_key=openai_emulator.api_key, max_retries=0
    )
    with pytest.raises(openai.NotFoundError) as caught:
        good.beta.threads.retrieve("thread_missing")
    # openai-python 2.x (the newest on Python 3.9) prefixes the status and quotes the body
    assert "No thread found with id 'thread_missing'." in caught.value.message


def test_azure_openai_client(azure_emulator: Emulator) -> None:
    client = openai.AzureOpenAI(
        azure_endpoint=azure_emulator.endpoint,
        api_key=azure_emulator.api_key,
        api_version=azure_emulator.api_version,
        max_retries=0,
    )
    conversation(client, "gpt-4o")
    sent = azure_emulator.requests[0]
    assert sent.path == "/openai/assistants" and sent.headers["api-key"] == azure_emulator.api_key
    assert sent.query["api-version"] == azure_emulator.api_version


def test_azure_openai_client_with_entra_token(azure_emulator: Emulator) -> None:
    azure_emulator.accept_token("entra-token")
    client = openai.AzureOpenAI(
        azure_endpoint=azure_emulator.endpoint,
        azure_ad_token_provider=lambda: "entra-token",
        api_version="2024-05-01-preview",
        max_retries=0,
    )
    assert client.beta.threads.create().id.startswith("thread_")
    with pytest.raises(openai.NotFoundError):
        client.beta.assistants.create(model="not-deployed")


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@pytest.mark.parametrize("flavor", ["openai", "azure"])
def test_streaming_with_the_event_handler(
    flavor: str, openai_emulator: Emulator, azure_emulator: Emulator
) -> None:
    """openai-python's stream helpers read the emulator's SSE: tool calls, text, errors."""
    if flavor == "openai":
        client: Any = openai.OpenAI(
            base_url=openai_emulator.base_url, api_key=openai_emulator.api_key, max_retries=0
        )
    else:
        client = openai.AzureOpenAI(
            azure_endpoint=azure_emulator.endpoint,
            api_key=azure_emulator.api_key,
            api_version=azure_emulator.api_version,
            max_retries=0,
        )
    beta = client.beta
    assistant = beta.assistants.create(model="gpt-4o", tools=[WEATHER_TOOL])
    thread = beta.threads.create(messages=[{"role": "user", "content": "get_weather city=Paris"}])
    with beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id) as stream:
        stream.until_done()
        run = stream.current_run
    assert run is not None and run.status == "requires_action"
    (call,) = run.required_action.submit_tool_outputs.tool_calls
    assert call.function.arguments == '{"city":"Paris"}'
    with beta.threads.runs.submit_tool_outputs_stream(
        thread_id=thread.id,
        run_id=run.id,
        tool_outputs=[{"tool_call_id": call.id, "output": "sunny"}],
    ) as stream:
        text = "".join(stream.text_deltas)
        final = stream.get_final_run()
    assert text == "get_weather returned: sunny" and final.status == "completed"

    broken = beta.threads.create(messages=[{"role": "user", "content": "hi [[stream_error]]"}])

    def drain() -> None:
        with beta.threads.runs.stream(thread_id=broken.id, assistant_id=assistant.id) as stream:
            stream.until_done()

    with pytest.raises(openai.APIError, match="server had an error"):
        drain()
