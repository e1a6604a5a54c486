"""Stands for Microsoft's ``agents_tools/sample_agents_code_interpreter.py`` in
Azure/azure-sdk-for-python, sdk/ai/azure-ai-agents/samples/, release azure-ai-agents 1.1.0
(tag ``azure-ai-agents_1.1.0``; shipped in that release's PyPI sdist).

Idioms: a CSV uploaded with ``files.upload_and_poll``; ``CodeInterpreterTool(file_ids=)``
with ``tools=`` / ``tool_resources=``; ``runs.create_and_process``; ``files.delete``;
walking ``msg.image_contents`` and ``msg.file_path_annotations`` of every message; then
``messages.get_last_message_text_by_role(thread_id=, role=MessageRole.AGENT)`` and its
``.text.value``.
"""

from __future__ import annotations

from typing import Any, List

from tests.compat_agents.program import ProgramEnv

GENERATION = "ga"
CLIENT = "AgentsClient"
EXPECTED: List[str] = [
    "Run finished with status: completed",
    "Deleted file",
    "images: 0, file paths: 0",
    "Last Message: code_interpreter output: 1545",
    "Deleted agent",
]


def main(AgentsClient: Any, models: Any, env: ProgramEnv) -> List[str]:
    asset = env.workdir / "quarterly_results.csv"
    asset.write_text("sector,operating_profit\nTRANSPORTATION,1200\nENERGY,345\n")
    client = AgentsClient(endpoint=env.endpoint, credential=env.credential)
    with client:
        file = client.files.upload_and_poll(
            file_path=str(asset), purpose=models.FilePurpose.AGENTS
        )
        code_interpreter = models.CodeInterpreterTool(file_ids=[file.id])
        agent = client.create_agent(
            model=env.model,
            name="code-agent",
            instructions="You are helpful agent",
            tools=code_interpreter.definitions,
            tool_resources=code_interpreter.resources,
        )
        thread = client.threads.create()
        client.messages.create(
            thread_id=thread.id,
            role="user",
            content="Please calculate 1200 + 345, the operating profit in the uploaded csv file",
        )
        run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
        env.say(f"Run finished with status: {run.status}")
        if run.status == "failed":
            env.say(f"Run failed: {run.last_error}")

        client.files.delete(file.id)
        env.say("Deleted file")

        images = paths = 0
        for msg in client.messages.list(thread_id=thread.id):
            images += len(msg.image_contents)
            paths += len(msg.file_path_annotations)
        env.say(f"images: {images}, file paths: {paths}")

        last_msg = client.messages.get_last_message_text_by_role(
            thread_id=thread.id, role=models.MessageRole.AGENT
        )
        if last_msg:
            env.say(f"Last Message: {last_msg.text.value}")
        client.delete_agent(agent.id)
        env.say("Deleted agent")
    return env.transcript
