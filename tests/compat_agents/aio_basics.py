"""Stands for Microsoft's ``agents_async/sample_agents_basics_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms (async): ``async with DefaultAzureCredential() as creds`` (``azure.identity.aio``);
``AgentsClient`` from ``azure.ai.agents.aio`` built first and entered later with ``async
with agents_client:``; every call awaited; a poll loop on ``runs.get`` that sleeps with the
blocking ``time.sleep`` as the original does; ``messages.list(...,
order=ListSortOrder.ASCENDING)`` read with ``async for`` and ``isinstance(msg.content[-1],
MessageTextContent)``.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "Run status: completed",
    "Deleted agent",
    "user: Hello, tell me a joke",
    "assistant: You said: Hello, tell me a joke",
]


async def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    async with env.credential as creds:
        agents_client = AgentsClient(endpoint=env.endpoint, credential=creds)
        async with agents_client:
            agent = await agents_client.create_agent(
                model=env.model, name="my-agent", instructions="You are helpful agent"
            )
            thread = await agents_client.threads.create()
            await agents_client.messages.create(
                thread_id=thread.id, role="user", content="Hello, tell me a joke"
            )
            run = await agents_client.runs.create(thread_id=thread.id, agent_id=agent.id)
            while run.status in ["queued", "in_progress", "requires_action"]:
                time.sleep(0.2)
                run = await agents_client.runs.get(thread_id=thread.id, run_id=run.id)
            env.say(f"Run status: {run.status}")
            if run.status == "failed":
                env.say(f"Run error: {run.last_error}")

            await agents_client.delete_agent(agent.id)
            env.say("Deleted agent")

            messages = agents_client.messages.list(
                thread_id=thread.id, order=models.ListSortOrder.ASCENDING
            )
            async for msg in messages:
                last_part = msg.content[-1]
                if isinstance(last_part, models.MessageTextContent):
                    env.say(f"{msg.role}: {last_part.text.value}")
    return env.transcript
