"""The embedded Assistants API emulator: a real HTTP server on localhost for tests and demos.

It implements the OpenAI Assistants v2 wire (``/v1``), Azure OpenAI's flavour of it
(``/openai``, also the retired v1 wire on the v1 preview api-versions) and Foundry Agent
Service's (``/api/projects/<project>``, and the hub-era route azure-ai-projects 1.0.0b*
calls) with the standard library only, and shares no code
with the client::

    from multiassist.testing import Emulator

    with Emulator(flavor="openai") as emu:
        ...  # point any client at emu.base_url with emu.api_key
"""

from multiassist.testing.emulator import (
    AZURE_API_VERSIONS,
    AZURE_V1_API_VERSIONS,
    AZURE_V2_API_VERSIONS,
    DEFAULT_API_KEY,
    DEFAULT_PROJECT,
    FOUNDRY_API_VERSIONS,
    HUB_API_VERSIONS,
    Emulator,
    FiredFault,
    RecordedRequest,
)

__all__ = [
    "AZURE_API_VERSIONS",
    "AZURE_V1_API_VERSIONS",
    "AZURE_V2_API_VERSIONS",
    "DEFAULT_API_KEY",
    "DEFAULT_PROJECT",
    "FOUNDRY_API_VERSIONS",
    "HUB_API_VERSIONS",
    "Emulator",
    "FiredFault",
    "RecordedRequest",
]
