"""The multiassist pytest plugin: an emulator and a client for your tests, offline.

Installed with multiassist and loaded by pytest on its own (entry point ``pytest11``, name
``multiassist``); where plugin autoloading is off, add ``-p multiassist``. Do not also list
``multiassist.pytest_plugin`` in ``pytest_plugins``: pytest would register it twice.

Fixtures (function scope: each test gets a fresh emulator with empty state):

- ``multiassist_emulator`` -- a running :class:`~multiassist.testing.Emulator`, flavor
  ``"openai"`` unless parametrized with a flavor name or a dict of ``Emulator`` arguments::

      @pytest.mark.parametrize("multiassist_emulator", ["openai", "azure"], indirect=True)
      def test_both_wires(multiassist_client): ...

      @pytest.mark.parametrize(
          "multiassist_emulator",
          [{"flavor": "azure", "api_version": "2024-02-15-preview"}], indirect=True)
      def test_v1_wire(multiassist_emulator, multiassist_client): ...

- ``multiassist_client`` -- an :class:`~multiassist.AssistantsClient` pointed at it
  (``emulator.client()``), closed after the test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, Mapping

import pytest

if TYPE_CHECKING:  # imported by the fixtures: loading the plugin stays cheap for any suite
    from multiassist.client import AssistantsClient
    from multiassist.testing import Emulator

__all__ = ["multiassist_client", "multiassist_emulator"]


def emulator_options(param: object) -> Dict[str, Any]:
    """``Emulator`` keyword arguments from a fixture parameter: None (defaults), a flavor
    name, or a mapping of ``Emulator`` arguments. Raises TypeError for anything else."""
    if param is None:
        return {}
    if isinstance(param, str):
        return {"flavor": param}
    if isinstance(param, Mapping):
        return dict(param)
    raise TypeError(
        "parametrize multiassist_emulator with a flavor name such as 'azure' or a dict of "
        f"Emulator arguments such as {{'flavor': 'azure'}}, not {type(param).__name__}"
    )


@pytest.fixture
def multiassist_emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A running emulator (flavor "openai" unless parametrized), stopped after the test."""
    from multiassist.testing import Emulator

    options = emulator_options(getattr(request, "param", None))
    with Emulator(**options) as emulator:
        yield emulator


@pytest.fixture
def multiassist_client(multiassist_emulator: Emulator) -> Iterator[AssistantsClient]:
    """An ``AssistantsClient`` for ``multiassist_emulator``, closed after the test."""
    client: AssistantsClient = multiassist_emulator.client()
    with client:
        yield client
