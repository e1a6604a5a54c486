"""Stands for Microsoft's ``agents_async/sample_agents_stream_eventhandler_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms (async): a subclass of ``AsyncAgentEventHandler[str]`` whose ``async def on_*`` hooks
return strings; ``async with await agents_client.runs.stream(thread_id=, agent_id=,
event_handler=MyEventHandler()) as stream:`` iterated with ``async for event_type,
event_data, func_return in stream``; ``messages.list`` read with ``async for``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
# Each hook's answer once in a row (a backend may repeat a state), deltas joined.
STREAMED: List[str] = [
    "run: queued",
    "run: in_progress",
    "step: message_creation in_progress",
    "message: in_progress",
    "text: You said: Hello, tell me a joke",
    "message: completed",
    "step: message_creation completed",
    "run: completed",
    "done",
]
EXPECTED: List[str] = [
    *STREAMED,
    "user: Hello, tell me a joke",
    "assistant: You said: Hello, tell me a joke",
]


def make_handler(models: Any) -> Any:
    class MyEventHandler(models.AsyncAgentEventHandler[str]):
        async def on_message_delta(self, delta: Any) -> Optional[str]:
            return f"delta: {delta.text}"

        async def on_thread_message(self, message: Any) -> Optional[str]:
            return f"message: {message.status}"

        async def on_thread_run(self, run: Any) -> Optional[str]:
            return f"run: {run.status}"

        async def on_run_step(self, step: Any) -> Optional[str]:
            return f"step: {step.type} {step.status}"

        async def on_error(self, data: str) -> Optional[str]:
            return f"error: {data}"

        async def on_done(self) -> Optional[str]:
            return "done"

        async def on_unhandled_event(self, event_type: str, event_data: Any) -> Optional[str]:
            return None

    return MyEventHandler()


async def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    async with env.credential as creds:
        async with AgentsClient(endpoint=env.endpoint, credential=creds) as agents_client:
            agent = await agents_client.create_agent(
                model=env.model, name="my-agent", instructions="You are helpful agent"
            )
            thread = await agents_client.threads.create()
            await agents_client.messages.create(
                thread_id=thread.id, role="user", content="Hello, tell me a joke"
            )
            async with await agents_client.runs.stream(
                thread_id=thread.id, agent_id=agent.id, event_handler=make_handler(models)
            ) as stream:
                async for _event_type, _event_data, func_return in stream:
                    env.hear(func_return)

            await agents_client.delete_agent(agent.id)
            messages = agents_client.messages.list(
                thread_id=thread.id, order=models.ListSortOrder.ASCENDING
            )
            async for msg in messages:
                last_part = msg.content[-1]
                if isinstance(last_part, models.MessageTextContent):
                    env.say(f"{msg.role}: {last_part.text.value}")
    return env.transcript
