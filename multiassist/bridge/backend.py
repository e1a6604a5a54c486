"""The Responses bridge: Assistants-style operations carried out on the Responses and
Conversations APIs, which replaced the Assistants API on 2026-08-26.

What maps to what (MIGRATION.md has the full table):

- assistants -> records in the bridge's own SQLite store (the service keeps none);
- threads -> conversations (``POST /conversations``); where the service has no Conversations
  API, threads and their messages live in the store and are sent as ``input``;
- messages -> conversation message items (plus the metadata, attachments and run ids the
  store keeps beside them, since items carry none);
- runs -> background responses created with the conversation, the assistant's instructions
  and tools, polled with ``GET /responses/{id}``; function calls -> ``requires_action``;
  submitted tool outputs -> a follow-up response on the same run;
- run steps -> derived from the responses' output items, with stable ids;
- files and vector stores -> their unchanged endpoints (plain pass-through).

Operations on assistants, threads, messages, runs and steps are carried out here
(:meth:`ResponsesBridge.execute`); files and vector stores go through :meth:`prepare` as on
any HTTP backend.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

from multiassist.backends.base import FileField, PreparedCall, require_secure_url
from multiassist.backends.deployments import DeploymentRouter
from multiassist.bridge.common import new_id, not_found, now, page, paging, public, seg
from multiassist.bridge.convert import input_content, message_from_item
from multiassist.bridge.runs import RunOps
from multiassist.bridge.store_open import RecordStore, open_store
from multiassist.errors import (
    APIError,
    InvalidRequestError,
    NotFoundError,
    ResponseDecodeError,
    UnsupportedOperationError,
)
from multiassist.http.auth import AuthPolicy
from multiassist.operations import Operation

__all__ = ["ResponsesBridge"]

log = logging.getLogger("multiassist.bridge")

Call = Callable[..., Any]

_HANDLED_PREFIXES = ("assistants.", "threads.", "messages.", "runs.", "steps.")


class ResponsesBridge(RunOps):
    """Runs the Assistants surface on Responses + Conversations.

    Args:
        auth: the auth policy (Bearer key, ``api-key`` or Entra ID).
        base_url: ``https://api.openai.com/v1``, ``{endpoint}/openai/v1`` (Azure OpenAI v1
            surface) or ``{project endpoint}/openai/v1`` (Foundry).
        name: the provider name shown in reprs (``openai-responses`` / ``azure-responses``).
        deployments: ``{model name: deployment name}`` (Azure / Foundry).
        store: a store object, an SQLite file path or a ``postgresql://`` URL (see
            :func:`~multiassist.bridge.store_open.open_store`); default:
            ``$MULTIASSIST_BRIDGE_STORE``, else the SQLite file in the user data dir.
        conversations: use the Conversations API (True), never (False), or find out on first
            use and fall back to the store when the service answers 404 (None, default).
    """

    wire: str = "v2"

    def __init__(
        self,
        *,
        auth: AuthPolicy,
        base_url: str,
        name: str = "openai-responses",
        deployments: Optional[Mapping[str, str]] = None,
        store: Union[RecordStore, str, os.PathLike[str], None] = None,
        conversations: Optional[bool] = None,
        request_id_headers: Sequence[str] = ("x-request-id", "apim-request-id"),
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.name = name
        self.base_url = require_secure_url(base_url, parameter="base_url")
        self.request_id_headers: Sequence[str] = tuple(request_id_headers)
        self.router = DeploymentRouter(deployments or {})
        self.store = open_store(store)
        self.conversations = conversations
        # Azure OpenAI and Foundry: stream in the foreground (see RunOps.background_streams).
        self.background_streams = name != "azure-responses"
        self._auth = auth
        self._headers = dict(default_headers or {})

    @property
    def auth(self) -> AuthPolicy:
        return self._auth

    def describe(self) -> str:
        return f"{self.name} at {self.base_url} (records in {self.store.path})"

    # -- the Backend protocol, for pass-through operations (files, vector stores) -----------
    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        url = self.base_url + path
        headers = dict(self._headers)
        if operation.beta and self.name == "openai-responses":
            # Vector stores began under the Assistants beta; the header is harmless where
            # they are GA and needed where the service still gates them.
            headers["OpenAI-Beta"] = "assistants=v2"
        if files is not None:
            return PreparedCall(operation.method, url, headers=headers, params=dict(query),
                                data={k: str(v) for k, v in (body or {}).items()},
                                files=files)
        return PreparedCall(operation.method, url, headers=headers, params=dict(query),
                            json=body)

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        return payload

    # -- the Bridge protocol -------------------------------------------------------------------
    def handles(self, operation_name: str) -> bool:
        return operation_name.startswith(_HANDLED_PREFIXES)

    def execute(
        self,
        operation: Operation,
        ids: Mapping[str, str],
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        call: Call,
    ) -> Any:
        handler = getattr(self, "op_" + operation.name.replace(".", "_"), None)
        if handler is None:
            raise UnsupportedOperationError(
                f"{operation.name} has no equivalent on the {self.name} backend "
                "(the Responses API)"
            )
        result = handler(call, dict(ids), dict(query), dict(body or {}))
        return self.router.restore_response(result)

    # -- HTTP to the Responses / Conversations APIs ---------------------------------------------
    def api(self, call: Call, method: str, path: str, *, json: Any = None,
            query: Optional[Mapping[str, Any]] = None, idempotent: Optional[bool] = None,
            headers: Optional[Mapping[str, str]] = None) -> Any:
        prepared = PreparedCall(method, self.base_url + path,
                                headers={**self._headers, **(headers or {})},
                                params=dict(query or {}), json=json)
        response = call(prepared, idempotent=idempotent)
        try:
            return response.json()
        except ValueError:
            raise ResponseDecodeError(f"{method} {path} answered with a body that is not JSON",
                                      body=response.text[:2000]) from None

    def api_stream(self, call: Call, path: str, json: Any) -> Any:
        """Open a streamed POST; the caller reads and closes the response."""
        prepared = PreparedCall("POST", self.base_url + path, headers=dict(self._headers),
                                json=json)
        return call(prepared, stream=True)

    def stream(
        self,
        operation: Operation,
        ids: Mapping[str, str],
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        call: Call,
    ) -> Any:
        """A streamed run as a response-like object serving Assistants SSE frames."""
        if operation.name not in ("runs.create", "threads.create_and_run",
                                  "runs.submit_tool_outputs"):
            raise UnsupportedOperationError(f"{operation.name} cannot be streamed")
        payload = dict(body or {})
        payload.pop("stream", None)
        return self.stream_run(call, operation.name, dict(ids), payload)

    def need(self, kind: str, id: str) -> Dict[str, Any]:
        doc = self.store.get(kind, id)
        if doc is None:
            raise not_found(kind.replace("_", " "), id)
        return doc

    # -- assistants: records in the store -----------------------------------------------------
    def op_assistants_create(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                             body: Dict[str, Any]) -> Any:
        doc = {"id": new_id("asst_"), "object": "assistant", "created_at": now(),
               "name": None, "description": None, "instructions": None, "tools": [],
               "tool_resources": {}, "metadata": {}, "temperature": None, "top_p": None,
               "response_format": "auto", "reasoning_effort": None}
        doc.update({k: v for k, v in body.items() if v is not None or k in doc})
        return self.store.put("assistant", doc)

    def op_assistants_retrieve(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                               body: Dict[str, Any]) -> Any:
        return self.need("assistant", ids["assistant_id"])

    def op_assistants_update(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                             body: Dict[str, Any]) -> Any:
        self.need("assistant", ids["assistant_id"])
        return self.store.update("assistant", ids["assistant_id"],
                                 lambda doc: {**doc, **body})

    def op_assistants_list(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                           body: Dict[str, Any]) -> Any:
        docs, more = self.store.list("assistant", **paging(query))
        return page(docs, more)

    def op_assistants_delete(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                             body: Dict[str, Any]) -> Any:
        if not self.store.delete_tree("assistant", ids["assistant_id"]):
            raise not_found("assistant", ids["assistant_id"])
        return {"id": ids["assistant_id"], "object": "assistant.deleted", "deleted": True}

    # -- threads: conversations, or records in the store --------------------------------------
    def op_threads_create(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                          body: Dict[str, Any]) -> Any:
        metadata = dict(body.get("metadata") or {})
        conversation = self._create_conversation(call, metadata)
        thread: Dict[str, Any] = {"id": conversation or new_id("thread_"), "object": "thread",
                  "created_at": now(), "metadata": metadata,
                  "tool_resources": body.get("tool_resources") or {},
                  "conversation": bool(conversation)}
        self.store.put("thread", thread)
        for message in body.get("messages") or []:
            self.op_messages_create(call, {"thread_id": str(thread["id"])}, {}, dict(message))
        # Re-read: attachments may have given the thread a vector store or files.
        return public(self.need("thread", str(thread["id"])))

    def _create_conversation(self, call: Call, metadata: Mapping[str, str]) -> Optional[str]:
        if self.conversations is False:
            return None
        try:
            created = self.api(call, "POST", "/conversations", json={"metadata": metadata})
        except NotFoundError:
            if self.conversations:
                raise
            log.info("%s has no Conversations API; keeping threads in %s",
                     self.base_url, self.store.path)
            self.conversations = False
            return None
        self.conversations = True
        return str(created["id"])

    def op_threads_retrieve(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                            body: Dict[str, Any]) -> Any:
        return public(self.need("thread", ids["thread_id"]))

    def op_threads_update(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                          body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        if thread["conversation"] and "metadata" in body:
            self.api(call, "POST", f"/conversations/{seg(thread['id'])}",
                     json={"metadata": body["metadata"] or {}}, idempotent=True)
        return public(self.store.update("thread", thread["id"], lambda doc: {**doc, **body}))

    def op_threads_delete(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                          body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        if thread["conversation"]:
            # NotFound: an earlier attempt deleted it and stopped before the records went.
            with contextlib.suppress(NotFoundError):
                self._delete_conversation(call, str(thread["id"]))
        made = (thread.get("_bridge") or {}).get("vector_store")
        if made:  # the store the bridge made for the thread's attachments goes with it
            with contextlib.suppress(NotFoundError):  # the user deleted it already
                self.api(call, "DELETE", f"/vector_stores/{seg(made)}", headers=self._beta())
        # Messages, runs, their steps: every record under the thread, in one transaction.
        self.store.delete_tree("thread", thread["id"])
        return {"id": thread["id"], "object": "thread.deleted", "deleted": True}

    def _delete_conversation(self, call: Call, conversation: str) -> None:
        """Delete a conversation's items, then the conversation: deleting a conversation
        keeps its items (the spec: "Items in the conversation will not be deleted")."""
        path = f"/conversations/{seg(conversation)}"
        while True:
            listed = self.api(call, "GET", path + "/items", query={"limit": 100})
            items = [item["id"] for item in listed.get("data") or [] if item.get("id")]
            for item_id in items:
                self.api(call, "DELETE", f"{path}/items/{seg(item_id)}")
            if not items or not listed.get("has_more"):
                break
        self.api(call, "DELETE", path)

    def op_threads_list(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                        body: Dict[str, Any]) -> Any:
        docs, more = self.store.list("thread", **paging(query))
        return page([public(doc) for doc in docs], more)

    def op_threads_create_and_run(self, call: Call, ids: Dict[str, str],
                                  query: Dict[str, Any], body: Dict[str, Any]) -> Any:
        thread_body = dict(body.pop("thread", None) or {})
        if body.get("tool_resources"):
            thread_body["tool_resources"] = body.pop("tool_resources")
        thread = self.op_threads_create(call, {}, {}, thread_body)
        return self.op_runs_create(call, {"thread_id": thread["id"]}, {}, body)

    # -- messages: conversation items (or store records) plus what items cannot carry ----------
    def op_messages_create(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                           body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        meta = {"created_at": now(), "metadata": dict(body.get("metadata") or {}),
                "attachments": list(body.get("attachments") or []),
                "assistant_id": None, "run_id": None}
        return self.add_message(call, thread, body.get("role", "user"), body.get("content"),
                                meta)

    def add_message(self, call: Call, thread: Mapping[str, Any], role: str, content: Any,
                    meta: Dict[str, Any]) -> Dict[str, Any]:
        """Store one message on a thread (conversation item or record); return it.

        Attachments go where their tools read them, as on the Assistants API: ``file_search``
        files into the thread's vector store (created on first use), ``code_interpreter``
        files into the thread's code interpreter files. An attachment without tools is kept
        on the message only.
        """
        try:
            parts = input_content(content, role,
                                  images_by_file_id=self.name != "azure-responses")
        except ValueError as exc:
            raise InvalidRequestError(str(exc)) from None
        self._route_attachments(call, thread, meta.get("attachments") or [])
        item = {"type": "message", "role": role, "content": parts}
        if not thread["conversation"]:
            item = {**item, "id": new_id("msg_"), "status": "completed"}
            return self.record_message(thread, item, meta)
        # What the item cannot carry is recorded first, so that it is not lost if this
        # process stops before the item's id comes back (see multiassist.bridge.recovery).
        pending = self.store.put("message_intent", {
            "id": new_id("intent_"), "created_at": now(), **self._intent(thread, "message"),
            "meta": meta}, parent=str(thread["id"]))
        try:
            created = self.api(call, "POST", f"/conversations/{seg(thread['id'])}/items",
                               json={"items": [item]})
        except APIError:
            self.store.delete("message_intent", pending["id"])
            raise
        except BaseException:
            self.store.put("message_intent", {**pending, "owner": None},
                           parent=str(thread["id"]))
            raise
        message = self.record_message(thread, created["data"][0], meta)
        self.store.delete("message_intent", pending["id"])
        return message

    def _route_attachments(self, call: Call, thread: Mapping[str, Any],
                           attachments: Sequence[Any]) -> None:
        by_tool: Dict[str, List[str]] = {"file_search": [], "code_interpreter": []}
        for attachment in attachments:
            file_id = attachment.get("file_id") if isinstance(attachment, Mapping) else None
            if not isinstance(file_id, str) or not file_id:
                raise InvalidRequestError("each attachment needs a file_id (a string)")
            for tool in attachment.get("tools") or []:
                kind = tool.get("type") if isinstance(tool, Mapping) else None
                if kind not in by_tool:
                    raise InvalidRequestError(
                        f"attachment {file_id!r}: tool {kind!r} cannot read attachments; use "
                        "file_search or code_interpreter")
                if file_id not in by_tool[kind]:
                    by_tool[kind].append(file_id)
        if not by_tool["file_search"] and not by_tool["code_interpreter"]:
            return
        current = self.need("thread", str(thread["id"]))
        resources = {key: dict(value or {}) for key, value in
                     (current.get("tool_resources") or {}).items()}
        private = dict(current.get("_bridge") or {})
        if by_tool["code_interpreter"]:
            section = resources.setdefault("code_interpreter", {})
            files = list(section.get("file_ids") or [])
            section["file_ids"] = files + [f for f in by_tool["code_interpreter"]
                                           if f not in files]
        if by_tool["file_search"]:
            private["vector_store"] = self._thread_vector_store(
                call, current, private.get("vector_store"), by_tool["file_search"])
            section = resources.setdefault("file_search", {})
            stores = list(section.get("vector_store_ids") or [])
            if private["vector_store"] not in stores:
                stores.append(private["vector_store"])
            section["vector_store_ids"] = stores
        self.store.update("thread", str(current["id"]),
                          lambda doc: {**doc, "tool_resources": resources, "_bridge": private})

    def _beta(self) -> Dict[str, str]:
        # Vector stores began under the Assistants beta header; harmless where they are GA.
        return {"OpenAI-Beta": "assistants=v2"} if self.name == "openai-responses" else {}

    def _thread_vector_store(self, call: Call, thread: Mapping[str, Any],
                             store_id: Optional[str], file_ids: List[str]) -> str:
        """Add files to the thread's vector store, creating it (as Assistants does, expiring
        after 7 idle days) on first use; return its id."""
        headers = self._beta()
        if store_id is None:
            created = self.api(call, "POST", "/vector_stores", headers=headers, json={
                "name": f"thread {thread['id']}", "file_ids": file_ids,
                "expires_after": {"anchor": "last_active_at", "days": 7},
                "metadata": {"multiassist_thread": str(thread["id"])}})
            return str(created["id"])
        for file_id in file_ids:
            self.api(call, "POST", f"/vector_stores/{seg(store_id)}/files", headers=headers,
                     json={"file_id": file_id})
        return store_id

    def record_message(self, thread: Mapping[str, Any], item: Mapping[str, Any],
                       meta: Dict[str, Any]) -> Dict[str, Any]:
        """Keep what an item cannot carry; for store-only threads, the item itself too."""
        doc = {"id": item["id"], **meta}
        if not thread["conversation"]:
            doc["item"] = dict(item)
        self.store.put("message_meta", doc, parent=str(thread["id"]))
        return message_from_item(item, thread_id=str(thread["id"]), meta=doc)

    def op_messages_list(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                         body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        self._settle_messages(call, thread)
        run_id = query.pop("run_id", None)
        if not thread["conversation"]:
            docs, more = self.store.list("message_meta", parent=thread["id"], **paging(query))
            messages = [message_from_item(doc["item"], thread_id=thread["id"], meta=doc)
                        for doc in docs]
        else:
            if "before" in query:
                raise UnsupportedOperationError(
                    "the Conversations API pages forward only: use after= (and order=) "
                    "instead of before="
                )
            listed = self.api(call, "GET", f"/conversations/{seg(thread['id'])}/items",
                              query=query)
            messages = [self._conversation_message(thread, item)
                        for item in listed.get("data") or []
                        if item.get("type") == "message"
                        and item.get("role") in ("user", "assistant")]
            more = bool(listed.get("has_more"))
            # Page on the listing's own cursors: items that are not messages (or not of the
            # run asked for) are left out, but the next page starts after all of them.
            result = page(_with_run(messages, run_id), more)
            result["first_id"] = listed.get("first_id") or result["first_id"]
            result["last_id"] = listed.get("last_id") or result["last_id"]
            return result
        result = page(_with_run(messages, run_id), more)
        if docs:
            result["first_id"], result["last_id"] = docs[0]["id"], docs[-1]["id"]
        return result

    def _conversation_message(self, thread: Mapping[str, Any],
                              item: Mapping[str, Any]) -> Dict[str, Any]:
        meta = self.store.get("message_meta", str(item["id"])) or {"created_at": now()}
        return message_from_item(item, thread_id=str(thread["id"]), meta=meta)

    def op_messages_retrieve(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                             body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        self._settle_messages(call, thread)
        if not thread["conversation"]:
            doc = self.need("message_meta", ids["message_id"])
            return message_from_item(doc["item"], thread_id=thread["id"], meta=doc)
        item = self.api(call, "GET",
                        f"/conversations/{seg(thread['id'])}/items/{seg(ids['message_id'])}")
        return self._conversation_message(thread, item)

    def op_messages_update(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                           body: Dict[str, Any]) -> Any:
        message = self.op_messages_retrieve(call, ids, query, {})
        meta = self.store.get("message_meta", ids["message_id"]) or {
            "id": ids["message_id"], "created_at": message["created_at"]}
        meta["metadata"] = dict(body.get("metadata") or {})
        self.store.put("message_meta", meta, parent=ids["thread_id"])
        return {**message, "metadata": meta["metadata"]}

    def op_messages_delete(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                           body: Dict[str, Any]) -> Any:
        thread = self.need("thread", ids["thread_id"])
        if thread["conversation"]:
            self.api(call, "DELETE",
                     f"/conversations/{seg(thread['id'])}/items/{seg(ids['message_id'])}")
        elif self.store.get("message_meta", ids["message_id"]) is None:
            raise not_found("message", ids["message_id"])
        self.store.delete("message_meta", ids["message_id"])
        return {"id": ids["message_id"], "object": "thread.message.deleted", "deleted": True}



def _with_run(messages: Sequence[Dict[str, Any]], run_id: Optional[str]) -> Sequence[Any]:
    return messages if run_id is None else [m for m in messages if m.get("run_id") == run_id]


