"""Stands for Microsoft's ``sample_agents_basics_stream_eventhandler.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: a subclass of ``AgentEventHandler[str]`` overriding ``on_message_delta``
(``delta.text``), ``on_thread_message``, ``on_thread_run``, ``on_run_step`` (``step.type``,
``step.status``), ``on_error``, ``on_done`` and ``on_unhandled_event``, each returning a
string; ``with client.runs.stream(thread_id=, agent_id=, event_handler=MyHandler()) as
stream:`` iterated as ``(event_type, event_data, func_return)`` triples.
"""

from __future__ import annotations

from typing import Any, List, Optional

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
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
    "assistant: You said: Hello, tell me a joke",
    "user: Hello, tell me a joke",
]


def make_handler(models: Any, env: ProgramEnv) -> Any:
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


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    with client:
        agent = client.create_agent(
            model=env.model, name="stream-agent", instructions="You are a helpful agent"
        )
        thread = client.threads.create()
        client.messages.create(thread_id=thread.id, role="user", content="Hello, tell me a joke")

        with client.runs.stream(
            thread_id=thread.id, agent_id=agent.id, event_handler=make_handler(models, env)
        ) as stream:
            for _event_type, _event_data, func_return in stream:
                env.hear(func_return)

        client.delete_agent(agent.id)
        for msg in client.messages.list(thread_id=thread.id):
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")
    return env.transcript
