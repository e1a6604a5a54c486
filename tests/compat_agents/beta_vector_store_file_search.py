"""Stands for Microsoft's ``samples/agents/sample_agents_vector_store_file_search.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era): ``upload_file_and_poll(file_path=, purpose=FilePurpose.AGENTS)``;
``create_vector_store_and_poll(file_ids=, name=)``; ``FileSearchTool(vector_store_ids=)``
as ``tools=`` and ``tool_resources=``; ``create_and_process_run``; ``list_run_steps``
(a page with ``.data``); ``delete_vector_store``; ``reversed(messages.data)`` joining each
message's ``text_messages``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "vector store status: completed",
    "Run finished with status: completed",
    "steps: tool_calls, message_creation",
    "Deleted vector store: True",
    "Role: user  Message: Please search: what feature does Smart Eyewear offer?",
    "Role: assistant  Message: file_search found 1 result(s): product_info_1.md",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    asset = env.workdir / "product_info_1.md"
    asset.write_text("# Smart Eyewear\nThe Smart Eyewear offers a heads-up display feature.\n")
    project_client = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    with project_client:
        file = project_client.agents.upload_file_and_poll(
            file_path=str(asset), purpose=models.FilePurpose.AGENTS
        )
        vector_store = project_client.agents.create_vector_store_and_poll(
            file_ids=[file.id], name="sample_vector_store"
        )
        env.say(f"vector store status: {vector_store.status}")
        file_search_tool = models.FileSearchTool(vector_store_ids=[vector_store.id])
        agent = project_client.agents.create_agent(
            model=env.model,
            name="my-assistant",
            instructions="You are helpful assistant",
            tools=file_search_tool.definitions,
            tool_resources=file_search_tool.resources,
        )
        thread = project_client.agents.create_thread()
        project_client.agents.create_message(
            thread_id=thread.id,
            role="user",
            content="Please search: what feature does Smart Eyewear offer?",
        )
        run = project_client.agents.create_and_process_run(
            thread_id=thread.id, agent_id=agent.id
        )
        env.say(f"Run finished with status: {run.status}")
        steps = project_client.agents.list_run_steps(thread_id=thread.id, run_id=run.id)
        env.say("steps: " + ", ".join(str(step.type) for step in reversed(steps.data)))

        deleted = project_client.agents.delete_vector_store(vector_store.id)
        env.say(f"Deleted vector store: {deleted.deleted}")
        project_client.agents.delete_agent(agent.id)

        messages = project_client.agents.list_messages(thread_id=thread.id)
        for message in reversed(messages.data):
            clean = "\n".join(text_msg.text.value for text_msg in message.text_messages)
            env.say(f"Role: {message.role}  Message: {clean}")
    return env.transcript
