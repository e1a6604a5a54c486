"""Stands for Microsoft's ``samples/agents/sample_agents_code_interpreter.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-projects/, release azure-ai-projects 1.0.0b10
(tag ``azure-ai-projects_1.0.0b10``; shipped in that release's PyPI sdist).

Idioms (hub era): ``upload_file_and_poll``; ``CodeInterpreterTool(file_ids=)`` with
``tools=`` / ``tool_resources=``; ``create_and_process_run``; ``delete_file``; the message
page's helpers ``image_contents``, ``file_path_annotations`` and
``get_last_text_message_by_role(MessageRole.AGENT)``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "beta"
CLIENT = "AIProjectClient"
EXPECTED: List[str] = [
    "Run finished with status: completed",
    "Deleted file: True",
    "images: 0, file paths: 0",
    "Last Message: code_interpreter output: 1545",
]


def main(AIProjectClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    asset = env.workdir / "quarterly_results.csv"
    asset.write_text("sector,operating_profit\nTRANSPORTATION,1200\nENERGY,345\n")
    project_client = AIProjectClient.from_connection_string(
        credential=env.credential, conn_str=env.connection_string
    )
    with project_client:
        file = project_client.agents.upload_file_and_poll(
            file_path=str(asset), purpose=models.FilePurpose.AGENTS
        )
        code_interpreter = models.CodeInterpreterTool(file_ids=[file.id])
        agent = project_client.agents.create_agent(
            model=env.model,
            name="my-assistant",
            instructions="You are helpful assistant",
            tools=code_interpreter.definitions,
            tool_resources=code_interpreter.resources,
        )
        thread = project_client.agents.create_thread()
        project_client.agents.create_message(
            thread_id=thread.id,
            role="user",
            content="Please calculate 1200 + 345, the operating profit in the uploaded csv file",
        )
        run = project_client.agents.create_and_process_run(
            thread_id=thread.id, agent_id=agent.id
        )
        env.say(f"Run finished with status: {run.status}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")
        deleted = project_client.agents.delete_file(file.id)
        env.say(f"Deleted file: {deleted.deleted}")

        messages = project_client.agents.list_messages(thread_id=thread.id)
        images = len(messages.image_contents)
        env.say(f"images: {images}, file paths: {len(messages.file_path_annotations)}")
        last_msg = messages.get_last_text_message_by_role(models.MessageRole.AGENT)
        if last_msg:
            env.say(f"Last Message: {last_msg.text.value}")
        project_client.agents.delete_agent(agent.id)
    return env.transcript
