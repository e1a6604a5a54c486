"""Stands for Microsoft's ``sample_agents_basics_thread_and_process_run.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: ``create_thread_and_process_run(agent_id=, thread=AgentThreadCreationOptions(
messages=[ThreadMessageOptions(role=, content=)]))`` on the client itself; ``run.thread_id``
to find the new thread; ``run.agent_id``; ``f"{run.status!r}"``; listing ascending.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "Run completed with status: completed",
    "run belongs to the agent: True",
    "user: Hi! Tell me your favorite programming joke.",
    "assistant: You said: Hi! Tell me your favorite programming joke.",
    "Deleted agent",
]


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    with client:
        agent = client.create_agent(
            model=env.model,
            name="process-run-agent",
            instructions="You are a friendly assistant that generates jokes.",
        )
        run = client.create_thread_and_process_run(
            agent_id=agent.id,
            thread=models.AgentThreadCreationOptions(
                messages=[
                    models.ThreadMessageOptions(
                        role="user", content="Hi! Tell me your favorite programming joke."
                    )
                ]
            ),
        )
        env.say(f"Run completed with status: {run.status!s}")
        env.say(f"run belongs to the agent: {run.agent_id == agent.id}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")

        for msg in client.messages.list(
            thread_id=run.thread_id, order=models.ListSortOrder.ASCENDING
        ):
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")

        client.delete_agent(agent.id)
        env.say("Deleted agent")
    return env.transcript
