"""openai-python's README on handling errors, around Assistants calls.

Stands for: openai/openai-python ``README.md`` section "Handling errors" (and "Request IDs",
``exc.request_id``) at commit e43b422412a9e96c9cc5192c61fffbe2d7e04836.

Idioms: ``except openai.NotFoundError`` / ``openai.BadRequestError`` /
``openai.AuthenticationError`` / ``openai.APIStatusError`` in the README's order (most
specific first); ``e.status_code``, ``e.response`` (``.status_code``), ``e.request_id``,
``e.body``, ``e.code``, ``e.type``, ``e.param``, ``e.message``; ``isinstance(e,
openai.APIError)``.
"""

from __future__ import annotations

from typing import Any, Callable


def main(client: Any, sdk: Any, model: str) -> None:
    def attempt(label: str, call: Callable[[], Any]) -> None:
        try:
            call()
            print(label, "-> no error")
        except sdk.NotFoundError as e:
            print(label, "-> 404 NotFoundError", e.status_code, e.response.status_code)
            print("  request id present:", bool(e.request_id))
            print("  code/type/param:", e.code, e.type, e.param)
            print("  body message:", e.body["message"])
        except sdk.BadRequestError as e:
            print(label, "-> 400 BadRequestError", e.status_code, e.type)
            print("  body is a dict:", isinstance(e.body, dict))
        except sdk.AuthenticationError as e:
            print(label, "-> 401 AuthenticationError", e.status_code)
        except sdk.APIStatusError as e:
            print(label, "-> other status", e.status_code)
        except sdk.APIError as e:
            print(label, "-> APIError", type(e).__name__)

    attempt("missing thread", lambda: client.beta.threads.retrieve("thread_does_not_exist"))
    thread = client.beta.threads.create()
    attempt(
        "missing run",
        lambda: client.beta.threads.runs.retrieve(run_id="run_nope", thread_id=thread.id),
    )
    attempt(
        "unknown assistant",
        lambda: client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_nope"),
    )
    attempt("fine", lambda: client.beta.threads.retrieve(thread.id))
