"""Stands for Microsoft's ``agents_async/sample_agents_functions_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms (async): ``AsyncFunctionTool(functions=<set of plain and async def functions>)`` added
to an ``AsyncToolSet``; ``tools=functions.definitions``; a hand-written poll loop that, on
``requires_action`` with a ``SubmitToolOutputsAction``, answers with ``await
toolset.execute_tool_calls(tool_calls)`` and ``runs.submit_tool_outputs``; the message
prompt names the functions so the emulator's scripted model calls them.
"""

from __future__ import annotations

import time
from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_async_functions import user_async_functions

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "tool outputs: 2",
    "Run completed with status: completed",
    "Deleted agent",
    "user: Use fetch_weather location=Tokyo then send_email_async recipient=ops@example.com "
    "subject=Forecast body=attached",
    'assistant: fetch_weather returned: {"weather": "Rainy, 22C"}\n'
    'send_email_async returned: {"message": "Email sent to ops@example.com: Forecast"}',
]


async def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    async with env.credential as creds:
        async with AgentsClient(endpoint=env.endpoint, credential=creds) as agents_client:
            functions = models.AsyncFunctionTool(functions=user_async_functions)
            toolset = models.AsyncToolSet()
            toolset.add(functions)

            agent = await agents_client.create_agent(
                model=env.model,
                name="my-agent",
                instructions="You are helpful agent",
                tools=functions.definitions,
            )
            thread = await agents_client.threads.create()
            await agents_client.messages.create(
                thread_id=thread.id,
                role="user",
                content="Use fetch_weather location=Tokyo then send_email_async "
                "recipient=ops@example.com subject=Forecast body=attached",
            )
            run = await agents_client.runs.create(thread_id=thread.id, agent_id=agent.id)
            while run.status in ["queued", "in_progress", "requires_action"]:
                time.sleep(0.2)
                run = await agents_client.runs.get(thread_id=thread.id, run_id=run.id)
                if run.status == "requires_action" and isinstance(
                    run.required_action, models.SubmitToolOutputsAction
                ):
                    tool_calls = run.required_action.submit_tool_outputs.tool_calls
                    if not tool_calls:
                        await agents_client.runs.cancel(thread_id=thread.id, run_id=run.id)
                        break
                    tool_outputs = await toolset.execute_tool_calls(tool_calls)
                    env.say(f"tool outputs: {len(tool_outputs)}")
                    if tool_outputs:
                        await agents_client.runs.submit_tool_outputs(
                            thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
                        )
            env.say(f"Run completed with status: {run.status}")

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
