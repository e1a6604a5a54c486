"""Stands for Microsoft's ``samples/agents/sample_agents_stream_eventhandler.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era): an ``AgentEventHandler[str]`` subclass with the ``on_*`` hooks returning
strings; ``with project_client.agents.create_stream(thread_id=, agent_id=,
event_handler=MyEventHandler()) as stream:`` iterated as ``(event_type, event_data,
func_return)``; ``list_messages`` afterwards.
"""

from __future__ import annotations

from typing import Any, List, Optional

from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
# Each hook's answer once in a row (a backend may repeat a state), deltas joined.
EXPECTED: List[str] = [
    "run: queued",
    "run: in_progress",
    "step: message_creation in_progress",
    "message: in_progress",
    "text: You said: Hello, tell me a joke",
    "message: completed",
    "step: message_creation completed",
    "run: completed",
    "done",
    "last: You said: Hello, tell me a joke",
]


def make_handler(models: Any) -> Any:
    class MyEventHandler(models.AgentEventHandler[str]):
        def on_message_delta(self, delta: Any) -> Optional[str]:
            return f"delta: {delta.text}"

        def on_thread_message(self, message: Any) -> Optional[str]:
            return f"message: {message.status}"

        def on_thread_run(self, run: Any) -> Optional[str]:
            return f"run: {run.status}"

        def on_run_step(self, step: Any) -> Optional[str]:
            return f"step: {step.type} {step.status}"

        def on_error(self, data: str) -> Optional[str]:
            return f"error: {data}"

        def on_done(self) -> Optional[str]:
            return "done"

        def on_unhandled_event(self, event_type: str, event_data: Any) -> Optional[str]:
            return None

    return MyEventHandler()


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    with project_client:
        agent = project_client.agents.create_agent(
            model=env.model, name="my-assistant", instructions="You are a helpful assistant"
        )
        thread = project_client.agents.create_thread()
        project_client.agents.create_message(
            thread_id=thread.id, role="user", content="Hello, tell me a joke"
        )
        with project_client.agents.create_stream(
            thread_id=thread.id, agent_id=agent.id, event_handler=make_handler(models)
        ) as stream:
            for _event_type, _event_data, func_return in stream:
                env.hear(func_return)
        project_client.agents.delete_agent(agent.id)

        messages = project_client.agents.list_messages(thread_id=thread.id)
        last = messages.get_last_text_message_by_role(models.MessageRole.AGENT)
        env.say(f"last: {last.text.value}")
    return env.transcript
