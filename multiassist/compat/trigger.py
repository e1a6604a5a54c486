# Generated from multiassist/_async/compat/trigger.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The run helpers trigger.dev's OpenAI integration made familiar, on the facade:
``createAndRunUntilCompletion``, ``createAndWaitForCompletion``, ``waitForCompletion`` and
``listAll`` (camelCase, with snake_case twins). They call the OpenAI-style polling helpers.

trigger.dev's first argument (a task cache key) has no meaning outside trigger.dev and is
dropped: ``createAndRunUntilCompletion("key", params)`` becomes
``createAndRunUntilCompletion(params)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Mapping, Optional

from multiassist.compat.azure_sdk import snake_case_options
from multiassist.models import Message, Run

if TYPE_CHECKING:
    from multiassist.resources import Beta

__all__ = ["TriggerStyleMethods"]


class TriggerStyleMethods:
    """Mixed into :class:`multiassist.AssistantsClient`; needs ``beta``."""

    beta: Beta

    def create_and_run_until_completion(
        self, params: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Run:
        """Create a thread and run it; return the run once it stops (or needs tool outputs).

        ``params`` are ``create_and_run`` arguments; ``max_wait`` / ``poll_interval_ms`` apply.
        """
        return self.beta.threads.create_and_run_poll(**snake_case_options(params, options))

    def create_and_wait_for_completion(
        self, thread_id: str, params: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Run:
        """Start a run on ``thread_id`` and return it once it stops."""
        return self.beta.threads.runs.create_and_poll(
            thread_id, **snake_case_options(params, options)
        )

    def wait_for_completion(self, thread_id: str, run_id: str, **options: Any) -> Run:
        """Poll an existing run until it stops (deadline: ``max_wait`` seconds)."""
        return self.beta.threads.runs.poll(
            run_id, thread_id=thread_id, **snake_case_options(options)
        )

    def list_all(
        self, thread_id: str, params: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> List[Message]:
        """Every message of the thread, walking all pages (``order``, ``run_id``... apply)."""
        return [message for message in
                self.beta.threads.messages.list(thread_id, **snake_case_options(params, options))]

    createAndRunUntilCompletion = create_and_run_until_completion
    createAndWaitForCompletion = create_and_wait_for_completion
    waitForCompletion = wait_for_completion
    listAll = list_all
