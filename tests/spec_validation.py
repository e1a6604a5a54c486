"""Validate JSON bodies against the API specs in ``../shared/specs`` (shared test helpers).

* ``SPECS_DIR`` -- the ``shared/specs`` folder next to the repository.
* ``requires_specs`` -- a pytest mark that skips one test when that folder is absent;
  ``specs_dir`` is the same as a fixture, ``spec_path(name)`` a spec file's path (skipping
  the calling test without the folder).  Every ``validate_*`` helper skips the calling test
  the same way, so a test that reads no spec never skips with the folder.
* ``validate_openai(body, "RunObject")`` -- JSON Schema 2020-12 against
  ``#/components/schemas/<name>`` of ``openai-assistants.json``.
* ``validate_azure(body, "ThreadRun")`` -- JSON Schema draft 4 against
  ``#/definitions/<name>`` of ``azure-assistants-<version>.json``; a name starting with
  ``#/`` is used as a JSON pointer instead (e.g. an inline list response schema).

Both specs mark nullable fields with keywords validators ignore (OpenAPI 3.0
``nullable: true`` survives in the OpenAI file; Swagger's ``x-nullable: true`` in the
Azure one). The schema copies are rewritten so such a field also accepts ``null``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

SPECS_DIR = Path(__file__).resolve().parents[2] / "shared" / "specs"
SKIP_REASON = "../shared/specs not found (a fresh clone has no shared/ folder; CI provides it)"

requires_specs = pytest.mark.skipif(not SPECS_DIR.is_dir(), reason=SKIP_REASON)

OPENAI_SPEC = "openai-assistants.json"
AZURE_VERSION = "2024-05-01-preview"


@pytest.fixture
def specs_dir() -> Path:
    """The specs folder; skips the test when it is absent."""
    if not SPECS_DIR.is_dir():
        pytest.skip(SKIP_REASON)
    return SPECS_DIR


def spec_path(file_name: str) -> Path:
    """The path of one spec file; skips the calling test when the folder is absent."""
    if not SPECS_DIR.is_dir():
        pytest.skip(SKIP_REASON)
    return SPECS_DIR / file_name


def _allow_null(node: Any) -> Any:
    """Rewrite ``nullable`` / ``x-nullable`` (and ``allOf: [..., {nullable: true}]``)."""
    if isinstance(node, list):
        return [_allow_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    nullable = False
    for flag in ("nullable", "x-nullable"):
        if node.get(flag) is True:
            del node[flag]
            nullable = True
    members = node.get("allOf")
    if isinstance(members, list):
        flags = [m for m in members if isinstance(m, dict) and set(m) == {"nullable"}]
        if flags:
            nullable = nullable or any(m["nullable"] is True for m in flags)
            node["allOf"] = [m for m in members if m not in flags]
    out = {key: _allow_null(value) for key, value in node.items()}
    if nullable:
        return {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _registry(file_name: str) -> Any:
    from referencing import Registry
    from referencing.jsonschema import DRAFT4, DRAFT202012

    spec = _allow_null(json.loads(spec_path(file_name).read_text(encoding="utf-8")))
    draft = DRAFT4 if "swagger" in spec else DRAFT202012
    # Same as Resource(contents=spec, specification=draft), in a form type checkers follow.
    return Registry().with_resource("urn:spec", draft.create_resource(spec))


@functools.cache
def _validator(file_name: str, pointer: str) -> Any:
    from jsonschema import Draft4Validator, Draft202012Validator

    cls = Draft4Validator if file_name.startswith("azure") else Draft202012Validator
    return cls({"$ref": f"urn:spec{pointer}"}, registry=_registry(file_name))


def validate_openai(body: Any, schema_name: str) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``body`` matches the OpenAI schema."""
    _validator(OPENAI_SPEC, f"#/components/schemas/{schema_name}").validate(body)


def validate_azure(body: Any, definition_name: str, version: str = AZURE_VERSION) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``body`` matches the Azure definition."""
    pointer = (
        definition_name
        if definition_name.startswith("#/")
        else (f"#/definitions/{definition_name}")
    )
    _validator(f"azure-assistants-{version}.json", pointer).validate(body)


def azure_list_pointer(path: str, version: str = AZURE_VERSION) -> str:
    """JSON pointer to the inline 200 schema of ``GET <path>`` (Azure lists have no name)."""
    del version  # the pointer is the same in every file; kept for symmetry
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/get/responses/200/schema"
