"""The embedded Assistants API emulator: a real HTTP server on localhost for tests and demos.

It implements the OpenAI Assistants v2 wire (``/v1``) and Azure OpenAI's flavour of it
(``/openai``) with the standard library only, and shares no code with the client::

    from multiassist.testing import Emulator

    with Emulator(flavor="openai") as emu:
        ...  # point any client at emu.base_url with emu.api_key
"""

from .emulator import AZURE_V2_API_VERSIONS, DEFAULT_API_KEY, Emulator, RecordedRequest

__all__ = ["AZURE_V2_API_VERSIONS", "DEFAULT_API_KEY", "Emulator", "RecordedRequest"]
