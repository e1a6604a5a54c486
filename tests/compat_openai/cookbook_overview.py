"""The OpenAI Cookbook's "Assistants API Overview (Python SDK)" notebook, cell by cell.

Stands for: openai/openai-cookbook, ``examples/Assistants_API_overview_python.ipynb`` at commit
d0cb11052851e9a7c7231a12a0df9105d238de61 (https://cookbook.openai.com/examples/assistants_api_overview_python).

Idioms: ``show_json(obj)`` = ``json.loads(obj.model_dump_json())`` for an assistant, thread,
message, run, a message *page* and run-step details; a hand-written ``wait_on_run`` loop over
``beta.threads.runs.retrieve(thread_id=..., run_id=...)`` while the status is
``queued``/``in_progress``; ``messages.list(thread_id=..., order="asc", after=message.id)``;
the ``submit_message`` / ``get_response`` / ``create_thread_and_run`` / ``pretty_print``
helpers over several threads at once (``m.role``, ``m.content[0].text.value``);
``beta.assistants.update(ASSISTANT_ID, tools=[...])`` (id positional);
``runs.steps.list(thread_id=..., run_id=..., order="asc")`` and ``step.step_details``; a
function tool: ``run.required_action.submit_tool_outputs.tool_calls[0]``,
``json.loads(tool_call.function.arguments)``, ``runs.submit_tool_outputs(thread_id=...,
run_id=..., tool_outputs=[{"tool_call_id": ..., "output": json.dumps(...)}])``.

The notebook's ``display(...)`` becomes ``print(...)``; its file-search cell is left out (see
``azure_file_search``).
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List

QUIZ_FUNCTION = {
    "name": "display_quiz",
    "description": "Shows the student a quiz and returns their answers.",
    "parameters": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "questions": {
                "type": "array",
                "description": "The questions, each with its text and maybe choices.",
                "items": {
                    "type": "object",
                    "properties": {
                        "question_text": {"type": "string"},
                        "question_type": {
                            "type": "string",
                            "enum": ["MULTIPLE_CHOICE", "FREE_RESPONSE"],
                        },
                        "choices": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["question_text"],
                },
            },
        },
        "required": ["title", "questions"],
    },
}


def main(client: Any, sdk: Any, model: str) -> None:
    def show_json(obj: Any) -> None:
        print(json.loads(obj.model_dump_json()))

    def wait_on_run(run: Any, thread: Any) -> Any:
        while run.status == "queued" or run.status == "in_progress":
            run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
            time.sleep(0.01)
        return run

    # Assistants, threads, messages, runs.
    assistant = client.beta.assistants.create(
        name="Math Tutor",
        instructions="You tutor maths. Keep every answer to one sentence.",
        model=model,
    )
    show_json(assistant)
    thread = client.beta.threads.create()
    show_json(thread)
    message = client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content="How do I solve 3x + 11 = 14?"
    )
    show_json(message)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    show_json(run)
    run = wait_on_run(run, thread)
    show_json(run)
    show_json(client.beta.threads.messages.list(thread_id=thread.id))

    message = client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content="Could you explain it step by step?"
    )
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    wait_on_run(run, thread)
    show_json(
        client.beta.threads.messages.list(thread_id=thread.id, order="asc", after=message.id)
    )

    # Several users at once.
    tutor_id = assistant.id

    def submit_message(assistant_id: str, thread: Any, user_message: str) -> Any:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=user_message)
        return client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)

    def get_response(thread: Any) -> Any:
        return client.beta.threads.messages.list(thread_id=thread.id, order="asc")

    def create_thread_and_run(user_input: str) -> Any:
        thread = client.beta.threads.create()
        return thread, submit_message(tutor_id, thread, user_input)

    def pretty_print(messages: Any) -> None:
        print("# Messages")
        for m in messages:
            print(f"{m.role}: {m.content[0].text.value}")
        print()

    thread1, run1 = create_thread_and_run("How do I solve 3x + 11 = 14?")
    thread2, run2 = create_thread_and_run("What is linear algebra about?")
    thread3, run3 = create_thread_and_run("I do not like maths. Any advice?")
    run1 = wait_on_run(run1, thread1)
    pretty_print(get_response(thread1))
    run2 = wait_on_run(run2, thread2)
    pretty_print(get_response(thread2))
    run3 = wait_on_run(run3, thread3)
    pretty_print(get_response(thread3))
    wait_on_run(submit_message(tutor_id, thread3, "Thanks!"), thread3)
    pretty_print(get_response(thread3))

    # Code interpreter, and the run's steps.
    assistant = client.beta.assistants.update(tutor_id, tools=[{"type": "code_interpreter"}])
    show_json(assistant)
    thread, run = create_thread_and_run("Write code to calculate 1 + 1 + 2 + 3 + 5 + 8 please.")
    run = wait_on_run(run, thread)
    pretty_print(get_response(thread))
    run_steps = client.beta.threads.runs.steps.list(
        thread_id=thread.id, run_id=run.id, order="asc"
    )
    for step in run_steps.data:
        show_json(step.step_details)

    # A function the assistant calls.
    def display_quiz(title: str, questions: List[Dict[str, Any]]) -> List[str]:
        print("Quiz:", title)
        print()
        answers = []
        for q in questions:
            print(q["question_text"])
            answer = ""
            if q.get("question_type") == "MULTIPLE_CHOICE":
                for i, choice in enumerate(q["choices"]):
                    print(f"{i}. {choice}")
                answer = "a"
            elif q.get("question_type") == "FREE_RESPONSE":
                answer = "I don't know."
            answers.append(answer)
            print()
        return answers

    assistant = client.beta.assistants.update(
        tutor_id,
        tools=[{"type": "code_interpreter"}, {"type": "function", "function": QUIZ_FUNCTION}],
    )
    show_json(assistant)
    thread, run = create_thread_and_run(
        'Give me a display_quiz title="Angles" with two questions, then grade my answers.'
    )
    run = wait_on_run(run, thread)
    print(run.status)
    show_json(run)

    tool_call = run.required_action.submit_tool_outputs.tool_calls[0]
    name = tool_call.function.name
    arguments = json.loads(tool_call.function.arguments)
    print("Function Name:", name)
    print("Function Arguments:")
    print(arguments)
    responses = display_quiz(arguments["title"], arguments["questions"])
    print("Responses:", responses)

    run = client.beta.threads.runs.submit_tool_outputs(
        thread_id=thread.id,
        run_id=run.id,
        tool_outputs=[{"tool_call_id": tool_call.id, "output": json.dumps(responses)}],
    )
    show_json(run)
    run = wait_on_run(run, thread)
    pretty_print(get_response(thread))
