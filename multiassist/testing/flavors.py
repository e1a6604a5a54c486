"""The wires the emulator speaks: the three flavors, the api-versions each prefix accepts,
and the one place deciding which Assistants wire (v1 or v2) a request speaks.

* ``/v1/...`` (OpenAI): no api-version; always the Assistants **v2** wire.
* ``/openai/...`` (Azure OpenAI): ``api-version`` required. The v1 preview versions
  (``AZURE_V1_API_VERSIONS``) speak the retired **v1** wire (``file_ids``, the
  ``retrieval`` tool, assistant and message file routes, no vector stores); every other
  accepted version speaks v2.
* ``/api/projects/<project>/...`` (Foundry Agent Service, classic): ``api-version``
  required, one of ``FOUNDRY_API_VERSIONS``. Foundry's api-version ``v1`` names Foundry's
  own surface, not the Assistants v1 wire: every Foundry version speaks v2.
* ``/agents/v1.0/subscriptions/<sub>/resourceGroups/<rg>/providers/
  Microsoft.MachineLearningServices/workspaces/<project>/...`` (the hub-era Agent Service
  route of azure-ai-projects 1.0.0b1..b10): the Foundry routes behind Entra ID bearer tokens
  for ``https://ml.azure.com``, api-version one of ``HUB_API_VERSIONS`` (all v2).
* ``/openai/v1/...`` (Azure) and ``/api/projects/<project>/openai/v1/...`` (Foundry): the
  v1 surface of Responses, Conversations, Files and Vector Stores; ``api-version`` optional,
  one of ``V1_SURFACE_VERSIONS`` when given.
"""

from __future__ import annotations

from typing import Optional

OPENAI = "openai"
AZURE = "azure"
FOUNDRY = "foundry"
#: The hub-era project route (a wire, not a flavor: every emulator serves it for its project).
HUB = "hub"
FLAVORS = (OPENAI, AZURE, FOUNDRY)

ASSISTANTS_V1 = "v1"
ASSISTANTS_V2 = "v2"

AZURE_V1_API_VERSIONS = ("2024-02-15-preview", "2024-03-01-preview", "2024-04-01-preview")
AZURE_V2_API_VERSIONS = (
    "2024-05-01-preview",
    "2024-07-01-preview",
    "2024-08-01-preview",
    "2024-09-01-preview",
    "2024-10-01-preview",
    "2024-12-01-preview",
    "2025-01-01-preview",
    "2025-02-01-preview",
    "2025-03-01-preview",
    "2025-04-01-preview",
)
AZURE_API_VERSIONS = AZURE_V1_API_VERSIONS + AZURE_V2_API_VERSIONS
DEFAULT_AZURE_API_VERSION = "2025-04-01-preview"

FOUNDRY_API_VERSIONS = ("v1", "2025-05-01", "2025-05-15-preview")
DEFAULT_FOUNDRY_API_VERSION = "v1"

#: What azure-ai-projects 1.0.0b5..b10 (``2024-12-01-preview``) and 1.0.0b1
#: (``2024-07-01-preview``) send on the hub-era route.
HUB_API_VERSIONS = ("2024-07-01-preview", "2024-12-01-preview")

V1_SURFACE_VERSIONS = ("v1", "preview")

#: Entra ID token audiences: an Azure OpenAI resource (its Assistants wire and its own
#: ``/openai/v1``) takes tokens for ``cognitiveservices.azure.com``, a Foundry project (Agent
#: Service and the project's ``/openai/v1``) tokens for ``ai.azure.com``, the hub-era route
#: tokens for ``ml.azure.com``.
COGNITIVE_AUDIENCE = "https://cognitiveservices.azure.com"
FOUNDRY_AUDIENCE = "https://ai.azure.com"
#: Hub-based projects (the hub-era route) take tokens for Azure Machine Learning.
HUB_AUDIENCE = "https://ml.azure.com"
AUDIENCES = (COGNITIVE_AUDIENCE, FOUNDRY_AUDIENCE, HUB_AUDIENCE)


def assistants_api(wire: str, api_version: Optional[str]) -> str:
    """``"v1"`` or ``"v2"``: the Assistants wire a request on ``wire`` with ``api_version``
    speaks (v1 only on the Azure prefix with one of ``AZURE_V1_API_VERSIONS``)."""
    if wire == AZURE and api_version in AZURE_V1_API_VERSIONS:
        return ASSISTANTS_V1
    return ASSISTANTS_V2
