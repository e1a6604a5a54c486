"""The async shape of Microsoft's agents SDKs -- ``azure.ai.agents.aio.AgentsClient`` and
``azure.ai.projects.aio.AIProjectClient`` -- on :class:`multiassist.AsyncAssistantsClient`::

    from multiassist.agents.aio import AgentsClient   # was: from azure.ai.agents.aio import ...
    from multiassist.agents.models import AsyncAgentEventHandler, AsyncToolSet

    async with AgentsClient(endpoint=PROJECT_ENDPOINT, credential=credential) as client:
        agent = await client.create_agent(model="gpt-4o", name="my-agent")
        async for message in client.messages.list(thread_id=thread.id):
            ...

Methods that call the service are awaited; list calls return an ``AsyncItemPaged`` read with
``async for``; ``runs.stream(...)`` is awaited and used with ``async with``; the tool loop
runs plain and ``async def`` functions. The credential may be ``azure.identity.aio``'s (a
blocking one is called in a worker thread). The blocking classes in
:mod:`multiassist.agents` are generated from these, so both behave alike.
"""

from multiassist._async.agents.client import AgentsClient
from multiassist._async.agents.events import AsyncAgentEventHandler, AsyncAgentRunStream
from multiassist._async.agents.paging import AsyncItemPaged
from multiassist._async.agents.project import AgentsOperations, AIProjectClient
from multiassist._async.agents.tool_calls import AsyncFunctionTool, AsyncToolSet

__all__ = [
    "AIProjectClient",
    "AgentsClient",
    "AgentsOperations",
    "AsyncAgentEventHandler",
    "AsyncAgentRunStream",
    "AsyncFunctionTool",
    "AsyncItemPaged",
    "AsyncToolSet",
]
