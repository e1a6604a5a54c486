"""What ``import multiassist`` costs a program that only imports it: the HTTP stack is loaded
when the first client is made, not at import time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

REPO = Path(__file__).resolve().parent.parent

#: Modules that belong to the HTTP stack and cost tens of milliseconds to import.
HEAVY = ("requests", "urllib3", "http.client", "http.cookiejar", "email.utils")


def _fresh_interpreter(code: str) -> Dict[str, bool]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
        timeout=120,
    )
    loaded: Dict[str, bool] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_import_does_not_load_the_http_stack() -> None:
    loaded = _fresh_interpreter(
        "import json, sys, multiassist; "
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    assert loaded == {module: False for module in HEAVY}


def test_making_a_client_loads_it() -> None:
    loaded = _fresh_interpreter(
        "import json, sys, multiassist; "
        "multiassist.AssistantsClient(provider='openai', base_url='http://127.0.0.1:9/v1', "
        "api_key='sk-x'); "
        "print(json.dumps({'requests': 'requests' in sys.modules}))"
    )
    assert loaded == {"requests": True}
