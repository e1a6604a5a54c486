"""A compatibility corpus for Microsoft's agents SDKs: programs standing for real published
code written against ``azure-ai-agents`` 1.x / ``azure-ai-projects`` 1.x (the GA generation)
and ``azure-ai-projects`` 1.0.0b* (the hub-era beta).

Each program module names its original in its docstring and defines ``GENERATION``
(``"ga"`` or ``"beta"``), ``CLIENT`` (the client class name it is handed),
``EXPECTED`` (its transcript on the emulator) and ``main(client_class, models, env)`` --
``async def main`` for the programs written for the SDKs' ``.aio`` clients, which are handed
the ``.aio`` class (Microsoft's or ``multiassist.agents.aio``'s) and an async credential.
Only the client class and the models module differ between Microsoft's SDK and
``multiassist.agents``; ``env`` carries what the original read from its environment.
"""
