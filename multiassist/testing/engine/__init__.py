"""The run engine and the scripted model: how an emulated run moves between statuses, what
the deterministic "model" does on its turn, and the objects and events a run produces."""
