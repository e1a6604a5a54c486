"""Stands for a user's script published on GitHub: ironkid90/azuredev-4c13, ``run_agent.py``
at commit d210f27bb0126a2e3dafbe886ca3a5f009c5c3c8 -- the "view code" snippet the Foundry
portal hands out for an agent made in the portal.

Idioms: ``AIProjectClient(credential=, endpoint=)`` with keyword order reversed;
``project.agents.get_agent(<id of an existing agent>)``; ``threads.create``;
``messages.create``; ``runs.create_and_process``; ``if run.status == "failed"`` else list
``messages.list(thread_id=, order=ListSortOrder.ASCENDING)`` printing
``message.text_messages[-1].text.value``. The agent the portal would have made is created
first here.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "got the portal's agent: True",
    "user: Hello Agent",
    "assistant: You said: Hello Agent",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project = AIProjectClient(credential=env.credential, endpoint=env.endpoint)
    made_in_portal = project.agents.create_agent(
        model=env.model, name="portal-agent", instructions="You are a helpful agent"
    )

    agent = project.agents.get_agent(made_in_portal.id)
    env.say(f"got the portal's agent: {agent.name == 'portal-agent'}")
    thread = project.agents.threads.create()
    project.agents.messages.create(thread_id=thread.id, role="user", content="Hello Agent")
    run = project.agents.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
    if run.status == "failed":
        env.say(f"Run failed: {run.last_error}")
    else:
        messages = project.agents.messages.list(
            thread_id=thread.id, order=models.ListSortOrder.ASCENDING
        )
        for message in messages:
            if message.text_messages:
                env.say(f"{message.role}: {message.text_messages[-1].text.value}")
    project.agents.delete_agent(agent.id)
    project.close()
    return env.transcript
