"""Stands for Microsoft's ``agents_files_images_inputs/sample_agents_vector_store_file_search.py``
in Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: ``files.upload_and_poll(file_path=, purpose=FilePurpose.AGENTS)``;
``vector_stores.create_and_poll(file_ids=, name=)``; ``FileSearchTool(vector_store_ids=)``
with both ``tools=file_search_tool.definitions`` and ``tool_resources=
file_search_tool.resources``; ``runs.create_and_process``; ``vector_stores.delete``;
``run_steps.list`` to see the search; the original's product sheet is written here.
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
    "steps: tool_calls, message_creation",
    "Deleted vector store",
    "user: Please search: what feature does Smart Eyewear offer?",
    "assistant: file_search found 1 result(s): product_info_1.md",
]


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    asset = env.workdir / "product_info_1.md"
    asset.write_text("# Smart Eyewear\nThe Smart Eyewear offers a heads-up display feature.\n")
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    with client:
        file = client.files.upload_and_poll(
            file_path=str(asset), purpose=models.FilePurpose.AGENTS
        )
        env.say(f"file status: {file.status}")
        vector_store = client.vector_stores.create_and_poll(
            file_ids=[file.id], name="sample_vector_store"
        )
        env.say(f"vector store status: {vector_store.status}")

        file_search_tool = models.FileSearchTool(vector_store_ids=[vector_store.id])
        agent = client.create_agent(
            model=env.model,
            name="file-search-agent",
            instructions="You are helpful agent",
            tools=file_search_tool.definitions,
            tool_resources=file_search_tool.resources,
        )
        thread = client.threads.create()
        client.messages.create(
            thread_id=thread.id,
            role="user",
            content="Please search: what feature does Smart Eyewear offer?",
        )
        run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
        env.say(f"Run finished with status: {run.status}")
        steps = list(client.run_steps.list(thread_id=thread.id, run_id=run.id))
        env.say("steps: " + ", ".join(str(step.type) for step in reversed(steps)))

        client.vector_stores.delete(vector_store.id)
        env.say("Deleted vector store")
        client.delete_agent(agent.id)

        for msg in client.messages.list(
            thread_id=thread.id, order=models.ListSortOrder.ASCENDING
        ):
            if msg.text_messages:
                env.say(f"{msg.role}: {msg.text_messages[-1].text.value}")
    return env.transcript
