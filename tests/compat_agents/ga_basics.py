"""Stands for Microsoft's ``sample_agents_basics.py`` in Azure/azure-sdk-for-python,
sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0 (tag
``azure-ai-agents_1.1.0``; the sample ships in that release's PyPI sdist).

Idioms: ``AgentsClient(endpoint=, credential=)`` used as a context manager;
``create_agent(model=, name=, instructions=)``; ``threads.create()`` and ``threads.list()``;
``messages.create(thread_id=, role="user", content=)``; ``runs.create`` then a hand-written
poll on ``runs.get`` comparing ``run.status`` with plain strings; ``delete_agent``;
``messages.list(order=ListSortOrder.ASCENDING)`` iterated directly, ``msg.text_messages[-1]
.text.value``.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "thread listed: True",
    "Run status: completed",
    "Deleted agent",
    "user: Hello, tell me a joke",
    "assistant: You said: Hello, tell me a joke",
]


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    with client:
        agent = client.create_agent(
            model=env.model, name="corpus-basics", instructions="You are a helpful agent"
        )
        thread = client.threads.create()
        known = [t.id for t in client.threads.list()]
        env.say(f"thread listed: {thread.id in known}")

        client.messages.create(thread_id=thread.id, role="user", content="Hello, tell me a joke")
        run = client.runs.create(thread_id=thread.id, agent_id=agent.id)
        while run.status in ["queued", "in_progress", "requires_action"]:
            time.sleep(0.2)
            run = client.runs.get(thread_id=thread.id, run_id=run.id)
        env.say(f"Run status: {run.status}")
        if run.status == "failed":
            env.say(f"Run error: {run.last_error}")

        client.delete_agent(agent.id)
        env.say("Deleted agent")

        listed = client.messages.list(thread_id=thread.id, order=models.ListSortOrder.ASCENDING)
        for msg in listed:
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")
    return env.transcript
