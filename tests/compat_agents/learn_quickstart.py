"""Stands for the Python code of Microsoft Learn's "Quickstart: Create a new agent" for
Foundry Agent Service (classic), learn.microsoft.com/azure/ai-foundry/agents/quickstart
(source: MicrosoftDocs/azure-ai-docs, articles/ai-foundry/agents/includes/quickstart-python.md
at commit 11f0e5252eb14737f1cbd61da3621a8f29103cc2).

Idioms: ``AIProjectClient(endpoint=, credential=)`` (azure-ai-projects 1.x) and
``project_client.agents``; ``CodeInterpreterTool()`` without files and
``tools=code_interpreter.definitions``; ``threads.create``; reading the created message as
a mapping (``message['id']``); ``runs.create_and_process``; printing ``message.role`` and
``message.content`` for every listed message; ``delete_agent`` at the end.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "message id is the created one: True",
    "Run finished with status: completed",
    "Role: assistant, Content: You said: What is the weather in Seattle today?",
    "Role: user, Content: What is the weather in Seattle today?",
    "Deleted agent",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient(endpoint=env.endpoint, credential=env.credential)
    code_interpreter = models.CodeInterpreterTool()
    with project_client:
        agent = project_client.agents.create_agent(
            model=env.model,
            name="my-agent",
            instructions="You are a helpful agent",
            tools=code_interpreter.definitions,
        )
        thread = project_client.agents.threads.create()
        message = project_client.agents.messages.create(
            thread_id=thread.id, role="user", content="What is the weather in Seattle today?"
        )
        env.say(f"message id is the created one: {message['id'] == message.id}")
        run = project_client.agents.runs.create_and_process(
            thread_id=thread.id, agent_id=agent.id
        )
        env.say(f"Run finished with status: {run.status}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")

        for message in project_client.agents.messages.list(thread_id=thread.id):
            text = message.content[0]["text"]["value"]
            env.say(f"Role: {message.role}, Content: {text}")

        project_client.agents.delete_agent(agent.id)
        env.say("Deleted agent")
    return env.transcript
