"""Stands for Microsoft's
``samples/agents/async_samples/sample_agents_stream_eventhandler_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era, async): ``async with AIProjectClient.from_connection_string(credential=,
conn_str=) as project_client`` from ``azure.ai.projects.aio`` inside ``async with`` of the
``azure.identity.aio`` credential; an ``AsyncAgentEventHandler[str]`` subclass with ``async
def`` hooks; ``async with await project_client.agents.create_stream(thread_id=, agent_id=,
event_handler=) as stream`` iterated with ``async for``; ``await list_messages`` answering one
page with ``.data``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.aio_stream_eventhandler import STREAMED, make_handler
from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
# The streamed part as in the 1.x sample (the two originals' handlers are the same).
EXPECTED: List[str] = [
    *STREAMED,
    "Deleted agent",
    "messages: 2",
    "last: You said: Hello, tell me a joke",
]


async def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    async with env.credential as creds:
        async with AIProjectClient.from_connection_string(
            credential=creds, conn_str=env.connection_string
        ) as project_client:
            agent = await project_client.agents.create_agent(
                model=env.model, name="my-assistant", instructions="You are helpful assistant"
            )
            thread = await project_client.agents.create_thread()
            await project_client.agents.create_message(
                thread_id=thread.id, role="user", content="Hello, tell me a joke"
            )
            async with await project_client.agents.create_stream(
                thread_id=thread.id, agent_id=agent.id, event_handler=make_handler(models)
            ) as stream:
                async for _event_type, _event_data, func_return in stream:
                    env.hear(func_return)

            await project_client.agents.delete_agent(agent.id)
            env.say("Deleted agent")
            messages = await project_client.agents.list_messages(thread_id=thread.id)
            env.say(f"messages: {len(messages.data)}")
            last = messages.get_last_text_message_by_role(models.MessageRole.AGENT)
            env.say(f"last: {last.text.value if last else None}")
    return env.transcript
