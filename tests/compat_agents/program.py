"""What a corpus program reads from its environment, and the transcript it leaves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional

# Enum members print differently across Python versions (``MessageRole.AGENT`` or
# ``assistant``); transcripts are compared with members spelled as their wire values,
# which are the lower-cased member names except for the agent's role.
_ENUM = re.compile(r"\b(?:MessageRole|RunStatus|RunStepStatus|RunStepType|MessageStatus|"
                   r"FileState|VectorStoreStatus|FilePurpose)\.([A-Z_]+)\b")
_SPECIAL = {"AGENT": "assistant"}


def normalize(line: str) -> str:
    """``line`` with enum members written as their wire values."""
    return _ENUM.sub(lambda m: _SPECIAL.get(m.group(1), m.group(1).lower()), line)


@dataclass
class ProgramEnv:
    """The originals read ``PROJECT_ENDPOINT`` (GA) or ``PROJECT_CONNECTION_STRING`` (beta)
    and ``MODEL_DEPLOYMENT_NAME`` from the environment and build ``DefaultAzureCredential()``;
    here those come in as fields. ``workdir`` is where a program writes the data files its
    original shipped. ``say`` records what the original printed, without ids."""

    endpoint: str
    connection_string: str
    model: str
    credential: Any
    workdir: Path
    transcript: List[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.transcript.append(normalize(str(line)))

    def hear(self, answer: Optional[str]) -> None:
        """Record a stream event handler's answer unless it repeats the last line (a backend
        may report a state twice); ``delta: `` answers join into one ``text: `` line."""
        if not answer:
            return
        answer = normalize(answer)
        if answer.startswith("delta: "):
            text = answer[len("delta: "):]
            if self.transcript and self.transcript[-1].startswith("text: "):
                self.transcript[-1] += text
            else:
                self.transcript.append("text: " + text)
        elif not self.transcript or self.transcript[-1] != answer:
            self.transcript.append(answer)
