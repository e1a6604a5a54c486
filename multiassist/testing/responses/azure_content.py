"""What Azure OpenAI's Responses surface refuses in message content, as Microsoft's "Use
the Azure OpenAI Responses API" documents: images referenced by uploaded file id ("Images
can't be uploaded as a file and then referenced as input") and files other than PDF
("Models with vision capabilities support PDF input"). Applies on ``/openai/v1`` and a
Foundry project's ``/openai/v1``, to request input and to items added to conversations.
"""

from __future__ import annotations

import urllib.parse
from typing import Sequence

from multiassist.testing.object_store import JSONDict, Store
from multiassist.testing.wire.problems import bad_request


def check_azure_content(store: Store, items: Sequence[JSONDict], param: str) -> None:
    """400 for the first ``input_image`` by file id or non-PDF ``input_file`` in ``items``."""
    for index, item in enumerate(items):
        content = item.get("content") if item.get("type") == "message" else None
        if not isinstance(content, list):
            continue
        for number, part in enumerate(content):
            where = f"{param}[{index}].content[{number}]"
            kind = part.get("type") if isinstance(part, dict) else None
            if kind == "input_image" and part.get("file_id"):
                raise bad_request(
                    "Image inputs by file ID are not supported. Provide the image as a URL "
                    "or as a base64-encoded data URL in 'image_url'.",
                    param=where + ".file_id",
                    code="invalid_value",
                )
            if kind == "input_file" and not _is_pdf(store, part):
                raise bad_request(
                    "Invalid file input: only PDF files are supported as 'input_file'.",
                    param=where,
                    code="invalid_value",
                )


def _is_pdf(store: Store, part: JSONDict) -> bool:
    data = part.get("file_data")
    if isinstance(data, str) and data.startswith("data:"):
        return data[5:].split(";", 1)[0].split(",", 1)[0] == "application/pdf"
    name = part.get("filename")
    if not name and part.get("file_id"):
        record = store.table("file").get(str(part["file_id"]))
        name = record.obj.get("filename") if record is not None else None
    if not name and part.get("file_url"):
        name = urllib.parse.urlsplit(str(part["file_url"])).path
    return str(name or "").lower().endswith(".pdf")
