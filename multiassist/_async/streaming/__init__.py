"""The asyncio client's event stream reading."""
