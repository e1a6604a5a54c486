"""The plain Python functions the function-calling programs hand to ``FunctionTool`` (the
originals import a ``user_functions`` set from their samples folder)."""

from __future__ import annotations

import json
from typing import Any, Callable, Set

WEATHER = {"New York": "Sunny, 25C", "London": "Cloudy, 18C", "Tokyo": "Rainy, 22C"}


def fetch_weather(location: str) -> str:
    """Fetches the weather for a location.

    :param location: The city to report on.
    :return: The weather as a JSON string.
    """
    return json.dumps({"weather": WEATHER.get(location, "unknown")})


def send_email(recipient: str, subject: str, body: str) -> str:
    """Sends an email.

    :param recipient: Address of the recipient.
    :param subject: Subject line.
    :param body: Text of the email.
    :return: A confirmation as a JSON string.
    """
    return json.dumps({"message": f"Email sent to {recipient}: {subject}"})


user_functions: Set[Callable[..., Any]] = {fetch_weather, send_email}
