"""The embedded Assistants API emulator (filled in by the emulator work)."""
