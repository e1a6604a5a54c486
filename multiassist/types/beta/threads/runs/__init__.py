"""Mirror of ``openai.types.beta.threads.runs``: run steps, tool calls and their deltas.

As in openai-python, ``RunStepDelta`` here is the ``delta`` member of a run step delta
(:class:`multiassist.models.RunStepDeltaFields`) and ``RunStepDeltaEvent`` the whole
``thread.run.step.delta`` object (:class:`multiassist.models.RunStepDelta`);
``CodeInterpreterLogs`` and ``CodeInterpreterOutputImage`` are the delta outputs.
"""

from multiassist.types.beta.threads.runs.code_interpreter_logs import (
    CodeInterpreterLogs as CodeInterpreterLogs,
)
from multiassist.types.beta.threads.runs.code_interpreter_output_image import (
    CodeInterpreterOutputImage as CodeInterpreterOutputImage,
)
from multiassist.types.beta.threads.runs.code_interpreter_tool_call import (
    CodeInterpreterToolCall as CodeInterpreterToolCall,
)
from multiassist.types.beta.threads.runs.code_interpreter_tool_call_delta import (
    CodeInterpreterToolCallDelta as CodeInterpreterToolCallDelta,
)
from multiassist.types.beta.threads.runs.file_search_tool_call import (
    FileSearchToolCall as FileSearchToolCall,
)
from multiassist.types.beta.threads.runs.file_search_tool_call_delta import (
    FileSearchToolCallDelta as FileSearchToolCallDelta,
)
from multiassist.types.beta.threads.runs.function_tool_call import (
    FunctionToolCall as FunctionToolCall,
)
from multiassist.types.beta.threads.runs.function_tool_call_delta import (
    FunctionToolCallDelta as FunctionToolCallDelta,
)
from multiassist.types.beta.threads.runs.message_creation_step_details import (
    MessageCreationStepDetails as MessageCreationStepDetails,
)
from multiassist.types.beta.threads.runs.run_step import RunStep as RunStep
from multiassist.types.beta.threads.runs.run_step_delta import RunStepDelta as RunStepDelta
from multiassist.types.beta.threads.runs.run_step_delta_event import (
    RunStepDeltaEvent as RunStepDeltaEvent,
)
from multiassist.types.beta.threads.runs.run_step_delta_message_delta import (
    RunStepDeltaMessageDelta as RunStepDeltaMessageDelta,
)
from multiassist.types.beta.threads.runs.run_step_include import RunStepInclude as RunStepInclude
from multiassist.types.beta.threads.runs.tool_call import ToolCall as ToolCall
from multiassist.types.beta.threads.runs.tool_call_delta import ToolCallDelta as ToolCallDelta
from multiassist.types.beta.threads.runs.tool_call_delta_object import (
    ToolCallDeltaObject as ToolCallDeltaObject,
)
from multiassist.types.beta.threads.runs.tool_calls_step_details import (
    ToolCallsStepDetails as ToolCallsStepDetails,
)

__all__ = [
    "CodeInterpreterLogs",
    "CodeInterpreterOutputImage",
    "CodeInterpreterToolCall",
    "CodeInterpreterToolCallDelta",
    "FileSearchToolCall",
    "FileSearchToolCallDelta",
    "FunctionToolCall",
    "FunctionToolCallDelta",
    "MessageCreationStepDetails",
    "RunStep",
    "RunStepDelta",
    "RunStepDeltaEvent",
    "RunStepDeltaMessageDelta",
    "RunStepInclude",
    "ToolCall",
    "ToolCallDelta",
    "ToolCallDeltaObject",
    "ToolCallsStepDetails",
]
