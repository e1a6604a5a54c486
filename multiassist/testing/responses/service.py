"""The Python handle on the emulated Responses API that ``Emulator.responses`` gives tests:
queued outcomes, the background pace and whether Azure serves conversations."""

from __future__ import annotations

import threading
from typing import Mapping, Optional

from multiassist.testing.context import Settings
from multiassist.testing.engine.scripted_model import RunScript, ScriptedModel
from multiassist.testing.object_store import Store
from multiassist.testing.responses.engine import RESPONSE_STATUSES, ResponseEngine

#: How often the clock thread looks at background responses (real seconds).
CLOCK_TICK_S = 0.02


class ResponsesService:
    """What tests script on the emulated Responses API (``multiassist.testing.responses``
    describes the API itself).

    ``steps_to_complete``: the retrieve that finishes a background response (if its
    ``seconds_to_complete`` on the emulator's clock have not finished it already);
    ``azure_conversations``: whether ``/openai/v1/conversations`` exists (live setting).
    """

    def __init__(
        self,
        store: Store,
        model: ScriptedModel,
        settings: Settings,
        *,
        steps_to_complete: int = 2,
        seconds_to_complete: Optional[float] = None,
    ) -> None:
        self.store = store
        self.engine = ResponseEngine(store, model, steps_to_complete, seconds_to_complete)
        self._settings = settings
        self._clock_stop: Optional[threading.Event] = None

    # ------------------------------------------------------------------ the clock

    def start_clock(self) -> None:
        """Start the thread that moves background responses along (idempotent)."""
        if self._clock_stop is not None:
            return
        stop = self._clock_stop = threading.Event()

        def run() -> None:
            while not stop.wait(CLOCK_TICK_S):
                with self.store.lock:
                    self.engine.tick()

        threading.Thread(target=run, name="multiassist-emulator-responses-clock",
                         daemon=True).start()

    def stop_clock(self) -> None:
        """Stop that thread (idempotent)."""
        if self._clock_stop is not None:
            self._clock_stop.set()
            self._clock_stop = None

    @property
    def seconds_to_complete(self) -> Optional[float]:
        """Emulator-clock seconds a background response takes to finish by itself
        (None: it only moves when polled)."""
        return self.engine.seconds_to_complete

    @seconds_to_complete.setter
    def seconds_to_complete(self, value: Optional[float]) -> None:
        if value is not None and not value > 0:
            raise ValueError("seconds_to_complete must be > 0 (or None)")
        self.engine.seconds_to_complete = value

    @property
    def azure_conversations(self) -> bool:
        """Whether Azure's ``/openai/v1/conversations`` paths (and a ``conversation``
        parameter there) are served; false answers Azure's 404 ``Resource not found``."""
        return self._settings.azure_conversations

    @azure_conversations.setter
    def azure_conversations(self, value: bool) -> None:
        self._settings.azure_conversations = bool(value)

    @property
    def steps_to_complete(self) -> int:
        """The retrieve (counted from 1) on which a background response takes its turn."""
        return self.engine.steps_to_complete

    @steps_to_complete.setter
    def steps_to_complete(self, value: int) -> None:
        if value < 1:
            raise ValueError("steps_to_complete must be >= 1")
        self.engine.steps_to_complete = int(value)

    # ------------------------------------------------------------------ scripting

    def script_response(
        self,
        *,
        fail: Optional[Mapping[str, str]] = None,
        status: Optional[str] = None,
        reply: Optional[str] = None,
        stream_error: bool = False,
        stream_truncate_after: Optional[int] = None,
    ) -> None:
        """Queue the outcome of the next response created (FIFO), like
        ``Emulator.script_run``: ``fail={"code", "message"?}``, ``status`` (``completed``,
        ``failed``, ``cancelled`` (background only), ``incomplete``), ``reply``,
        ``stream_error``, ``stream_truncate_after``. Raises ValueError for bad values."""
        if status is not None and status not in RESPONSE_STATUSES:
            raise ValueError(f"status must be one of {RESPONSE_STATUSES}, not {status!r}")
        script = RunScript.build(
            fail=fail,
            status=status,
            reply=reply,
            stream_error=stream_error,
            stream_truncate_after=stream_truncate_after,
        )
        with self.store.lock:
            self.engine.scripts.append(script)

    def clear_response_scripts(self) -> None:
        """Drop every outcome queued by ``script_response`` not taken yet."""
        with self.store.lock:
            self.engine.scripts.clear()
