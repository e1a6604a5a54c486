"""Azure-Samples' "function calling with Bing search" notebook: a polling helper that runs
whichever function the assistant asks for, then prints the conversation.

Stands for: Azure-Samples/azureai-samples,
``scenarios/Assistants/function_calling/assistants_function_calling_with_bing_search.ipynb`` at
commit 2e32c6f18f86cb78787aa589bb9597ada65b4e80.

Idioms: ``AzureOpenAI(api_key=..., api_version=..., azure_endpoint=...)``;
``assistants.create(name=..., description="", instructions=..., tools=..., model=<deployment>)``;
a ``poll_run_till_completion`` helper that prints ``Poll <n>: <status>``, checks
``run.required_action.type == "submit_tool_outputs"`` and
``run.required_action.submit_tool_outputs.tool_calls``, dispatches ``call.function.name``
through a dict of callables with ``**json.loads(call.function.arguments)``, and re-binds
``run = runs.submit_tool_outputs(...)``; ``messages.create`` / ``messages.retrieve`` by id;
``reversed(messages.data)`` with ``md.role`` / ``mc.type == "text"`` / ``mc.text.value``.
The Bing call itself is replaced by canned results (no network).
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Dict, Optional


def search(query: str) -> str:
    """Stands in for the notebook's Bing search: canned results, same shape."""
    return json.dumps(
        [{"title": "Mount Rainier", "link": "https://example.org/rainier", "snippet": "14,410 ft"}]
    )


def main(client: Any, sdk: Any, model: str) -> None:
    def poll_run_till_completion(
        thread_id: str,
        run_id: str,
        available_functions: Dict[str, Callable[..., str]],
        verbose: bool,
        max_steps: int = 10,
        wait: float = 0.01,
    ) -> None:
        try:
            for count in range(max_steps):
                run = client.beta.threads.runs.retrieve(thread_id=thread_id, run_id=run_id)
                if verbose:
                    print(f"Poll {count}: {run.status}")
                if run.status == "requires_action":
                    responses = []
                    action = run.required_action
                    if (
                        action.type == "submit_tool_outputs"
                        and action.submit_tool_outputs.tool_calls is not None
                    ):
                        for call in action.submit_tool_outputs.tool_calls:
                            if call.type != "function":
                                continue
                            if call.function.name not in available_functions:
                                raise Exception("Function requested by the model does not exist")
                            function = available_functions[call.function.name]
                            output = function(**json.loads(call.function.arguments))
                            responses.append({"tool_call_id": call.id, "output": output})
                    run = client.beta.threads.runs.submit_tool_outputs(
                        thread_id=thread_id, run_id=run.id, tool_outputs=responses
                    )
                if run.status == "failed":
                    print("Run failed.")
                    break
                if run.status == "completed":
                    break
                time.sleep(wait)
        except Exception as e:
            print(e)

    def create_message(
        thread_id: str, role: str, content: str, message_id: Optional[str] = None
    ) -> Any:
        if message_id is not None:
            return client.beta.threads.messages.retrieve(thread_id=thread_id, message_id=message_id)
        return client.beta.threads.messages.create(thread_id=thread_id, role=role, content=content)

    def retrieve_and_print_messages(thread_id: str, verbose: bool) -> Any:
        messages = client.beta.threads.messages.list(thread_id=thread_id)
        display_role = {"user": "User query", "assistant": "Assistant response"}
        prev_role = None
        if verbose:
            print("\n\nCONVERSATION:")
        for md in reversed(messages.data):
            if prev_role == "assistant" and md.role == "user" and verbose:
                print("------ \n")
            for mc in md.content:
                text = mc.text.value if mc.type == "text" else ""
                if verbose:
                    if prev_role == md.role:
                        print(text)
                    else:
                        print(f"{display_role[md.role]}:\n{text}")
            prev_role = md.role
        return messages

    instructions = "You answer questions, calling search_bing when fresh web data would help."
    tools = [
        {
            "type": "function",
            "function": {
                "name": "search_bing",
                "description": "Searches the web for up-to-date information.",
                "parameters": {
                    "type": "object",
                    "properties": {"query": {"type": "string", "description": "What to search"}},
                    "required": ["query"],
                },
            },
        }
    ]
    assistant = client.beta.assistants.create(
        name="websearch-assistant", description="", instructions=instructions, tools=tools,
        model=model,
    )
    thread = client.beta.threads.create()
    sent = create_message(
        thread.id, "user", 'How tall is Mount Rainier? search_bing query="mount rainier height"'
    )
    again = create_message(thread.id, "", "", message_id=sent.id)
    print(again.id == sent.id, again.content[0].text.value == sent.content[0].text.value)

    run = client.beta.threads.runs.create(
        thread_id=thread.id, assistant_id=assistant.id, instructions=instructions
    )
    poll_run_till_completion(
        thread_id=thread.id, run_id=run.id, available_functions={"search_bing": search},
        verbose=True,
    )
    retrieve_and_print_messages(thread_id=thread.id, verbose=True)
