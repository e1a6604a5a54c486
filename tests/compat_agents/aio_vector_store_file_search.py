"""Stands for Microsoft's ``agents_async/sample_agents_vector_store_file_search_async.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms (async): ``await agents_client.files.upload_and_poll(file_path=,
purpose=FilePurpose.AGENTS)``; ``await vector_stores.create_and_poll(file_ids=, name=)``;
``FileSearchTool(vector_store_ids=)`` giving both ``tools=`` and ``tool_resources=``;
``await runs.create_and_process``; ``await vector_stores.delete``; ``messages.list`` read
with ``async for``; the original's product sheet is written here.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "file status: processed",
    "vector store status: completed",
    "Run finished with status: completed",
    "Deleted vector store",
    "Deleted agent",
    "user: Please search: what feature does Smart Eyewear offer?",
    "assistant: file_search found 1 result(s): product_info_1.md",
]


async def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    asset = env.workdir / "product_info_1.md"
    asset.write_text("# Smart Eyewear\nThe Smart Eyewear offers a heads-up display feature.\n")
    async with env.credential as credential:
        async with AgentsClient(endpoint=env.endpoint, credential=credential) as agents_client:
            file = await agents_client.files.upload_and_poll(
                file_path=str(asset), purpose=models.FilePurpose.AGENTS
            )
            env.say(f"file status: {file.status}")
            vector_store = await agents_client.vector_stores.create_and_poll(
                file_ids=[file.id], name="sample_vector_store"
            )
            env.say(f"vector store status: {vector_store.status}")

            file_search_tool = models.FileSearchTool(vector_store_ids=[vector_store.id])
            agent = await agents_client.create_agent(
                model=env.model,
                name="my-agent",
                instructions="You are helpful agent",
                tools=file_search_tool.definitions,
                tool_resources=file_search_tool.resources,
            )
            thread = await agents_client.threads.create()
            await agents_client.messages.create(
                thread_id=thread.id,
                role="user",
                content="Please search: what feature does Smart Eyewear offer?",
            )
            run = await agents_client.runs.create_and_process(
                thread_id=thread.id, agent_id=agent.id
            )
            env.say(f"Run finished with status: {run.status}")

            await agents_client.vector_stores.delete(vector_store.id)
            env.say("Deleted vector store")
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
