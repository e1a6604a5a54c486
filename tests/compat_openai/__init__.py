"""A corpus of published openai-python Assistants programs, re-written as functions.

Each module stands for one real program (named in its docstring: repository, path and commit,
or page) and keeps that program's idioms: the calls, parameters, attribute access, event
handler hooks and what it prints. Each exposes ``main(client, sdk, model)``:

- ``client`` is built by the harness (``tests/test_compat_openai.py``) with the one line a user
  changes: ``openai.OpenAI(...)`` or ``multiassist.OpenAI(...)`` (``AzureOpenAI`` for Azure's
  programs), pointed at the emulator;
- ``sdk`` stands for the package the original imports from (``openai`` or ``multiassist``):
  ``sdk.AssistantEventHandler`` is ``from openai import AssistantEventHandler``,
  ``sdk.module("types.beta.threads").TextContentBlock`` is
  ``from openai.types.beta.threads import TextContentBlock``;
- ``model`` is the model (OpenAI) or deployment name (Azure) the original hard-codes or reads
  from its environment.

The user messages are phrased for the emulator's scripted model (it calls a function when its
name occurs in the text, runs code interpreter on "calculate"/"code", file search on "search");
everything else follows the original.
"""
