"""Stands for Microsoft's ``samples/agents/async_samples/sample_agents_run_with_toolset_async.py``
in Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era, async): ``async with AIProjectClient.from_connection_string(...)``;
``AsyncFunctionTool(user_async_functions)`` in an ``AsyncToolSet``;
``project_client.agents.enable_auto_function_calls(toolset=toolset)``;
``create_agent(toolset=)``; the flat ``create_thread`` / ``create_message``; ``await
create_and_process_run(thread_id=, agent_id=)`` running the plain and ``async def`` functions;
``await list_messages`` read newest first through ``.data``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.user_async_functions import user_async_functions

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "Run finished with status: completed",
    "Deleted agent",
    'assistant: fetch_weather returned: {"weather": "Cloudy, 18C"}\n'
    'send_email_async returned: {"message": "Email sent to me@example.com: Weather"}',
    "user: Send an email with the weather in London: call fetch_weather location=London "
    "then send_email_async recipient=me@example.com subject=Weather body=cloudy",
]


async def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    async with env.credential as creds:
        async with AIProjectClient.from_connection_string(
            credential=creds, conn_str=env.connection_string
        ) as project_client:
            functions = models.AsyncFunctionTool(user_async_functions)
            toolset = models.AsyncToolSet()
            toolset.add(functions)
            project_client.agents.enable_auto_function_calls(toolset=toolset)

            agent = await project_client.agents.create_agent(
                model=env.model,
                name="my-assistant",
                instructions="You are a helpful assistant",
                toolset=toolset,
            )
            thread = await project_client.agents.create_thread()
            await project_client.agents.create_message(
                thread_id=thread.id,
                role="user",
                content="Send an email with the weather in London: call fetch_weather "
                "location=London then send_email_async recipient=me@example.com "
                "subject=Weather body=cloudy",
            )
            run = await project_client.agents.create_and_process_run(
                thread_id=thread.id, agent_id=agent.id
            )
            env.say(f"Run finished with status: {run.status}")
            if run.status == "failed":
                env.say(f"Run failed: {run.last_error}")

            await project_client.agents.delete_agent(agent.id)
            env.say("Deleted agent")
            messages = await project_client.agents.list_messages(thread_id=thread.id)
            for data_point in messages.data:
                last_message_content = data_point.content[-1]
                if isinstance(last_message_content, models.MessageTextContent):
                    env.say(f"{data_point.role}: {last_message_content.text.value}")
    return env.transcript
