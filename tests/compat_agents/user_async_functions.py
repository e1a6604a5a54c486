"""The functions the async programs hand to ``AsyncFunctionTool`` (the originals import a
``user_async_functions`` set from their samples folder): an ``async def`` email sender beside
the plain weather function, as the originals mix them."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Set

from tests.compat_agents.user_functions import fetch_weather, send_email


async def send_email_async(recipient: str, subject: str, body: str) -> str:
    """Sends an email, waiting on the event loop first.

    :param recipient: Address of the recipient.
    :param subject: Subject line.
    :param body: Text of the email.
    :return: A confirmation as a JSON string.
    """
    await asyncio.sleep(0.01)
    return send_email(recipient, subject, body)


user_async_functions: Set[Callable[..., Any]] = {fetch_weather, send_email_async}
