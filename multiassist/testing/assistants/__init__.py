"""The Assistants API of the emulator: one handler module per endpoint family (assistants,
threads and messages, runs and run steps, files, vector stores, the retired v1 wire's own
routes), the request bodies each wire accepts, and how the v1 wire shows stored objects."""
