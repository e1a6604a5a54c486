"""Stands for Microsoft's ``agents_tools/sample_agents_functions.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: ``FunctionTool(functions=<set of callables>)`` and ``tools=functions.definitions``;
a hand-written poll loop that, on ``requires_action`` with a ``SubmitToolOutputsAction``,
walks ``run.required_action.submit_tool_outputs.tool_calls``, keeps the
``RequiredFunctionToolCall`` ones, runs them with ``functions.execute(tool_call)`` and posts
``ToolOutput(tool_call_id=, output=)`` objects with ``runs.submit_tool_outputs``; the
message prompts name the functions so the emulator's scripted model calls them.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_functions import user_functions

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "executing fetch_weather",
    "executing send_email",
    "Run completed with status: completed",
    "user: Use fetch_weather location=London then send_email recipient=ops@example.com "
    "subject=Forecast body=attached",
    'assistant: fetch_weather returned: {"weather": "Cloudy, 18C"}\n'
    'send_email returned: {"message": "Email sent to ops@example.com: Forecast"}',
]


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    functions = models.FunctionTool(functions=user_functions)
    with client:
        agent = client.create_agent(
            model=env.model,
            name="functions-agent",
            instructions="You are a helpful agent",
            tools=functions.definitions,
        )
        thread = client.threads.create()
        client.messages.create(
            thread_id=thread.id,
            role="user",
            content="Use fetch_weather location=London then send_email "
            "recipient=ops@example.com subject=Forecast body=attached",
        )
        run = client.runs.create(thread_id=thread.id, agent_id=agent.id)
        while run.status in ["queued", "in_progress", "requires_action"]:
            time.sleep(0.2)
            run = client.runs.get(thread_id=thread.id, run_id=run.id)
            if run.status == "requires_action" and isinstance(
                run.required_action, models.SubmitToolOutputsAction
            ):
                tool_calls = run.required_action.submit_tool_outputs.tool_calls
                if not tool_calls:
                    client.runs.cancel(thread_id=thread.id, run_id=run.id)
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
                    client.runs.submit_tool_outputs(
                        thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
                    )
        env.say(f"Run completed with status: {run.status}")
        client.delete_agent(agent.id)

        for msg in client.messages.list(
            thread_id=thread.id, order=models.ListSortOrder.ASCENDING
        ):
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")
    return env.transcript
