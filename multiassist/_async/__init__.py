"""The asyncio client, and the one source of the code above the transport.

Everything the two clients share is written here once, as asyncio code: the core, pagination,
polling, the tool loop, the stream handler, raw responses, the OpenAI-style resources, the
Azure SDK and trigger.dev name sets, the legacy file methods, the client itself
(:class:`multiassist.AsyncAssistantsClient`) and the I/O-bearing parts of Microsoft's agents
SDK shapes (``agents/``: the clients, event handler, tool helpers and paging that
:mod:`multiassist.agents.aio` exports).  The blocking modules at the same paths without
``_async`` (``multiassist/client.py``, ``multiassist/resources/runs.py``...) are generated from
these by ``scripts/generate_sync.py`` (unasync plus an explicit rename table); ``make test``
fails when a generated module differs from a fresh generation.  A shape that exists on one
side only is marked in the source: ``# unasync: async-only`` blocks are dropped from the
blocking code (the awaitable paginator), and ``# unasync: sync-only`` blocks are kept as
comments here and uncommented there (``APIResponse.content`` as a property, ``session=``).

Why generate instead of the alternatives: hand-kept async twins drift one fix at a time; a
blocking client that drives an event loop per call (or an async client that runs the blocking
one in threads) costs a thread per streamed run, which is what asyncio users port to avoid.
httpcore shows that writing the awaiting code once, as async code, and deriving the blocking
code mechanically keeps one behaviour.  What cannot be generated is small and lives in pairs:
:mod:`multiassist.concurrency` (sleep, worker threads, user callbacks, response bodies, the
answer of a list or streaming call) and the two transports.  A bridge backend stays blocking
code: the async core runs it, and reads its streams, in worker threads.
"""
