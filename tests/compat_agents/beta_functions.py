"""Stands for Microsoft's ``samples/agents/sample_agents_functions.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era): ``FunctionTool(functions=<set>)``; ``create_agent(tools=
functions.definitions)``; ``create_run`` and a poll on ``get_run`` that answers
``requires_action`` (``SubmitToolOutputsAction``, ``RequiredFunctionToolCall``,
``functions.execute``, ``ToolOutput``) through ``submit_tool_outputs_to_run``; then
``list_messages`` and the page's ``text_messages`` helper.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_functions import user_functions

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "executing fetch_weather",
    "Run completed with status: completed",
    'text: fetch_weather returned: {"weather": "Rainy, 22C"}',
    "text: How is the weather? Ask fetch_weather location=Tokyo",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    functions = models.FunctionTool(functions=user_functions)
    with project_client:
        agent = project_client.agents.create_agent(
            model=env.model,
            name="my-assistant",
            instructions="You are a helpful assistant",
            tools=functions.definitions,
        )
        thread = project_client.agents.create_thread()
        project_client.agents.create_message(
            thread_id=thread.id,
            role="user",
            content="How is the weather? Ask fetch_weather location=Tokyo",
        )
        run = project_client.agents.create_run(thread_id=thread.id, agent_id=agent.id)
        while run.status in ["queued", "in_progress", "requires_action"]:
            time.sleep(0.2)
            run = project_client.agents.get_run(thread_id=thread.id, run_id=run.id)
            if run.status == "requires_action" and isinstance(
                run.required_action, models.SubmitToolOutputsAction
            ):
                tool_calls = run.required_action.submit_tool_outputs.tool_calls
                if not tool_calls:
                    project_client.agents.cancel_run(thread_id=thread.id, run_id=run.id)
                    break
                tool_outputs = []
                for tool_call in tool_calls:
                    if isinstance(tool_call, models.RequiredFunctionToolCall):
                        env.say(f"executing {tool_call.function.name}")
                        output = functions.execute(tool_call)
                        tool_outputs.append(
                            models.ToolOutput(tool_call_id=tool_call.id, output=output)
                        )
                if tool_outputs:
                    project_client.agents.submit_tool_outputs_to_run(
                        thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
                    )
        env.say(f"Run completed with status: {run.status}")
        project_client.agents.delete_agent(agent.id)

        messages = project_client.agents.list_messages(thread_id=thread.id)
        for text_message in messages.text_messages:
            env.say(f"text: {text_message.text.value}")
    return env.transcript
