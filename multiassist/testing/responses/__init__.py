"""The Responses and Conversations APIs of the emulator (the successors of Assistants).

**Endpoints**, each under three prefixes (routed by ``multiassist.testing.router``)::

    POST   /responses                      GET  /responses/{id}
    DELETE /responses/{id}                 POST /responses/{id}/cancel
    GET    /responses/{id}/input_items
    POST   /conversations                  GET/POST/DELETE /conversations/{id}
    POST   /conversations/{id}/items       GET  /conversations/{id}/items
    GET/DELETE /conversations/{id}/items/{item_id}

* OpenAI: ``/v1/...``, ``Authorization: Bearer <api_key>``; ``model`` is any string.
* Azure OpenAI v1 surface: ``/openai/v1/...``; ``api-key: <api_key>`` or a bearer token
  (one given to ``Emulator.accept_token`` for ``https://cognitiveservices.azure.com``, or
  the API key itself as the v1 surface takes it); ``model`` must be a deployment name.
  With ``azure_conversations`` false (``Emulator(azure_conversations=False)``) every
  ``/openai/v1/conversations`` path and a ``conversation`` parameter there answer
  Azure's 404 ``Resource not found``, as resource endpoints do for some users.
* Foundry project: ``/api/projects/<project>/openai/v1/...``; a bearer token given to
  ``accept_token`` for ``https://ai.azure.com`` only; ``model`` must be a deployment name.
  A token for the other audience gets the gateway's 401.

On the Azure and Foundry surfaces ``api-version`` is optional; when given it must be
``v1`` or ``preview``. There (``azure_content``) ``input_image`` by ``file_id`` and an
``input_file`` that is not a PDF are 400s, in request input and in conversation items.
No ``OpenAI-Beta`` header is needed anywhere. These two v1 surfaces also serve the Files
and Vector Stores endpoints (``/files...``, ``/vector_stores...``) with the same handlers
and store as the Assistants wires, as the real v1 surfaces do (OpenAI's ``/v1`` serves
them already).

**Conversations.** ``POST /conversations`` takes ``metadata`` and up to 20 initial
``items``; ``POST /conversations/{id}`` replaces ``metadata``; deleting a conversation
keeps its items (the spec: "Items in the conversation will not be deleted"; they stay in
the store as ``conv_item`` records, unreachable through the API). ``POST .../items``
(``{"items": [...]}``, at most 20) answers the list of created items. ``GET .../items``
pages like every list (``limit`` 1-100, default 20; ``order`` ``asc``/``desc``, default
``desc``; ``after``). ``include`` /
``include[]`` take the spec's ``IncludeEnum`` values: ``file_search_call.results`` and
``code_interpreter_call.outputs`` show those fields (else ``null``); the others are
accepted and change nothing. Deleting an item answers the conversation.

**Items** are stored as the API sends them: a string input is one ``user`` message;
messages get ``id`` ``msg_...`` and ``status`` ``completed``; user, system and developer
text is ``input_text``, assistant text ``output_text`` with ``annotations`` and
``logprobs`` ``[]``; ``function_call`` (``fc_...``, ``call_id`` ``call_...``),
``function_call_output`` (``fco_...``), ``file_search_call`` (``fs_...``) and
``code_interpreter_call`` (``ci_...``) keep the spec's fields; an ``item_reference``
is replaced by the item it names. An empty list page has ``first_id`` / ``last_id``
``null``.

**POST /responses** fields: ``model`` (required), ``input``, ``instructions``,
``conversation`` (id or ``{"id"}``), ``previous_response_id`` (not both), ``tools``
(``function`` with ``name`` / ``description`` / ``parameters`` / ``strict``, the last
two required as in the spec's ``FunctionTool``; ``file_search`` with existing ``vector_store_ids``,
``max_num_results``, ``ranking_options``, ``filters`` (ignored); ``code_interpreter``
with ``container`` (an id or ``{"type": "auto", "file_ids"}``)), ``tool_choice``
(``none`` / ``auto`` / ``required`` / ``{"type": "function", "name"}`` /
``{"type": "file_search" | "code_interpreter"}`` / ``allowed_tools``),
``parallel_tool_calls``, ``max_output_tokens`` (>= 16), ``temperature``, ``top_p``,
``metadata``, ``store`` (false: never retrievable; not with ``background``),
``background``, ``stream``, ``include``, ``truncation`` (below); ``text``,
``reasoning``, ``service_tier`` and the other ``CreateResponse`` fields are accepted and
echoed or ignored; unknown fields are 400 ``unknown_parameter``. An earlier assistant
turn in ``input`` or ``items`` is a string, or the spec's ``OutputMessage`` (``type``,
``id``, ``status``; ``output_text`` parts with ``annotations`` and ``logprobs``, or
``refusal`` parts); anything else there is a 400.

What the model sees: the conversation's items (``conversation``), or the
``previous_response_id`` chain (that response's items seen plus its output), then the
``input`` items. When those (and the instructions) are longer than the model's context
window (``Emulator.context_windows``, in words; ``context_window``), ``truncation``
``disabled`` (the default) is a 400 ``context_length_exceeded`` and ``auto`` drops the
oldest items the model would see (the conversation keeps them). Every
``function_call_output`` there must answer a ``function_call``
there and every ``function_call`` must have its output (else 400, as the real API). A
conversation receives the input and output items when its response ends
``completed`` or ``incomplete`` (failed and cancelled responses add nothing); while a
background response of a conversation is queued or in progress another response on
it is a 400 ``conversation_locked``.

**Scripted behaviour** (the grammar of ``scripted_model``, over items): "the user text"
is the newest ``user`` message's text; a *tool round* is what follows it. A response
whose items after that message hold no tool item (function call or output, file search,
code interpreter) *opens* the round:

1. Markers in the user text act as for runs, on the response that opens the round:
   ``[[fail:invalid_prompt]]`` fails at once; ``[[cancel]]`` ends a (polled) background
   response ``cancelled`` at its turn; ``code`` / ``calculate`` / ``search`` run the
   built-in tools present (``code_interpreter_call`` with ``print(<expr>)`` and its
   logs; ``file_search_call`` over the tool's vector stores, ``queries`` [user text],
   results ``file_id`` / ``filename`` / ``score`` / ``text`` / ``attributes``);
   ``[[fail:server_error]]`` / ``[[fail:rate_limit_exceeded]]`` then fail the response
   (``error`` ``{code, message}``, built-in items kept); ``[[stream_error]]`` /
   ``[[stream_truncate:N]]`` break its stream. ``[[expire]]`` does nothing.
2. Function tools named in the user text (whole word) are called, in order of first
   mention, each once per round, one per response with ``parallel_tool_calls`` false:
   ``function_call`` items with ``key=value`` arguments as compact JSON; the response
   is ``completed``.
3. When nothing is left to call, the reply: ``"<name> returned: <output>"`` per answered
   call of the round (after ``code_interpreter output: ...`` / ``file_search found ...``
   lines of its built-in calls), else ``You said: <user text>``; ``[[long:N]]`` pads
   it. ``max_output_tokens`` below its word count, or ``[[incomplete]]`` (first half),
   cuts it: message ``incomplete``, response ``incomplete`` with
   ``incomplete_details.reason`` ``max_output_tokens``.

``tool_choice`` works as for runs. ``usage``: ``input_tokens`` = words of the
instructions and of every item seen, ``output_tokens`` = words of the output items
(reply text, arguments, code); only on ``completed`` / ``incomplete`` responses (the
key is absent before, since the spec's ``Response.usage`` is not nullable; ``user`` and
``output_text`` are never sent for the same reason).
``ResponsesService.script_response`` queues outcomes from Python (FIFO, one per response
created; they win over markers and act on any response, not only a round's first).

**Lifecycle.** A plain request answers the finished response. ``background: true``
answers ``queued`` and the response finishes by itself ``seconds_to_complete`` later on the
emulator's clock (``in_progress`` half way), as the service's do whether or not anyone
polls; polling hurries it: retrieve 1 moves it ``in_progress``, retrieve number
``steps_to_complete`` takes the turn. ``POST .../cancel`` cancels a queued or
in-progress background response (a finished one is answered unchanged; a synchronous
one is a 400). ``stream: true`` answers ``text/event-stream`` (``event: <type>`` /
``data: <json>`` frames, ``sequence_number`` from 0, no ``[DONE]``)::

    response.created  [response.queued]  response.in_progress
    per output item:
      message: response.output_item.added, response.content_part.added,
        response.output_text.delta..., response.output_text.done,
        response.content_part.done, response.output_item.done
      function_call: response.output_item.added,
        response.function_call_arguments.delta..., .done, response.output_item.done
      code_interpreter_call: added, response.code_interpreter_call.in_progress,
        response.code_interpreter_call_code.delta..., .done,
        response.code_interpreter_call.interpreting, .completed, done
      file_search_call: added, response.file_search_call.in_progress, .searching,
        .completed, done
    response.completed | response.incomplete | response.failed

``[[stream_error]]``: an ``error`` event follows ``response.in_progress`` and the stream
ends; the response is ``failed`` (``server_error``). ``[[stream_truncate:N]]``: the
connection drops after N events; the response still finishes. A stream (deltas
included) is computed at once and written one event per chunk. A background response
created with ``stream: true`` can be streamed again: ``GET /responses/{id}?stream=true``
sends its events from the start, ``&starting_after=N`` those after sequence number N; any
other response answers 400 (``param: stream``).

An empty conversation item list has ``first_id`` and ``last_id`` ``""`` (the spec's
``ConversationItemList`` requires both as strings).

Not emulated: ``POST /responses/input_tokens``, ``POST /responses/compact``, tools other
than the three above, reasoning items, ``obfuscation`` fields on deltas.
"""
