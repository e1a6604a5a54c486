"""Stands for Microsoft's ``agents_async/sample_agents_run_with_toolset_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, at commit
2087c5f809c442aa32d06cd0cb34b18004aab15a (after 1.1.0, where the async samples moved to
``azure.ai.projects.aio.AIProjectClient``).

Idioms (async): ``AIProjectClient(endpoint=, credential=)`` from ``azure.ai.projects.aio``
entered with ``async with`` and ``agents_client = project_client.agents``;
``AsyncFunctionTool(<set of plain and async def functions>)`` positionally, added to an
``AsyncToolSet``; ``agents_client.enable_auto_function_calls(toolset)``;
``create_agent(toolset=)``; ``await agents_client.runs.create_and_process(...)`` running the
functions, the async one awaited; ``messages.list`` read with ``async for``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_async_functions import user_async_functions

GENERATION = "ga"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "Run finished with status: completed",
    "Deleted agent",
    'user: Hello, send an email with the weather in New York: call fetch_weather '
    'location="New York" then send_email_async recipient=me@example.com subject=Weather '
    'body=sunny',
    'assistant: fetch_weather returned: {"weather": "Sunny, 25C"}\n'
    'send_email_async returned: {"message": "Email sent to me@example.com: Weather"}',
]


async def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    project_client = AIProjectClient(endpoint=env.endpoint, credential=env.credential)
    async with project_client:
        agents_client = project_client.agents

        functions = models.AsyncFunctionTool(user_async_functions)
        toolset = models.AsyncToolSet()
        toolset.add(functions)
        agents_client.enable_auto_function_calls(toolset)

        agent = await agents_client.create_agent(
            model=env.model,
            name="my-agent",
            instructions="You are a helpful agent",
            toolset=toolset,
        )
        thread = await agents_client.threads.create()
        await agents_client.messages.create(
            thread_id=thread.id,
            role="user",
            content='Hello, send an email with the weather in New York: call fetch_weather '
            'location="New York" then send_email_async recipient=me@example.com '
            'subject=Weather body=sunny',
        )
        run = await agents_client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
        env.say(f"Run finished with status: {run.status}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")

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
