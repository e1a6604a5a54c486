"""The asyncio source of :mod:`multiassist.agents`' I/O-bearing modules (public as
:mod:`multiassist.agents.aio`)."""
