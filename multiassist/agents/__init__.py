"""Programs written for Microsoft's agents SDKs -- azure-ai-agents 1.x (``AgentsClient``, and
``AIProjectClient(...).agents`` of azure-ai-projects 1.x) and azure-ai-projects 1.0.0b*
(``AIProjectClient.from_connection_string``, flat methods on ``project.agents``) -- run on
multiassist by changing their imports::

    from multiassist.agents import AgentsClient          # was: from azure.ai.agents import ...
    from multiassist.agents.models import ListSortOrder  # was: from azure.ai.agents.models ...

Async programs (``azure.ai.agents.aio``, ``azure.ai.projects.aio``) import from
:mod:`multiassist.agents.aio` instead. They talk to Foundry Agent Service (classic) as
before; choosing a multiassist profile (``MULTIASSIST_PROFILE=responses``) moves them to
another backend, such as the Responses API bridge, with no code change.
"""

from multiassist.agents import models
from multiassist.agents.client import AgentsClient
from multiassist.agents.project import AgentsOperations, AIProjectClient

__all__ = ["AIProjectClient", "AgentsClient", "AgentsOperations", "models"]
