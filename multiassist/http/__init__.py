"""Everything that touches HTTP: the transport, retries, the no-duplicate write rules, status to
error mapping, auth policies and redaction of secrets."""
