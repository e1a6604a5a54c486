"""openai-python's own generated tests of the ``stream=True`` overloads, driven end to end:
``create_and_run``, ``runs.create`` and ``runs.submit_tool_outputs``, plain and through the
raw / streaming response wrappers.

Stands for: openai/openai-python ``tests/api_resources/beta/test_threads.py``
(``test_method_create_and_run_overload_2``, ``test_raw_response_create_and_run_overload_2``)
and ``tests/api_resources/beta/threads/test_runs.py`` (``test_method_create_overload_2``,
``test_method_submit_tool_outputs_overload_2``,
``test_streaming_response_submit_tool_outputs_overload_2``), both at commit
ea17fda01d7067a6d829effa437952a09f2bb3a3.

Idioms: ``thread_stream = client.beta.threads.create_and_run(assistant_id=..., thread=...,
stream=True)`` iterated, then ``thread_stream.response.close()``; ``run_stream =
client.beta.threads.runs.create(thread_id=..., assistant_id=..., stream=True)``;
``runs.submit_tool_outputs(run_id=..., thread_id=..., tool_outputs=..., stream=True)``;
``client.beta.threads.with_raw_response.create_and_run(..., stream=True)`` + ``.parse()``
giving the stream, ``stream.close()``; ``with
client.beta.threads.runs.with_streaming_response.submit_tool_outputs(..., stream=True) as
response`` with ``response.is_closed`` before and after.
"""

from __future__ import annotations

from typing import Any, Iterable, List

CLOCK_TOOL = {
    "type": "function",
    "function": {
        "name": "read_clock",
        "description": "The time of day",
        "parameters": {"type": "object", "properties": {}},
    },
}


def names(events: Iterable[Any]) -> List[str]:
    """Event names in order, runs of the same delta event folded into one ``name*``."""
    seen: List[str] = []
    for event in events:
        name = event.event
        if seen and seen[-1].rstrip("*") == name and name.endswith(".delta"):
            seen[-1] = name + "*"
        else:
            seen.append(name)
    return seen


def main(client: Any, sdk: Any, model: str) -> None:
    assistant = client.beta.assistants.create(model=model, name="Clock", tools=[CLOCK_TOOL])

    thread_stream = client.beta.threads.create_and_run(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "good morning"}]},
        stream=True,
    )
    print("create_and_run:", ", ".join(names(thread_stream)))
    thread_stream.response.close()

    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "what time is it? read_clock please"}]
    )
    run_stream = client.beta.threads.runs.create(
        thread_id=thread.id, assistant_id=assistant.id, stream=True
    )
    waiting = None
    for event in run_stream:
        if event.event == "thread.run.requires_action":
            waiting = event.data
    print("runs.create:", waiting.status, waiting.required_action.type)

    call = waiting.required_action.submit_tool_outputs.tool_calls[0]
    with client.beta.threads.runs.with_streaming_response.submit_tool_outputs(
        run_id=waiting.id,
        thread_id=thread.id,
        tool_outputs=[{"tool_call_id": call.id, "output": "07:30"}],
        stream=True,
    ) as response:
        print("open:", not response.is_closed)
        stream = response.parse()
        print("submit_tool_outputs:", ", ".join(names(stream)))
        stream.close()
    print("closed:", response.is_closed)

    response = client.beta.threads.with_raw_response.create_and_run(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "again"}]},
        stream=True,
    )
    print("raw status:", response.status_code)
    stream = response.parse()
    print("raw create_and_run:", ", ".join(names(stream)))
    stream.close()

    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "and once more read_clock"}]
    )
    for event in client.beta.threads.runs.create(
        thread_id=thread.id, assistant_id=assistant.id, stream=True
    ):
        if event.event == "thread.run.requires_action":
            waiting = event.data
    call = waiting.required_action.submit_tool_outputs.tool_calls[0]
    final = None
    for event in client.beta.threads.runs.submit_tool_outputs(
        run_id=waiting.id,
        thread_id=thread.id,
        tool_outputs=[{"tool_call_id": call.id, "output": "07:31"}],
        stream=True,
    ):
        if event.event == "thread.message.completed":
            final = event.data.content[0].text.value
    print("answer:", final)
