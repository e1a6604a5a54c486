"""Stands for Microsoft's ``samples/agents/sample_agents_basics.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era): ``AIProjectClient.from_connection_string(credential=, conn_str=)`` with
``<host>;<subscription>;<resource group>;<project>``; the flat methods on
``project_client.agents``: ``create_agent``, ``create_thread``, ``list_threads``,
``create_message``, ``create_run`` and a poll on ``get_run``, ``delete_agent`` (returns a
deletion status); ``list_messages`` returning one page whose ``.data`` is newest first, read
``reversed`` and filtered with ``isinstance(content, MessageTextContent)``.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "thread listed: True",
    "Run status: completed",
    "Deleted agent: True",
    "user: Hello, tell me a joke",
    "assistant: You said: Hello, tell me a joke",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    with project_client:
        agent = project_client.agents.create_agent(
            model=env.model, name="my-assistant", instructions="You are helpful assistant"
        )
        thread = project_client.agents.create_thread()
        threads = project_client.agents.list_threads()
        env.say(f"thread listed: {thread.id in [t.id for t in threads.data]}")

        project_client.agents.create_message(
            thread_id=thread.id, role="user", content="Hello, tell me a joke"
        )
        run = project_client.agents.create_run(thread_id=thread.id, agent_id=agent.id)
        while run.status in ["queued", "in_progress", "requires_action"]:
            time.sleep(0.2)
            run = project_client.agents.get_run(thread_id=thread.id, run_id=run.id)
        env.say(f"Run status: {run.status}")

        deletion = project_client.agents.delete_agent(agent.id)
        env.say(f"Deleted agent: {deletion.deleted}")

        messages = project_client.agents.list_messages(thread_id=thread.id)
        for data_point in reversed(messages.data):
            last_message_content = data_point.content[-1]
            if isinstance(last_message_content, models.MessageTextContent):
                env.say(f"{data_point.role}: {last_message_content.text.value}")
    return env.transcript
