"""openai-python's README, async: ``AsyncOpenAI`` with the polling helper, the bulk upload
helper and the async pagination idioms.

Stands for: openai/openai-python, ``README.md`` at commit
71f73540d4f0cb21887bedf2cc43516a0ebbe7c9 (the last one with its Assistants sections):
"Async usage" (``AsyncOpenAI``, ``await`` on every call, ``asyncio.run(main())``), "Polling
Helpers" (``runs.create_and_poll``), "Bulk Upload Helpers" (``await
client.vector_stores.file_batches.upload_and_poll(store.id, files=sample_files)`` with
``Path`` objects) and "Pagination" in its async form (``async for`` over a list call,
``first_page = await ....list(limit=...)``, ``has_next_page()``, ``next_page_info()``,
``await first_page.get_next_page()``, ``first_page.data``).

The README paginates fine-tuning jobs; this program pages assistants, the list the
Assistants API has. It prints ``next_page_info().params`` where the README prints the
``PageInfo`` object itself, whose repr is only an address.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, List


async def main(client: Any, sdk: Any, model: str) -> None:
    assistant = await client.beta.assistants.create(
        model=model, name="README tutor", instructions="You answer briefly."
    )
    thread = await client.beta.threads.create(
        messages=[{"role": "user", "content": "Say this is a test"}]
    )
    run = await client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant.id,
    )
    print("run:", run.status)

    with tempfile.TemporaryDirectory() as folder:
        sample_files: List[Path] = []
        for name, text in (("sample-paper.md", "# A paper\nOn tides."),
                           ("sample-notes.md", "# Notes\nLow tide at 6."),
                           ("sample-data.md", "# Data\n6:02, 18:25")):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            sample_files.append(path)
        store = await client.vector_stores.create(name="README papers")
        batch = await client.vector_stores.file_batches.upload_and_poll(
            store.id,
            files=sample_files,
        )
    print("batch:", batch.status, batch.file_counts.completed, "of", batch.file_counts.total)

    for number in range(3):
        await client.beta.assistants.create(model=model, name=f"helper {number}")
    all_assistants = []
    # Iterate through items across all pages, issuing requests as needed.
    async for listed in client.beta.assistants.list(
        limit=2,
    ):
        all_assistants.append(listed)
    print("all:", [a.name for a in all_assistants])

    first_page = await client.beta.assistants.list(
        limit=2,
    )
    if first_page.has_next_page():
        print(f"will fetch next page using these details: {first_page.next_page_info().params}")
        next_page = await first_page.get_next_page()
        print(f"number of items we just fetched: {len(next_page.data)}")
    for listed in first_page.data:
        print(listed.id)
