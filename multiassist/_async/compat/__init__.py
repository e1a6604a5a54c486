"""The other SDKs' method names on the async client (written once; see multiassist/_async)."""
