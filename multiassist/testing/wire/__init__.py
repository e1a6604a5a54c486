"""Wire utilities every API of the emulator uses: the HTTP exchange, error documents, cursor
listing, SSE writing, multipart parsing, request validation and the request log's entries."""
