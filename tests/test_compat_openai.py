"""Published openai-python Assistants programs run unchanged with multiassist (issue 12).

Each program of the corpus (``tests/compat_openai/``, one module per published program) runs
against a fresh emulator twice:

- with ``openai`` (``openai.OpenAI`` / ``openai.AzureOpenAI``): the program is sound
  openai-python code and the emulator answers it faithfully; its printed output must contain
  the program's expected fragments, in order;
- with ``multiassist`` (``multiassist.OpenAI`` / ``multiassist.AzureOpenAI``, the one line a
  user changes): the output must contain the same fragments and be the very output the
  openai run printed, once ids and timestamps (different on every run) are numbered in order
  of appearance and the keys of printed JSON objects and dicts are sorted (key order is not
  compared).

Every program runs on the OpenAI flavor (``OpenAI``); Azure's programs also run on the Azure
flavor (``AzureOpenAI`` with an API key, and for the quickstart also with an Entra ID token
provider), with a deployment name as their model.

Async programs (``async def main``, modules named ``async_*``) stand for published asyncio
code: the harness builds ``AsyncOpenAI`` / ``AsyncAzureOpenAI`` instead (the Entra ID flavor
with a coroutine-function token provider, as ``azure.identity.aio`` hands out), runs ``main``
with ``asyncio.run`` and closes the client with ``await client.close()``.

``NOT_YET`` lists the multiassist runs that fail today because an issue 12 feature is
missing, each with the feature it waits for; they are strict xfails, so an entry must be
deleted as soon as its feature lands. ``EMULATOR_GAPS`` lists openai runs the emulator cannot
serve yet. The session ends with "openai-python programs: K/N run unchanged"
(``tests/conftest.py``).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import importlib
import inspect
import io
import json
import re
import warnings
from typing import Any, Dict, Iterator, List, Sequence, Tuple

import pytest

from multiassist.testing import Emulator

pytest.importorskip("openai")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

OPENAI, AZURE, AZURE_ENTRA = "openai", "azure", "azure-entra"
MODEL = "gpt-4o"
#: Azure programs pass a deployment name as ``model``; it differs from the model name on
#: purpose, as it does on real resources.
DEPLOYMENT = "my-gpt-4o"
AZURE_API_VERSION = "2024-05-01-preview"
ENTRA_TOKEN = "entra-token-for-the-corpus"

#: program module -> (flavors it runs on, fragments its output must contain in order).
PROGRAMS: Dict[str, Tuple[Sequence[str], Sequence[str]]] = {
    "examples_assistant": (
        (OPENAI,),
        (
            "Run completed with status: completed",
            "messages: ",
            "{'role': 'assistant', 'message': 'code_interpreter output: 1.0'}",
            "{'role': 'user', 'message': 'Please calculate (14 - 11) / 3",
        ),
    ),
    "examples_assistant_stream": (
        (OPENAI,),
        (
            "starting run stream",
            '"event": "thread.run.created"',
            '"event": "thread.run.step.delta"',
            '"input": "print(14 - 11)"',
            '"event": "thread.message.delta"',
            '"event": "thread.run.completed"',
        ),
    ),
    "examples_assistant_stream_helpers": (
        (OPENAI,),
        (
            "Question: Can you calculate (14 - 11) / 3",
            "Generating code to interpret:\n\n```py\nprint((14 - 11) / 3)",
            "\n```\nExecuting code...",
            "\nResponse:\n\ncode_interpreter output: 1.0\n",
        ),
    ),
    "quickstart_event_handler": (
        (OPENAI,),
        (
            "\nassistant > code_interpreter\n",
            "print((14 - 11) / 3)",
            "\n\noutput >\n\n1.0\n",
            "\nassistant > code_interpreter output: 1.0",
        ),
    ),
    "function_calling_stream": (
        (OPENAI,),
        ("get_current_temperature returned: 57\nget_rain_probability returned: 0.06\n",),
    ),
    "cookbook_overview": (
        (OPENAI,),
        (
            "'name': 'Math Tutor'",
            "'status': 'queued'",
            "'status': 'completed'",
            "'object': 'list'",
            "'value': 'You said: Could you explain it step by step?'",
            "# Messages\nuser: How do I solve 3x + 11 = 14?\n"
            "assistant: You said: How do I solve 3x + 11 = 14?\n",
            "user: Thanks!\nassistant: You said: Thanks!\n",
            "'tools': [{'type': 'code_interpreter'}]",
            "assistant: code_interpreter output: 20\n",
            "'type': 'tool_calls'",
            "'type': 'message_creation'",
            "requires_action",
            "Function Name: display_quiz",
            "Quiz: Angles",
            "Responses: []",
            "assistant: display_quiz returned: []",
        ),
    ),
    "azure_quickstart": (
        (AZURE, AZURE_ENTRA, OPENAI),
        (
            "Run completed with status: completed",
            '"value": "code_interpreter output: 1.0"',
            '"value": "Help me solve 3x + 11 = 14: calculate (14 - 11) / 3."',
            '"object": "list"',
        ),
    ),
    "azure_math_tutor": (
        (AZURE, OPENAI),
        (
            "processing ...\nRun completed successfully.\nuser:\nWhat line goes through",
            "assistant:\nYou said: What line goes through the points (1,1) and (5,10)?",
            "assistant:\ncode_interpreter output: 1.0",
            "processing ...\nRun failed.\nuser:\nPlot z = r*cos(v) for me.",
        ),
    ),
    "azure_personal_finance": (
        (AZURE, OPENAI),
        (
            "processing...\nuser:\nWhich investments do I own?",
            "assistant:\ncode_interpreter output: Which investments do I own?",
            "Function Calling\n{'tool_calls': [{'id': 'call_",
            # One key: the order of a dict's keys is not compared (see the module docstring).
            "'arguments': '{\"symbol\":\"MSFT\"}'",
            "assistant:\nget_stock_price returned: 410.5",
            "Sending email...\nEmail sent to: me@contoso.com",
            "get_stock_price returned: 190.25\nsend_email returned: Email sent",
        ),
    ),
    "azure_function_calling_bing": (
        (AZURE, OPENAI),
        (
            "True True",
            "Poll 0: in_progress",
            "requires_action",
            "CONVERSATION:\nUser query:\nHow tall is Mount Rainier?",
            'Assistant response:\nsearch_bing returned: [{"title": "Mount Rainier"',
        ),
    ),
    "azure_assistant_functions": (
        (AZURE, OPENAI),
        (
            "run status:  requires_action",
            "Tool outputs submitted successfully.",
            "run status:  completed",
            "\"value\": \"get_weather returned: It's 80 degrees F and slightly cloudy.\"",
        ),
    ),
    "azure_file_search": (
        (AZURE, OPENAI),
        (
            "completed\n",
            "completed=2",
            "vector_store_ids=['vs_",
            "\nassistant > file_search\n",
            "\nassistant > file_search found 3 result(s)",
        ),
    ),
    "readme_raw_response": (
        (OPENAI,),
        (
            "status: 200",
            "request: POST /v1/assistants",
            "content-type: application/json",
            "has request id header: True",
            "parsed: Assistant Raw",
            "thread request id matches header: True",
            "open inside the block: True",
            "json object: thread.run queued",
            "parsed run: True",
            "closed after the block: True",
            "lines joined: list ['user', 'assistant']",
        ),
    ),
    "readme_errors": (
        (OPENAI,),
        (
            "missing thread -> 404 NotFoundError 404 404",
            "request id present: True",
            "code/type/param: None invalid_request_error None",
            "body message: No thread found with id 'thread_does_not_exist'.",
            "missing run -> 404 NotFoundError",
            "unknown assistant -> 404 NotFoundError",
            "fine -> no error",
        ),
    ),
    "agency_swarm_term_handler": (
        (OPENAI,),
        (
            "[Support] calls open_ticket",
            "  arguments: {'summary': 'late order'}",
            "  (stream ended)\nrun: requires_action",
            "  open_ticket output: ticket #42",
            "[Support -> User] open_ticket returned: ticket #42",
            "  (stream ended)\nrun: completed",
            "steps with usage: 2 True",
        ),
    ),
    "generated_tests_stream_overloads": (
        (OPENAI,),
        (
            "create_and_run: thread.created, thread.run.created, thread.run.queued, "
            "thread.run.in_progress, thread.run.step.created",
            "thread.message.delta*, thread.message.completed, thread.run.step.completed, "
            "thread.run.completed\n",
            "runs.create: requires_action submit_tool_outputs",
            "open: True",
            "submit_tool_outputs: thread.run.step.completed, thread.run.queued, "
            "thread.run.in_progress",
            "thread.run.completed\nclosed: True",
            "raw status: 200",
            "raw create_and_run: thread.created, thread.run.created",
            "answer: read_clock returned: 07:31",
        ),
    ),
    "helpers_create_and_run_stream": (
        (OPENAI,),
        (
            "current run status: queued",
            "deltas: ['You ', 'said: ', 'stream ', 'this ', 'answer ', 'please']",
            "final run: completed True",
            "final message: assistant You said: stream this answer please",
            "final steps: ['message_creation']",
            "'You '\n'said: '\n'and '",
        ),
    ),
    "async_readme": (
        (OPENAI,),
        (
            "run: completed",
            "batch: completed 3 of 3",
            "all: ['helper 2', 'helper 1', 'helper 0', 'README tutor']",
            "will fetch next page using these details: {'after': 'asst_",
            "number of items we just fetched: 2",
        ),
    ),
    "async_chainlit_data_analyst": (
        (OPENAI,),
        (
            "<tool code_interpreter>\nprint((248.42 + 238.45) / 2.)",
            "</tool code_interpreter> markdown: 243.435",
            "[Data Analyst] code_interpreter output: 243.435",
            "[Data Analyst, final] code_interpreter output: 243.435",
            "run of the last step: completed True",
        ),
    ),
    "async_helpers_streams": (
        (OPENAI,),
        (
            "\nassistant > code_interpreter\n",
            "print((14 - 11) / 3.)",
            "\n\noutput >\n\n1.0\n",
            "assistant > code_interpreter output: 1.0",
            "You \nsaid: \nStream \nthis \nanswer \nplease\n",
            "You \nsaid: \nAnd \nnow \nonly \nthe \ntext\n",
            "create_and_run_stream: completed ['You said: A new thread, streamed']",
            "read_clock returned: 07:31\ntool run: requires_action True",
        ),
    ),
    "async_readme_raw_response": (
        (OPENAI,),
        (
            "status: 200",
            "request: POST /v1/assistants",
            "has request id header: True",
            "parsed: Assistant Raw",
            "text: assistant",
            "open inside the block: True",
            "json object: thread.run queued",
            "parsed run: True",
            "closed after the block: True",
            "lines joined: list ['user', 'assistant']",
        ),
    ),
    "async_azure_ad": (
        (AZURE_ENTRA, AZURE, OPENAI),
        (
            "Run completed with status: completed",
            '"value": "code_interpreter output: 1.0"',
            '"object": "list"',
            "user: Help me solve 3x + 11 = 14: calculate (14 - 11) / 3.\n"
            "assistant: code_interpreter output: 1.0\n",
            "deleted: True",
        ),
    ),
}

#: Multiassist runs that fail today for want of an issue 12 feature: program -> the feature.
#: Strict xfails: delete an entry as soon as its program runs unchanged.
NOT_YET: Dict[str, str] = {}

#: openai runs the emulator cannot serve yet: program -> what the emulator lacks.
EMULATOR_GAPS: Dict[str, str] = {}


class Sdk:
    """What a corpus program imports from its SDK package, looked up when the program uses it.

    ``sdk.AssistantEventHandler`` is ``from <package> import AssistantEventHandler``;
    ``sdk.module("types.beta.threads")`` is ``import <package>.types.beta.threads``.
    """

    def __init__(self, package: str) -> None:
        self.package = package

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.package), name)

    def module(self, path: str) -> Any:
        return importlib.import_module(f"{self.package}.{path}")


@contextlib.contextmanager
def emulator_for(flavor: str) -> Iterator[Emulator]:
    if flavor == OPENAI:
        emulator = Emulator("openai")
    else:
        emulator = Emulator("azure", deployments={MODEL: DEPLOYMENT})
        emulator.accept_token(ENTRA_TOKEN)
    with emulator:
        yield emulator


async def _entra_token() -> str:
    """A coroutine-function token provider (``azure.identity.aio.get_bearer_token_provider``
    hands out one)."""
    await asyncio.sleep(0)
    return ENTRA_TOKEN


def make_client(sdk: Sdk, flavor: str, emulator: Emulator, *, asynchronous: bool) -> Any:
    """The construction line of a program, the only one that names the package."""
    prefix = "Async" if asynchronous else ""
    if flavor == OPENAI:
        return getattr(sdk, f"{prefix}OpenAI")(
            base_url=emulator.base_url, api_key=emulator.api_key, max_retries=0)
    azure_openai = getattr(sdk, f"{prefix}AzureOpenAI")
    if flavor == AZURE:
        return azure_openai(
            api_key=emulator.api_key,
            azure_endpoint=emulator.endpoint,
            api_version=AZURE_API_VERSION,
            max_retries=0,
        )
    return azure_openai(
        azure_ad_token_provider=_entra_token if asynchronous else lambda: ENTRA_TOKEN,
        azure_endpoint=emulator.endpoint,
        api_version=AZURE_API_VERSION,
        max_retries=0,
    )


async def _run_async(main: Any, client: Any, sdk: Sdk, model: str) -> None:
    try:
        await main(client, sdk, model)
    finally:
        await client.close()


def run_program(name: str, package: str, flavor: str) -> str:
    """Run one corpus program with ``package`` on a fresh emulator; return what it printed."""
    program = importlib.import_module(f"compat_openai.{name}")
    asynchronous = inspect.iscoroutinefunction(program.main)
    sdk = Sdk(package)
    printed = io.StringIO()
    model = MODEL if flavor == OPENAI else DEPLOYMENT
    with emulator_for(flavor) as emulator:
        client = make_client(sdk, flavor, emulator, asynchronous=asynchronous)
        with contextlib.redirect_stdout(printed), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            if asynchronous:
                asyncio.run(_run_async(program.main, client, sdk, model))
            else:
                try:
                    program.main(client, sdk, model)
                finally:
                    client.close()
        assert emulator.failures == [], "the emulator answered a request with its own bug"
    return printed.getvalue()


def assert_fragments_in_order(output: str, fragments: Sequence[str]) -> None:
    position = 0
    for fragment in fragments:
        found = output.find(fragment, position)
        assert found >= 0, f"{fragment!r} not printed (after offset {position}):\n{output}"
        position = found + len(fragment)


_ID = re.compile(
    r"\b(asst|thread|msg|run|step|call|vsfb|vs|req)_[0-9A-Za-z]{8,}|\bfile-[0-9a-f]{8,}"
)
_TIMESTAMP = re.compile(r"\b1[7-9]\d{8}\b")


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


def _json_blocks_sorted(lines: List[str]) -> List[str]:
    """Lines with every top-level multi-line JSON object re-written with sorted keys."""
    out: List[str] = []
    index = 0
    while index < len(lines):
        if lines[index] in ("{", "["):
            closing = "}" if lines[index] == "{" else "]"
            for end in range(index + 1, len(lines)):
                if lines[end] == closing:
                    try:
                        value = json.loads("\n".join(lines[index : end + 1]))
                    except ValueError:
                        continue
                    out.extend(json.dumps(_sorted_keys(value), indent=2).split("\n"))
                    index = end + 1
                    break
            else:
                out.append(lines[index])
                index += 1
            continue
        out.append(lines[index])
        index += 1
    return out


def _literal_sorted(line: str) -> str:
    """A printed dict or list (Python repr on one line) with sorted keys; other lines as is."""
    stripped = line.strip()
    if not stripped or stripped[0] not in "{[":
        return line
    try:
        value = ast.literal_eval(stripped)
    except (ValueError, SyntaxError):
        return line
    return repr(_sorted_keys(value)) if isinstance(value, (dict, list)) else line


def normalize(output: str) -> str:
    """The output with JSON and dict keys sorted, then ids and timestamps numbered in order."""
    lines = [_literal_sorted(line) for line in _json_blocks_sorted(output.split("\n"))]
    text = "\n".join(lines)
    numbers: Dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        kind = match.group(1) or "file"
        seen = match.group(0)
        if seen not in numbers:
            count = sum(1 for label in numbers.values() if label.startswith(f"<{kind}#"))
            numbers[seen] = f"<{kind}#{count + 1}>"
        return numbers[seen]

    return _TIMESTAMP.sub("<time>", _ID.sub(number, text))


def _cases(*, for_multiassist: bool) -> List[Any]:
    cases = []
    for name, (flavors, _) in PROGRAMS.items():
        for flavor in flavors:
            marks = []
            if name in EMULATOR_GAPS and not for_multiassist:
                marks.append(pytest.mark.xfail(strict=True, reason=EMULATOR_GAPS[name]))
            elif for_multiassist and name in NOT_YET:
                marks.append(pytest.mark.xfail(strict=True, reason=f"issue 12: {NOT_YET[name]}"))
            cases.append(pytest.param(name, flavor, marks=marks, id=f"{name}-{flavor}"))
    return cases


def test_the_bookkeeping_names_only_corpus_programs() -> None:
    assert set(NOT_YET) <= set(PROGRAMS) and set(EMULATOR_GAPS) <= set(PROGRAMS)
    assert len(PROGRAMS) >= 10
    for name in PROGRAMS:  # an async program says so in its name, and the reverse
        program = importlib.import_module(f"compat_openai.{name}")
        assert inspect.iscoroutinefunction(program.main) == name.startswith("async_"), name


@pytest.mark.parametrize(("name", "flavor"), _cases(for_multiassist=False))
def test_program_runs_with_openai(name: str, flavor: str) -> None:
    output = run_program(name, "openai", flavor)
    assert_fragments_in_order(output, PROGRAMS[name][1])


@pytest.mark.parametrize(("name", "flavor"), _cases(for_multiassist=True))
def test_program_runs_unchanged_with_multiassist(name: str, flavor: str) -> None:
    reference = run_program(name, "openai", flavor)
    output = run_program(name, "multiassist", flavor)
    if name not in EMULATOR_GAPS:  # else the reference itself lacks some fragments
        assert_fragments_in_order(output, PROGRAMS[name][1])
    assert normalize(output) == normalize(reference)


def test_normalize_numbers_ids_and_ignores_key_order_only() -> None:
    first = (
        "{'id': 'asst_0123456789ab', 'created_at': 1796399143, 'x': [1]}\n"
        '{\n  "b": 1,\n  "a": "thread_aaaaaaaaaaaa"\n}\n'
    )
    second = (
        "{'x': [1], 'created_at': 1796399999, 'id': 'asst_ffffffffffff'}\n"
        '{\n  "a": "thread_bbbbbbbbbbbb",\n  "b": 1\n}\n'
    )
    assert normalize(first) == normalize(second)
    assert normalize("run_aaaaaaaaaaaa run_bbbbbbbbbbbb") != normalize(
        "run_aaaaaaaaaaaa run_aaaaaaaaaaaa"
    )
    assert normalize("{'a': 1, 'b': 2}") != normalize("{'a': 1, 'b': 3}")
