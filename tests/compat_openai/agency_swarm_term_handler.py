"""Agency Swarm's terminal event handler and its streamed tool round trip.

Stands for: VRSEN/agency-swarm, ``agency_swarm/util/streaming/agency_event_handler.py`` at
commit 2addeee3ec742df0b16ff61aa3975a7eb551c34d,
``agency_swarm/util/streaming/term_event_handler.py`` at commit
774d4f4fe5fb9c855a55d9c5f84a8e1baaed1465 and the streaming branch of
``agency_swarm/threads/thread.py`` at commit 4ebf8a82aa58ca22e089e5821dc0e6c855557eed.

Idioms: ``from openai.lib.streaming import AssistantEventHandler`` and types from their
module files (``openai.types.beta.threads.runs.run_step.RunStep``,
``openai.types.beta.threads.runs.tool_call.FunctionToolCall``); a handler hierarchy with
class-level state set by classmethods, a classmethod ``on_run_step_done`` (usage tracking,
``run_step.usage``) that the subclass's instance hook reaches through ``super()``;
``on_message_created`` (``message.role``, ``message.content[0].text.value``),
``on_text_delta`` reading ``snapshot.value``, ``on_message_done``, ``on_tool_call_created``
(``isinstance(tool_call, dict)`` guard, ``tool_call.type``), ``on_tool_call_done``
(``snapshot.function.name`` / ``.arguments``), ``on_run_step_done`` (``run_step.type``,
``step_details.tool_calls``, ``tool_call.function.output``), ``on_end``;
``runs.stream(thread_id=..., event_handler=Handler(), assistant_id=...,
additional_instructions=..., tool_choice=..., max_prompt_tokens=..., max_completion_tokens=...,
truncation_strategy=..., temperature=..., extra_body={"parallel_tool_calls": ...},
response_format=...)`` then ``until_done()`` and ``get_final_run()``;
``runs.submit_tool_outputs_stream(thread_id=..., run_id=..., tool_outputs=...,
event_handler=Handler())``.
"""

from __future__ import annotations

import json
from typing import Any, List, Optional

TICKET_TOOL = {
    "type": "function",
    "function": {
        "name": "open_ticket",
        "description": "Opens a support ticket and returns its number.",
        "parameters": {
            "type": "object",
            "properties": {"summary": {"type": "string"}},
            "required": ["summary"],
        },
    },
}


def main(client: Any, sdk: Any, model: str) -> None:
    AssistantEventHandler = sdk.module("lib.streaming").AssistantEventHandler
    RunStep = sdk.module("types.beta.threads.runs.run_step").RunStep
    FunctionToolCall = sdk.module("types.beta.threads.runs.tool_call").FunctionToolCall
    usage_log: List[int] = []

    class AgencyEventHandler(AssistantEventHandler):
        agent_name: Optional[str] = None
        recipient_agent_name: Optional[str] = None

        @classmethod
        def set_agent(cls, name: str) -> None:
            cls.agent_name = name

        @classmethod
        def set_recipient_agent(cls, name: str) -> None:
            cls.recipient_agent_name = name

    class TrackingEventHandler(AgencyEventHandler):
        @classmethod
        def on_run_step_done(cls, run_step: RunStep) -> None:
            if run_step.usage:
                usage_log.append(run_step.usage.total_tokens)

    class TermEventHandler(TrackingEventHandler):
        live_text = ""

        def on_message_created(self, message: Any) -> None:
            if message.role == "user":
                print(f"[{self.agent_name} -> {self.recipient_agent_name}] "
                      f"{message.content[0].text.value}")
            self.live_text = ""

        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            self.live_text = snapshot.value

        def on_message_done(self, message: Any) -> None:
            print(f"[{self.recipient_agent_name} -> {self.agent_name}] {self.live_text}")

        def on_tool_call_created(self, tool_call: Any) -> None:
            if isinstance(tool_call, dict):
                tool_call = FunctionToolCall(**tool_call)
            if tool_call.type == "function":
                print(f"[{self.recipient_agent_name}] calls {tool_call.function.name}")

        def on_tool_call_done(self, snapshot: Any) -> None:
            if snapshot.type == "function":
                print(f"  arguments: {json.loads(snapshot.function.arguments)}")

        def on_run_step_done(self, run_step: RunStep) -> None:
            super().on_run_step_done(run_step)
            if run_step.type == "tool_calls":
                for tool_call in run_step.step_details.tool_calls:
                    if tool_call.type == "function":
                        print(f"  {tool_call.function.name} output: {tool_call.function.output}")

        def on_end(self) -> None:
            print("  (stream ended)")

    TermEventHandler.set_agent("User")
    TermEventHandler.set_recipient_agent("Support")

    assistant = client.beta.assistants.create(
        model=model, name="Support", instructions="You help customers.", tools=[TICKET_TOOL]
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content='My order is late, please open_ticket summary="late order".',
    )

    with client.beta.threads.runs.stream(
        thread_id=thread.id,
        event_handler=TermEventHandler(),
        assistant_id=assistant.id,
        additional_instructions="Be brief.",
        tool_choice="auto",
        max_prompt_tokens=1000,
        max_completion_tokens=1000,
        truncation_strategy={"type": "auto", "last_messages": None},
        temperature=0.3,
        extra_body={"parallel_tool_calls": True},
        response_format="auto",
    ) as stream:
        stream.until_done()
        run = stream.get_final_run()
    print("run:", run.status)

    while run.status == "requires_action":
        outputs = [
            {"tool_call_id": call.id, "output": "ticket #42"}
            for call in run.required_action.submit_tool_outputs.tool_calls
        ]
        with client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id=thread.id,
            run_id=run.id,
            tool_outputs=outputs,
            event_handler=TermEventHandler(),
        ) as stream:
            stream.until_done()
            run = stream.get_final_run()
        print("run:", run.status)

    print("steps with usage:", len(usage_log), all(tokens > 0 for tokens in usage_log))
