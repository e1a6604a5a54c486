"""The tool-call loop on the emulator: functions answer the run's calls until it completes."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from multiassist import AssistantsClient
from multiassist.tool_runner import ToolCallError

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]},
    },
}
TIME_TOOL = {
    "type": "function",
    "function": {"name": "get_time", "parameters": {
        "type": "object", "properties": {"zone": {"type": "string"}}, "required": ["zone"]}},
}


def ask(client: AssistantsClient, text: str, tools: List[Dict[str, Any]]) -> Any:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=tools)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    return assistant, thread


def test_functions_answer_the_calls_and_the_run_completes(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Paris", [WEATHER_TOOL])
    seen: List[str] = []

    def get_weather(city: str) -> Dict[str, Any]:
        seen.append(city)
        return {"city": city, "sky": "clear"}

    run = client.run_tools(thread.id, assistant_id=assistant.id,
                           functions={"get_weather": get_weather}, poll_interval_ms=5)
    assert run.status == "completed"
    assert seen == ["Paris"]
    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
    assert '"sky": "clear"' in reply


def test_two_functions_in_one_turn(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Oslo and get_time zone=CET",
                            [WEATHER_TOOL, TIME_TOOL])
    run = client.runTools(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5,
        functions={"get_weather": lambda city: f"rain in {city}",
                   "get_time": lambda zone: f"noon {zone}"},
    )
    assert run.status == "completed"
    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
    assert "rain in Oslo" in reply and "noon CET" in reply


def test_a_tool_that_raises_becomes_an_error_output(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Atlantis", [WEATHER_TOOL])

    def broken(city: str) -> str:
        raise LookupError(f"no such city {city}")

    run = client.run_tools(thread.id, assistant_id=assistant.id,
                           functions={"get_weather": broken}, poll_interval_ms=5)
    assert run.status == "completed"
    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
    assert "LookupError: no such city Atlantis" in reply


def test_raise_tool_errors_cancels_the_run_and_raises(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Atlantis", [WEATHER_TOOL])

    def broken(city: str) -> str:
        raise LookupError("down")

    with pytest.raises(ToolCallError) as caught:
        client.run_tools(thread.id, assistant_id=assistant.id, functions={"get_weather": broken},
                         raise_tool_errors=True, poll_interval_ms=5)
    assert "get_weather" in str(caught.value) and "cancelled" in str(caught.value)
    assert isinstance(caught.value.__cause__, LookupError)
    run = client.beta.threads.runs.poll(caught.value.run.id, thread_id=thread.id,  # type: ignore[union-attr]
                                        poll_interval_ms=5)
    assert run.status == "cancelled"


def test_an_unknown_function_is_answered_not_left_hanging(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Rome", [WEATHER_TOOL])
    run = client.run_tools(thread.id, assistant_id=assistant.id, functions={},
                           poll_interval_ms=5)
    assert run.status == "completed"
    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
    assert "not among the given functions" in reply


def test_the_loop_runs_in_streaming_mode_too(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Lima and get_time zone=PET",
                            [WEATHER_TOOL, TIME_TOOL])
    pieces: List[str] = []
    run = client.run_tools(
        thread.id, assistant_id=assistant.id, stream=True, on_text=pieces.append,
        functions={"get_weather": lambda city: f"fog in {city}",
                   "get_time": lambda zone: f"dusk {zone}"},
    )
    assert run.status == "completed"
    streamed = "".join(pieces)
    stored = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
    assert streamed == stored
    assert "fog in Lima" in stored and "dusk PET" in stored


def test_a_raising_tool_in_streaming_mode_cancels_cleanly(client: AssistantsClient) -> None:
    assistant, thread = ask(client, "call get_weather city=Nowhere", [WEATHER_TOOL])

    def broken(city: str) -> str:
        raise RuntimeError("sensor offline")

    with pytest.raises(ToolCallError) as caught:
        client.run_tools(thread.id, assistant_id=assistant.id, stream=True,
                         functions={"get_weather": broken}, raise_tool_errors=True)
    run = caught.value.run
    assert run is not None
    final = client.beta.threads.runs.poll(run.id, thread_id=thread.id, poll_interval_ms=5)
    assert final.status == "cancelled"
