# Generated from multiassist/_async/compat/azure_sdk.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The method set of the retired Azure beta SDK for assistants, in camelCase as named there
and with snake_case twins.

Every method here is a thin adapter: it reshapes the old positional signature
(``createMessage(threadId, role, content, options)``) into a call on the OpenAI-style namespaces,
so both name sets run the same code. Option mappings may use the SDK's camelCase keys
(``{"runId": ...}``, ``{"assistantId": ...}``); top-level keys are converted to snake_case.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union, cast

from multiassist.models import (
    Assistant,
    AssistantDeleted,
    AssistantFile,
    AssistantFileDeleted,
    FileDeleted,
    FileObject,
    Message,
    MessageFile,
    Run,
    RunStep,
    Thread,
    ThreadDeleted,
)
from multiassist.pagination import CursorPage

if TYPE_CHECKING:
    from multiassist.compat.legacy_files import LegacyFiles
    from multiassist.resources import Beta, Files

__all__ = ["AzureStyleMethods", "snake_case_options"]

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake_case_options(*sources: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """Merge option mappings, converting camelCase top-level keys to snake_case."""
    merged: Dict[str, Any] = {}
    for source in sources:
        for key, value in (source or {}).items():
            merged[_CAMEL_BOUNDARY.sub(r"_\1", key).lower()] = value
    return merged


class AzureStyleMethods:
    """Mixed into :class:`multiassist.AssistantsClient`; needs ``beta``, ``files``,
    ``_legacy``."""

    beta: Beta
    files: Files
    _legacy: LegacyFiles

    # -- assistants -----------------------------------------------------------------------
    def create_assistant(
        self, body: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Assistant:
        """``createAssistant({"model": ..., "name": ..., "instructions": ..., "tools": [...]})``."""
        return self.beta.assistants.create(**snake_case_options(body, options))

    def get_assistant(self, assistant_id: str, **options: Any) -> Assistant:
        """``getAssistant(assistantId)``."""
        return self.beta.assistants.retrieve(assistant_id, **options)

    def update_assistant(
        self, assistant_id: str, body: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Assistant:
        """``updateAssistant(assistantId, {...fields to change})``."""
        return self.beta.assistants.update(assistant_id, **snake_case_options(body, options))

    def delete_assistant(self, assistant_id: str, **options: Any) -> AssistantDeleted:
        """``deleteAssistant(assistantId)``."""
        return self.beta.assistants.delete(assistant_id, **options)

    def list_assistants(
        self, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> CursorPage[Assistant]:
        """``listAssistants({"limit", "order", "after", "before"})``."""
        return self.beta.assistants.list(**snake_case_options(options, more))

    # -- legacy assistant files (v1 wire; carried out through tool_resources on v2) ---------
    def create_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFile:
        """``createAssistantFile(assistantId, fileId)``.

        v1: the real endpoint. v2: adds the file to the assistant's
        ``tool_resources.code_interpreter.file_ids``.
        """
        return self._legacy.create_assistant_file(assistant_id, file_id)

    def get_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFile:
        """``getAssistantFile(assistantId, fileId)``; v2: looks in the code interpreter files."""
        return self._legacy.get_assistant_file(assistant_id, file_id)

    def list_assistant_files(
        self, assistant_id: str, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> CursorPage[AssistantFile]:
        """``listAssistantFiles(assistantId, {"limit", ...})``; v2: the code interpreter files."""
        return self._legacy.list_assistant_files(
            assistant_id, snake_case_options(options, more))

    def delete_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFileDeleted:
        """``deleteAssistantFile(assistantId, fileId)``; v2: removes it from the code
        interpreter files (the file itself is not deleted)."""
        return self._legacy.delete_assistant_file(assistant_id, file_id)

    # -- threads ------------------------------------------------------------------------------
    def create_thread(
        self, body: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Thread:
        """``createThread({"messages": [...], "metadata": {...}})``."""
        return self.beta.threads.create(**snake_case_options(body, options))

    def get_thread(self, thread_id: str, **options: Any) -> Thread:
        """``getThread(threadId)``."""
        return self.beta.threads.retrieve(thread_id, **options)

    def update_thread(
        self, thread_id: str, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> Thread:
        """``updateThread(threadId, {"metadata": {...}})``."""
        return self.beta.threads.update(thread_id, **snake_case_options(options, more))

    def delete_thread(self, thread_id: str, **options: Any) -> ThreadDeleted:
        """``deleteThread(threadId)``."""
        return self.beta.threads.delete(thread_id, **options)

    # -- messages -----------------------------------------------------------------------------
    def create_message(
        self,
        thread_id: str,
        role: str,
        content: Union[str, Sequence[Any]],
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> Message:
        """``createMessage(threadId, role, content, {"attachments", "metadata"})``."""
        return self.beta.threads.messages.create(
            thread_id, role=role, content=content, **snake_case_options(options, more)
        )

    def get_message(self, thread_id: str, message_id: str, **options: Any) -> Message:
        """``getMessage(threadId, messageId)``."""
        return self.beta.threads.messages.retrieve(message_id, thread_id=thread_id, **options)

    def update_message(
        self,
        thread_id: str,
        message_id: str,
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> Message:
        """``updateMessage(threadId, messageId, {"metadata": {...}})``."""
        return self.beta.threads.messages.update(
            message_id, thread_id=thread_id, **snake_case_options(options, more)
        )

    def list_messages(
        self, thread_id: str, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> CursorPage[Message]:
        """``listMessages(threadId, {"runId", "limit", "order", "after", "before"})``."""
        return self.beta.threads.messages.list(thread_id, **snake_case_options(options, more))

    def get_message_file(self, thread_id: str, message_id: str, file_id: str) -> MessageFile:
        """``getMessageFile(threadId, messageId, fileId)``; v2: one of the message's
        ``attachments``."""
        return self._legacy.get_message_file(thread_id, message_id, file_id)

    def list_message_files(
        self,
        thread_id: str,
        message_id: str,
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> CursorPage[MessageFile]:
        """``listMessageFiles(threadId, messageId, {"limit", ...})``; v2: the message's
        ``attachments``."""
        return self._legacy.list_message_files(
            thread_id, message_id, snake_case_options(options, more)
        )

    # -- runs and steps -------------------------------------------------------------------------
    def create_run(
        self,
        thread_id: str,
        body: Union[str, Mapping[str, Any], None] = None,
        **options: Any,
    ) -> Run:
        """``createRun(threadId, {"assistantId": ...})``; a plain string is the assistant id."""
        if isinstance(body, str):
            body = {"assistant_id": body}
        return cast(Run, self.beta.threads.runs.create(
            thread_id, **snake_case_options(body, options)))

    def create_thread_and_run(
        self, body: Optional[Mapping[str, Any]] = None, **options: Any
    ) -> Run:
        """``createThreadAndRun({"assistantId": ..., "thread": {"messages": [...]}})``."""
        return cast(Run, self.beta.threads.create_and_run(**snake_case_options(body, options)))

    def get_run(self, thread_id: str, run_id: str, **options: Any) -> Run:
        """``getRun(threadId, runId)``."""
        return self.beta.threads.runs.retrieve(run_id, thread_id=thread_id, **options)

    def update_run(
        self,
        thread_id: str,
        run_id: str,
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> Run:
        """``updateRun(threadId, runId, {"metadata": {...}})``."""
        return self.beta.threads.runs.update(
            run_id, thread_id=thread_id, **snake_case_options(options, more)
        )

    def list_runs(
        self, thread_id: str, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> CursorPage[Run]:
        """``listRuns(threadId, {"limit", "order", "after", "before"})``."""
        return self.beta.threads.runs.list(thread_id, **snake_case_options(options, more))

    def cancel_run(self, thread_id: str, run_id: str, **options: Any) -> Run:
        """``cancelRun(threadId, runId)``."""
        return self.beta.threads.runs.cancel(run_id, thread_id=thread_id, **options)

    def submit_tool_outputs_to_run(
        self,
        thread_id: str,
        run_id: str,
        tool_outputs: Sequence[Any],
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> Run:
        """``submitToolOutputsToRun(threadId, runId, [{"toolCallId": ..., "output": ...}])``."""
        outputs = [
            snake_case_options(item) if isinstance(item, Mapping) else item
            for item in tool_outputs
        ]
        return cast(Run, self.beta.threads.runs.submit_tool_outputs(
            run_id, thread_id=thread_id, tool_outputs=outputs, **snake_case_options(options, more)
        ))

    def get_run_step(
        self, thread_id: str, run_id: str, step_id: str, **options: Any
    ) -> RunStep:
        """``getRunStep(threadId, runId, stepId)``."""
        return self.beta.threads.runs.steps.retrieve(
            step_id, thread_id=thread_id, run_id=run_id, **options
        )

    def list_run_steps(
        self,
        thread_id: str,
        run_id: str,
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> CursorPage[RunStep]:
        """``listRunSteps(threadId, runId, {"limit", "order", "after", "before"})``."""
        return self.beta.threads.runs.steps.list(
            run_id, thread_id=thread_id, **snake_case_options(options, more)
        )

    # -- files ----------------------------------------------------------------------------------
    def upload_file(
        self,
        file: Any,
        purpose: str,
        options: Optional[Mapping[str, Any]] = None,
        **more: Any,
    ) -> FileObject:
        """``uploadFile(file, purpose, {"filename": ...})``."""
        return self.files.create(
            file=file, purpose=purpose, **snake_case_options(options, more))

    def get_file(self, file_id: str, **options: Any) -> FileObject:
        """``getFile(fileId)``."""
        return self.files.retrieve(file_id, **options)

    def list_files(
        self, options: Optional[Mapping[str, Any]] = None, **more: Any
    ) -> CursorPage[FileObject]:
        """``listFiles({"purpose": ...})``."""
        return self.files.list(**snake_case_options(options, more))

    def delete_file(self, file_id: str, **options: Any) -> FileDeleted:
        """``deleteFile(fileId)``."""
        return self.files.delete(file_id, **options)

    # -- the SDK's camelCase names, bound to the same functions ----------------------------------
    cancelRun = cancel_run
    createAssistant = create_assistant
    createAssistantFile = create_assistant_file
    createMessage = create_message
    createRun = create_run
    createThread = create_thread
    createThreadAndRun = create_thread_and_run
    deleteAssistant = delete_assistant
    deleteAssistantFile = delete_assistant_file
    deleteFile = delete_file
    deleteThread = delete_thread
    getAssistant = get_assistant
    getAssistantFile = get_assistant_file
    getFile = get_file
    getMessage = get_message
    getMessageFile = get_message_file
    getRun = get_run
    getRunStep = get_run_step
    getThread = get_thread
    listAssistantFiles = list_assistant_files
    listAssistants = list_assistants
    listFiles = list_files
    listMessageFiles = list_message_files
    listMessages = list_messages
    listRuns = list_runs
    listRunSteps = list_run_steps
    submitToolOutputsToRun = submit_tool_outputs_to_run
    updateAssistant = update_assistant
    updateMessage = update_message
    updateRun = update_run
    updateThread = update_thread
    uploadFile = upload_file
