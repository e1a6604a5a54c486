"""Mirror of ``openai.types.beta.assistant_stream_event``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    Message as Message,
)
from multiassist.models import (
    MessageDelta as MessageDeltaEvent,
)
from multiassist.models import (
    Run as Run,
)
from multiassist.models import (
    RunStep as RunStep,
)
from multiassist.models import (
    RunStepDelta as RunStepDeltaEvent,
)
from multiassist.models import (
    Thread as Thread,
)
from multiassist.streaming.events import (
    AssistantStreamEvent as AssistantStreamEvent,
)
from multiassist.streaming.events import (
    ErrorEvent as ErrorEvent,
)
from multiassist.streaming.events import (
    ThreadCreated as ThreadCreated,
)
from multiassist.streaming.events import (
    ThreadMessageCompleted as ThreadMessageCompleted,
)
from multiassist.streaming.events import (
    ThreadMessageCreated as ThreadMessageCreated,
)
from multiassist.streaming.events import (
    ThreadMessageDelta as ThreadMessageDelta,
)
from multiassist.streaming.events import (
    ThreadMessageIncomplete as ThreadMessageIncomplete,
)
from multiassist.streaming.events import (
    ThreadMessageInProgress as ThreadMessageInProgress,
)
from multiassist.streaming.events import (
    ThreadRunCancelled as ThreadRunCancelled,
)
from multiassist.streaming.events import (
    ThreadRunCancelling as ThreadRunCancelling,
)
from multiassist.streaming.events import (
    ThreadRunCompleted as ThreadRunCompleted,
)
from multiassist.streaming.events import (
    ThreadRunCreated as ThreadRunCreated,
)
from multiassist.streaming.events import (
    ThreadRunExpired as ThreadRunExpired,
)
from multiassist.streaming.events import (
    ThreadRunFailed as ThreadRunFailed,
)
from multiassist.streaming.events import (
    ThreadRunIncomplete as ThreadRunIncomplete,
)
from multiassist.streaming.events import (
    ThreadRunInProgress as ThreadRunInProgress,
)
from multiassist.streaming.events import (
    ThreadRunQueued as ThreadRunQueued,
)
from multiassist.streaming.events import (
    ThreadRunRequiresAction as ThreadRunRequiresAction,
)
from multiassist.streaming.events import (
    ThreadRunStepCancelled as ThreadRunStepCancelled,
)
from multiassist.streaming.events import (
    ThreadRunStepCompleted as ThreadRunStepCompleted,
)
from multiassist.streaming.events import (
    ThreadRunStepCreated as ThreadRunStepCreated,
)
from multiassist.streaming.events import (
    ThreadRunStepDelta as ThreadRunStepDelta,
)
from multiassist.streaming.events import (
    ThreadRunStepExpired as ThreadRunStepExpired,
)
from multiassist.streaming.events import (
    ThreadRunStepFailed as ThreadRunStepFailed,
)
from multiassist.streaming.events import (
    ThreadRunStepInProgress as ThreadRunStepInProgress,
)

__all__ = [
    "AssistantStreamEvent",
    "ErrorEvent",
    "Message",
    "MessageDeltaEvent",
    "Run",
    "RunStep",
    "RunStepDeltaEvent",
    "Thread",
    "ThreadCreated",
    "ThreadMessageCompleted",
    "ThreadMessageCreated",
    "ThreadMessageDelta",
    "ThreadMessageInProgress",
    "ThreadMessageIncomplete",
    "ThreadRunCancelled",
    "ThreadRunCancelling",
    "ThreadRunCompleted",
    "ThreadRunCreated",
    "ThreadRunExpired",
    "ThreadRunFailed",
    "ThreadRunInProgress",
    "ThreadRunIncomplete",
    "ThreadRunQueued",
    "ThreadRunRequiresAction",
    "ThreadRunStepCancelled",
    "ThreadRunStepCompleted",
    "ThreadRunStepCreated",
    "ThreadRunStepDelta",
    "ThreadRunStepExpired",
    "ThreadRunStepFailed",
    "ThreadRunStepInProgress",
]
