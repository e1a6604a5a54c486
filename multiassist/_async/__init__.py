"""The asyncio client, and the one source of the code above the transport.

The blocking modules at the same paths without ``_async`` (``multiassist/core.py``,
``multiassist/resources/runs.py``...) are generated from these by ``scripts/generate_sync.py``.
"""
