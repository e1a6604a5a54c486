"""Stands for a user's script published on GitHub: codebangkok/ai,
``azure_ai_agent/seasonai4_demo/function_calling.py`` at commit
2d30079beff722947742258853d699e49e18eac2 (a conference demo on azure-ai-projects 1.0.0b*).

Idioms (hub era): a module-level ``AIProjectClient.from_connection_string`` used without
``with``; ``FunctionTool(functions=[get_weather])`` given a *list*; ``ToolSet()`` and
``toolset.add(tool=functions)``; ``project.agents.enable_auto_function_calls(toolset=)``;
``create_agent(name=, model=, instructions=, toolset=)``; ``create_and_process_run`` whose
result is ignored; ``reversed(messages.data)`` reading ``content[0]`` when it is a
``MessageTextContent``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "user: Weather for get_weather city=Chiang-Mai please",
    "assistant: get_weather returned: Chiang-Mai is 10 degrees",
]


def get_weather(city: str) -> str:
    """Reports the temperature of a city.

    :param city: The city.
    """
    return f"{city} is 10 degrees"


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    functions = models.FunctionTool(functions=[get_weather])
    toolset = models.ToolSet()
    toolset.add(tool=functions)
    project.agents.enable_auto_function_calls(toolset=toolset)

    agent = project.agents.create_agent(
        name="Weather",
        model=env.model,
        instructions="You're weather forecaster",
        toolset=toolset,
    )
    thread = project.agents.create_thread()
    project.agents.create_message(
        thread_id=thread.id, role="user", content="Weather for get_weather city=Chiang-Mai please"
    )
    project.agents.create_and_process_run(thread_id=thread.id, agent_id=agent.id)

    messages = project.agents.list_messages(thread_id=thread.id)
    for data in reversed(messages.data):
        content = data.content[0]
        if isinstance(content, models.MessageTextContent):
            env.say(f"{data.role}: {content.text.value}")
    project.agents.delete_agent(agent.id)
    project.close()
    return env.transcript
