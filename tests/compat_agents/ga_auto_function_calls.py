"""Stands for Microsoft's ``agents_tools/sample_agents_auto_function_call.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: ``AIProjectClient(endpoint=, credential=)`` from ``azure-ai-projects`` 1.x with
``agents_client = project_client.agents``; ``agents_client.enable_auto_function_calls(
<set of callables>)`` before the agent exists; ``FunctionTool(<set>)`` positionally and
``tools=functions.definitions``; ``runs.create_and_process`` running the functions itself;
``messages.list`` in its default (newest first) order.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_functions import user_functions

GENERATION = "ga"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "Run finished with status: completed",
    "Deleted agent",
    'assistant: fetch_weather returned: {"weather": "Sunny, 25C"}',
    'user: What is the weather? Call fetch_weather location="New York"',
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient(endpoint=env.endpoint, credential=env.credential)
    with project_client:
        agents_client = project_client.agents
        agents_client.enable_auto_function_calls(user_functions)
        functions = models.FunctionTool(user_functions)
        agent = agents_client.create_agent(
            model=env.model,
            name="auto-functions-agent",
            instructions="You are a helpful agent",
            tools=functions.definitions,
        )
        thread = agents_client.threads.create()
        agents_client.messages.create(
            thread_id=thread.id,
            role="user",
            content='What is the weather? Call fetch_weather location="New York"',
        )
        run = agents_client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
        env.say(f"Run finished with status: {run.status}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")

        agents_client.delete_agent(agent.id)
        env.say("Deleted agent")
        for msg in agents_client.messages.list(thread_id=thread.id):
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")
    return env.transcript
