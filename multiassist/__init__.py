"""multiassist: one provider-neutral client for the Assistants API."""
