"""Pure translations between Assistants v2 shapes and Responses / Conversations shapes.

No I/O and no state: the bridge backend calls these to build Responses requests from
assistants, threads and runs, and to turn conversation items and response output items back
into messages, run fields and run steps.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

__all__ = [
    "input_content",
    "message_from_item",
    "response_request",
    "run_fields_from_response",
    "steps_from_response",
    "stored_input_item",
]

#: Responses error codes -> the run ``last_error.code`` values Assistants code checks.
_ERROR_CODES = {"rate_limit_exceeded": "rate_limit_exceeded", "invalid_prompt": "invalid_prompt"}
_INCOMPLETE_REASONS = {"max_output_tokens": "max_completion_tokens",
                       "content_filter": "content_filter"}


def input_content(content: Any, role: str, *, images_by_file_id: bool = True) -> Any:
    """Assistants message content (a string or parts) -> Responses message content.

    User content becomes input parts. Assistant content becomes one string (the spec's
    ``EasyInputMessage``): an earlier assistant turn carries text only, and a string needs
    none of the ``id`` / ``status`` / ``annotations`` / ``logprobs`` fields an output message
    would. ``images_by_file_id`` is False where the service cannot take ``input_image`` by
    uploaded file id (Azure OpenAI). Raises ValueError for what has no Responses equivalent.
    """
    if role == "assistant":
        return _assistant_text(content)
    if isinstance(content, str):
        return [{"type": "input_text", "text": content}]
    parts: List[Any] = []
    for part in content or []:
        kind = part.get("type") if isinstance(part, Mapping) else None
        if kind == "text":
            parts.append({"type": "input_text", "text": _part_text(part)})
        elif kind == "image_url":
            image = part.get("image_url") or {}
            parts.append({"type": "input_image", "image_url": image.get("url"),
                          "detail": image.get("detail", "auto")})
        elif kind == "image_file":
            image = part.get("image_file") or {}
            if not images_by_file_id:
                raise ValueError(
                    f"image_file {image.get('file_id')!r}: Azure OpenAI's Responses API cannot "
                    "take an image by uploaded file id; send it as an image_url part (an https "
                    "URL or a data: URL with the image bytes) instead")
            parts.append({"type": "input_image", "file_id": image.get("file_id"),
                          "detail": image.get("detail", "auto")})
        else:
            raise ValueError(f"content part of type {kind!r} has no Responses equivalent")
    return parts


def _part_text(part: Mapping[str, Any]) -> str:
    text = part.get("text")
    value = text.get("value") if isinstance(text, Mapping) else text
    return str(value or "")


def _assistant_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    texts = []
    for part in content or []:
        kind = part.get("type") if isinstance(part, Mapping) else None
        if kind != "text":
            raise ValueError(
                f"an assistant message can carry only text on the Responses API, not a "
                f"{kind!r} part")
        texts.append(_part_text(part))
    return "\n\n".join(texts)


def stored_input_item(item: Mapping[str, Any]) -> Dict[str, Any]:
    """A message kept by the bridge (a store-only thread's) as an input item: an assistant
    reply (output parts) goes back as its text, like any earlier assistant turn."""
    content = item.get("content")
    if item.get("role") == "assistant" and not isinstance(content, str):
        content = "".join(str(part.get("text", "")) for part in content or []
                          if isinstance(part, Mapping) and part.get("type") == "output_text")
    return {"type": "message", "role": item["role"], "content": content}


def _content_parts(item: Mapping[str, Any]) -> List[Dict[str, Any]]:
    content = item.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": {"value": content, "annotations": []}}]
    parts: List[Dict[str, Any]] = []
    for part in content or []:
        kind = part.get("type")
        if kind in ("input_text", "output_text", "text"):
            parts.append({"type": "text",
                          "text": {"value": part.get("text", ""), "annotations": []}})
        elif kind == "refusal":
            parts.append({"type": "refusal", "refusal": part.get("refusal", "")})
        elif kind == "input_image" and part.get("file_id"):
            parts.append({"type": "image_file",
                          "image_file": {"file_id": part["file_id"],
                                         "detail": part.get("detail", "auto")}})
        elif kind == "input_image" and part.get("image_url"):
            parts.append({"type": "image_url",
                          "image_url": {"url": part["image_url"],
                                        "detail": part.get("detail", "auto")}})
    return parts


def message_from_item(
    item: Mapping[str, Any], *, thread_id: str, meta: Mapping[str, Any]
) -> Dict[str, Any]:
    """A conversation ``message`` item (plus what the bridge recorded about it) -> a message."""
    role = item.get("role")
    return {
        "id": item["id"],
        "object": "thread.message",
        "created_at": int(meta.get("created_at", 0)),
        "thread_id": thread_id,
        "status": "completed" if item.get("status") in (None, "completed") else "in_progress",
        "incomplete_details": None,
        "completed_at": None,
        "incomplete_at": None,
        "role": "assistant" if role == "assistant" else "user",
        "content": _content_parts(item),
        "assistant_id": meta.get("assistant_id"),
        "run_id": meta.get("run_id"),
        "attachments": list(meta.get("attachments") or []),
        "metadata": dict(meta.get("metadata") or {}),
    }


def _responses_tools(tools: List[Any], resources: Mapping[str, Any]) -> List[Dict[str, Any]]:
    converted: List[Dict[str, Any]] = []
    for tool in tools:
        kind = tool.get("type")
        if kind == "function":
            function = tool.get("function") or {}
            entry: Dict[str, Any] = {
                "type": "function",
                "name": function["name"],
                "parameters": function.get("parameters") or {"type": "object",
                                                              "properties": {}},
            }
            if function.get("description"):
                entry["description"] = function["description"]
            # Responses makes an omitted ``strict`` strict (the schema is normalized, optional
            # parameters become required); Assistants functions were strict only on request.
            entry["strict"] = function.get("strict") is True
            converted.append(entry)
        elif kind == "file_search":
            stores = list((resources.get("file_search") or {}).get("vector_store_ids") or [])
            if stores:
                converted.append({"type": "file_search", "vector_store_ids": stores})
        elif kind == "code_interpreter":
            files = list((resources.get("code_interpreter") or {}).get("file_ids") or [])
            converted.append({"type": "code_interpreter",
                              "container": {"type": "auto", "file_ids": files}})
    return converted


def _tool_choice(choice: Any) -> Any:
    if isinstance(choice, Mapping) and choice.get("type") == "function":
        return {"type": "function", "name": (choice.get("function") or {}).get("name")}
    return choice


def _text_format(response_format: Any) -> Optional[Dict[str, Any]]:
    if not isinstance(response_format, Mapping):
        return None
    kind = response_format.get("type")
    if kind == "json_schema":
        schema = dict(response_format.get("json_schema") or {})
        return {"format": {"type": "json_schema", **schema}}
    if kind in ("json_object", "text"):
        return {"format": {"type": kind}}
    return None


def _merge_resources(*sources: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    merged: Dict[str, Any] = {"code_interpreter": {"file_ids": []},
                              "file_search": {"vector_store_ids": []}}
    for source in sources:
        for key, field in (("code_interpreter", "file_ids"),
                           ("file_search", "vector_store_ids")):
            values = ((source or {}).get(key) or {}).get(field) or []
            for value in values:
                if value not in merged[key][field]:
                    merged[key][field].append(value)
    return merged


def response_request(
    run: Mapping[str, Any],
    assistant: Mapping[str, Any],
    thread: Mapping[str, Any],
    *,
    model: str,
) -> Dict[str, Any]:
    """The fields of ``POST /responses`` that carry out ``run`` (input and chaining aside).

    ``truncation`` is ``auto`` (Assistants truncated by default; Responses would answer 400
    when the context overflows); ``last_messages`` is applied to the input the bridge builds.
    The run's reasoning effort becomes ``reasoning.effort``, and the built-in tools' results
    are asked for (``include``) so run steps can show them.
    """
    instructions = run.get("instructions") or ""
    tools = run.get("tools") if run.get("tools") is not None else assistant.get("tools")
    resources = _merge_resources(assistant.get("tool_resources"), thread.get("tool_resources"))
    body: Dict[str, Any] = {
        "model": model,
        "instructions": instructions,
        "tools": _responses_tools(list(tools or []), resources),
        "background": True,
        "store": True,
        "truncation": "auto",
    }
    for source, target in (("temperature", "temperature"), ("top_p", "top_p"),
                           ("max_completion_tokens", "max_output_tokens"),
                           ("parallel_tool_calls", "parallel_tool_calls")):
        value = run.get(source, assistant.get(source))
        if value is not None:
            body[target] = value
    effort = (run.get("_bridge") or {}).get("reasoning_effort") or assistant.get(
        "reasoning_effort")
    if effort:
        body["reasoning"] = {"effort": effort}
    if run.get("tool_choice") is not None:
        body["tool_choice"] = _tool_choice(run["tool_choice"])
    text = _text_format(run.get("response_format") or assistant.get("response_format"))
    if text:
        body["text"] = text
    kinds = {tool["type"] for tool in body["tools"]}
    include = [value for kind, value in (("file_search", "file_search_call.results"),
                                         ("code_interpreter", "code_interpreter_call.outputs"))
               if kind in kinds]
    if include:
        body["include"] = include
    if not body["tools"]:
        del body["tools"]
    return body


def run_fields_from_response(response: Mapping[str, Any]) -> Dict[str, Any]:
    """The run fields a response's state sets: status, required_action, errors, usage."""
    status = response.get("status")
    calls = [item for item in response.get("output") or []
             if item.get("type") == "function_call"]
    fields: Dict[str, Any] = {"status": status, "required_action": None}
    if status == "completed" and calls:
        fields["status"] = "requires_action"
        fields["required_action"] = {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {"tool_calls": [
                {"id": call["call_id"], "type": "function",
                 "function": {"name": call["name"], "arguments": call.get("arguments", "")}}
                for call in calls
            ]},
        }
    if status == "failed":
        error = response.get("error") or {}
        fields["last_error"] = {
            "code": _ERROR_CODES.get(str(error.get("code")), "server_error"),
            "message": error.get("message") or "the response failed",
        }
    if status == "incomplete":
        reason = (response.get("incomplete_details") or {}).get("reason")
        fields["incomplete_details"] = {
            "reason": _INCOMPLETE_REASONS.get(str(reason), "max_completion_tokens")}
    return fields


def usage_of(response: Mapping[str, Any]) -> Dict[str, int]:
    usage = response.get("usage") or {}
    prompt = int(usage.get("input_tokens") or 0)
    completion = int(usage.get("output_tokens") or 0)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": int(usage.get("total_tokens") or prompt + completion)}


def steps_from_response(
    response: Mapping[str, Any], run: Mapping[str, Any], *, created_at: int
) -> List[Dict[str, Any]]:
    """Run steps for a finished response's output items, with ids derived from the items."""
    base = {"object": "thread.run.step", "created_at": created_at,
            "assistant_id": run["assistant_id"], "thread_id": run["thread_id"],
            "run_id": run["id"], "status": "completed", "cancelled_at": None,
            "completed_at": created_at, "expired_at": None, "failed_at": None,
            "last_error": None, "metadata": {}, "usage": None}
    steps: List[Dict[str, Any]] = []
    calls: List[Dict[str, Any]] = []
    for item in response.get("output") or []:
        kind = item.get("type")
        if kind == "function_call":
            calls.append({"id": item["call_id"], "type": "function",
                          "function": {"name": item["name"],
                                       "arguments": item.get("arguments", ""),
                                       "output": None}})
        elif kind == "code_interpreter_call":
            logs = [{"type": "logs", "logs": out.get("logs", "")}
                    for out in item.get("outputs") or [] if out.get("type") == "logs"]
            calls.append({"id": item["id"], "type": "code_interpreter",
                          "code_interpreter": {"input": item.get("code") or "",
                                               "outputs": logs}})
        elif kind == "file_search_call":
            calls.append({"id": item["id"], "type": "file_search", "file_search": {
                "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
                "results": [{"file_id": r.get("file_id"), "file_name": r.get("filename"),
                             "score": r.get("score", 0.0),
                             "content": [{"type": "text", "text": r.get("text") or ""}]}
                            for r in item.get("results") or []]}})
        elif kind == "message":
            if calls:
                steps.append(_tool_step(base, response, calls))
                calls = []
            steps.append({**base, "id": "step_" + item["id"], "type": "message_creation",
                          "step_details": {"type": "message_creation",
                                           "message_creation": {"message_id": item["id"]}}})
    if calls:
        waiting = any(call["type"] == "function" for call in calls)
        step = _tool_step(base, response, calls)
        if waiting:
            step.update(status="in_progress", completed_at=None)
        steps.append(step)
    return steps


def _tool_step(base: Mapping[str, Any], response: Mapping[str, Any],
               calls: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {**base, "id": f"step_{response['id']}_{calls[0]['id']}", "type": "tool_calls",
            "step_details": {"type": "tool_calls", "tool_calls": list(calls)}}
