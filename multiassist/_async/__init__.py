"""The asyncio client, and the one source of the code above the transport.

The blocking modules at the same paths without ``_async`` (``multiassist/core.py``,
``multiassist/pagination.py``, ``multiassist/streaming/stream.py``...) are generated from these
by ``scripts/generate_sync.py`` (unasync plus explicit renames); ``make test`` fails when a
generated module differs from a fresh generation.

Why generate instead of the alternatives: hand-kept async twins drift one fix at a time; a
blocking client that drives an event loop per call (or an async client that runs the blocking
one in threads) costs a thread per streamed run, which is what asyncio users port to avoid.
httpcore shows that writing the awaiting code once, as async code, and deriving the blocking
code mechanically keeps one behaviour.  What cannot be generated is small and lives in pairs:
:mod:`multiassist.concurrency` (sleep, worker threads, user callbacks) and the two transports.
A bridge backend stays blocking code: the async core runs it in worker threads.
"""
