"""The bulk engine: records -> chunks -> requests sent with bounded concurrency -> one outcome
per record, in input order.

A ``Call`` is one request carrying some records (their input positions in ``indices``). The
engine runs calls concurrently (threads for the sync client, tasks for the async one), keeps at
most ``concurrency`` requests in flight and a bounded queue of prepared calls, so inputs of any
size stream through in constant memory. A call that carries a record id of a call in flight
waits for that call's answer (``_in_flight``): requests that share an id are applied in input
order (and no request carries an id twice: the chunkers, ``_in_flight.chunked_apart``). A call
that fails as a whole gives every record it carried that failure as its outcome. After an error
that every later request would repeat (authentication, permission, unknown URL or module, the
day's API credits spent) the remaining calls are not sent: their records get the same error,
marked "not sent"; the requests waiting for a slot then are not sent either. A record that cannot
be sent at all (not a mapping, or a value JSON cannot carry) gets an ``INVALID_INPUT`` outcome
and the rest of its chunk is sent. A call that is not idempotent (``Req.idempotent``, see
``_retry``) and failed after it may have reached the server gives its records ``UNKNOWN`` ("may
have been written; check before sending again"): never an error code that invites sending them
again.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from typing import Any

import httpx

from ._concurrency import STOP, StopRequested
from ._exceptions import FATAL_CODES_RE, FATAL_STATUSES, ZohoError, is_fatal
from ._http import Req, UnencodableBodyError, dump_json, json_or_raise
from ._idle import IDLE
from ._in_flight import InFlightIds
from ._outcomes import RecordError, RecordOutcome, carry_outcomes, note_also_failed
from ._retry import fate_unknown

# The code of a record refused before sending (it is not a record, or holds a value JSON cannot
# carry): its outcome says "not sent: ..." and the other records are still sent.
INVALID_INPUT = "INVALID_INPUT"
# The code of a record whose request was not sent because the run was stopped (``stop``).
INTERRUPTED = "INTERRUPTED"
# The code of a record of a write that is not idempotent (see ``_retry``) whose request failed
# after it may have reached the server: it was not sent again, and it may have been written.
UNKNOWN = "UNKNOWN"
UNKNOWN_MESSAGE = "may have been written; check before sending again"


@dataclass(slots=True)
class Call:
    """One request and the records it carries.

    With ``per_record``, ``req.body["data"][i]`` is the record at input position ``indices[i]``,
    so a record that cannot be encoded can be taken out and the others still sent.
    ``rejected`` holds the outcomes of records refused before sending (bad input); they are
    added to the call's own outcomes. ``req`` is None when no record of the call is left to send.
    ``keys``: what orders the call against the others in flight (``_in_flight``) when its ids
    are not all of it: an upsert's duplicate-check values too; None: ``ids``.
    """

    req: Req | None
    indices: list[int]
    ids: list[str | None]
    parse: Callable[[httpx.Response, Sequence[int], Sequence[str | None]], list[RecordOutcome]]
    per_record: bool = False
    rejected: list[RecordOutcome] | None = None
    keys: list[str] | None = None


def rejected_outcome(
    index: int, record_id: str | None, why: str, code: str = INVALID_INPUT
) -> RecordError:
    """The outcome of a record that was not sent: ``INVALID_INPUT`` (refused before sending)
    or ``INTERRUPTED``, and "not sent: …"."""
    return RecordError(index, code, f"not sent: {why}", id=record_id)


def _unencodable_field(record: Any, problem: UnencodableBodyError) -> str:
    if isinstance(record, Mapping):
        for key, value in record.items():
            try:
                dump_json(value)
            except UnencodableBodyError as exc:
                return (
                    f"field {key!r} holds a value JSON cannot carry ({exc.reason}); use str, int, "
                    "float, bool, None, date/datetime/Decimal, or lists and dicts of those"
                )
    return str(problem)


def drop_unencodable(call: Call, problem: UnencodableBodyError) -> None:
    """Take the records whose values cannot be encoded out of ``call``: each gets an
    ``INVALID_INPUT`` outcome and the others are still sent. When the problem is outside the
    records (or the call does not carry one record per ``data`` item) nothing of it is sent."""
    req = call.req
    assert req is not None
    rejected = call.rejected if call.rejected is not None else []
    body = req.body
    data = body.get("data") if isinstance(body, dict) else None
    bad: dict[int, str] = {}
    if call.per_record and isinstance(data, list) and len(data) == len(call.indices):
        for pos, record in enumerate(data):
            try:
                dump_json(record)
            except UnencodableBodyError as exc:
                bad[pos] = _unencodable_field(record, exc)
    # Nothing of the call goes when the problem is not in a record (e.g. in the options).
    keep = [pos for pos in range(len(call.indices)) if pos not in bad] if bad else []
    if keep:
        assert isinstance(body, dict) and isinstance(data, list)
        smaller = {**body, "data": [data[pos] for pos in keep]}
        try:
            content = dump_json(smaller)
        except UnencodableBodyError:
            keep = []  # the options are not encodable either: nothing can go
        else:
            call.req = Req(
                req.method,
                req.path,
                req.params,
                req.headers,
                body=smaller,
                content=content,
                idempotent=req.idempotent,
            )
    for pos, (index, record_id) in enumerate(zip(call.indices, call.ids, strict=True)):
        if pos in bad:
            rejected.append(rejected_outcome(index, record_id, bad[pos]))
        elif not keep:
            rejected.append(rejected_outcome(index, record_id, str(problem)))
    if keep:
        call.indices = [call.indices[pos] for pos in keep]
        call.ids = [call.ids[pos] for pos in keep]
    else:
        call.req, call.indices, call.ids = None, [], []
    call.rejected = rejected


def _prepare(call: Call) -> None:
    """Encode the call's body before sending (the bytes are kept for the send)."""
    if call.req is not None:
        try:
            call.req.encoded()
        except UnencodableBodyError as exc:
            drop_unencodable(call, exc)


def interrupted_outcomes(call: Call) -> list[RecordOutcome]:
    """The outcomes of a call that ``stop`` kept from being sent."""
    why = "the run was stopped before this request went out"
    return [
        rejected_outcome(index, record_id, why, INTERRUPTED)
        for index, record_id in zip(call.indices, call.ids, strict=True)
    ]


def failed_outcomes(call: Call, exc: ZohoError, *, sent: bool = True) -> list[RecordOutcome]:
    """The outcomes of the records of a call that failed as a whole with ``exc``: its code and
    message; ``UNKNOWN`` when the call is not idempotent and may have been applied (``_retry``
    decides); "not sent: …" when an earlier fatal failure kept it from being sent."""
    unknown = sent and call.req is not None and not call.req.idempotent and fate_unknown(exc)
    outcomes: list[RecordOutcome] = []
    for index, record_id in zip(call.indices, call.ids, strict=True):
        outcome = RecordError.from_exception(index, exc, record_id)
        if unknown:
            outcome = RecordError(
                outcome.index,
                UNKNOWN,
                f"{UNKNOWN_MESSAGE} (the request failed with {outcome.code}: {outcome.message})",
                {},
                outcome.id,
                outcome.status_code,
                exc,
            )
        elif not sent:
            outcome = RecordError(
                outcome.index,
                outcome.code,
                f"not sent: an earlier request failed with {outcome.code}: {outcome.message}",
                outcome.details,
                outcome.id,
                outcome.status_code,
                exc,
            )
        outcomes.append(outcome)
    return outcomes


def _unanswered_is_unknown(outcome: RecordOutcome) -> RecordOutcome:
    """A record of a write that is not idempotent which the answer said nothing about
    (``MISSING_RESULT``) may have been written: ``UNKNOWN``, like a lost answer."""
    if outcome.ok or outcome.code != "MISSING_RESULT":
        return outcome
    return RecordError(
        outcome.index,
        UNKNOWN,
        f"{UNKNOWN_MESSAGE} ({outcome.message})",
        {},
        outcome.id,
        outcome.status_code,
    )


class _Abort:
    __slots__ = ("exc", "halted")

    def __init__(self) -> None:
        self.exc: ZohoError | None = None
        self.halted = False  # the async run ended early: calls not yet sent are not sent


def _unsent(call: Call, abort: _Abort) -> list[RecordOutcome] | None:
    """What a call gets without being sent: its records' outcomes after an earlier fatal
    failure, or [] when none of its records is left to send (``_prepare`` took them out);
    None when the call is to be sent. Shared by both engines."""
    if abort.exc is not None:
        return failed_outcomes(call, abort.exc, sent=False)
    _prepare(call)
    return [] if call.req is None else None


def _send_failed(call: Call, exc: ZohoError, abort: _Abort) -> list[RecordOutcome]:
    """The outcomes of a call whose send raised ``exc``; a fatal error stops the run."""
    if is_fatal(exc):
        abort.exc = exc
    return failed_outcomes(call, exc)


def _not_sent(call: Call, abort: _Abort) -> list[RecordOutcome]:
    """The outcomes of a call stopped while it waited for a slot (``StopRequested``): after a
    fatal failure, that failure's "not sent"; else ``INTERRUPTED``."""
    if abort.exc is not None:
        return failed_outcomes(call, abort.exc, sent=False)
    return interrupted_outcomes(call)


def _answered(response: httpx.Response, abort: _Abort) -> httpx.Response:
    """A fatal answer (``is_fatal``: spent credits, an unknown module...) stops the run in the
    thread or task that got it: the requests waiting for a slot are not sent (the consumer,
    parsing the answers in turn, would learn it later)."""
    status = response.status_code
    if status < 400 or (
        status not in FATAL_STATUSES and FATAL_CODES_RE.search(response.content) is None
    ):
        return response  # (parsing, a 2xx's or a per-record 400's, is the consumer's)
    try:
        json_or_raise(response, allow_per_record=True)  # what ``call.parse`` raises
    except ZohoError as error:
        if is_fatal(error):
            abort.exc = error
    return response


def _send_only(
    call: Call, send: Callable[[Req], httpx.Response], abort: _Abort
) -> httpx.Response | list[RecordOutcome]:
    """The worker's part: the request (I/O). Parsing happens on the consuming thread."""
    if (unsent := _unsent(call, abort)) is not None:
        return unsent
    assert call.req is not None
    try:
        return _answered(send(call.req), abort)
    except ZohoError as exc:
        return _send_failed(call, exc, abort)
    except StopRequested:  # stopped while it waited for a slot (``_concurrency``)
        return _not_sent(call, abort)


def _finish(
    call: Call, sent: httpx.Response | list[RecordOutcome], abort: _Abort
) -> list[RecordOutcome]:
    if isinstance(sent, list):
        outcomes = sent
    else:
        try:
            outcomes = call.parse(sent, call.indices, call.ids)
        except ZohoError as exc:
            if is_fatal(exc):  # (an error status did at once, ``_answered``: a 2xx saying error)
                abort.exc = exc
            outcomes = failed_outcomes(call, exc)
        else:
            if call.req is not None and not call.req.idempotent:
                outcomes = [_unanswered_is_unknown(o) for o in outcomes]
    return outcomes + call.rejected if call.rejected else outcomes


def _execute_sync(
    call: Call, send: Callable[[Req], httpx.Response], abort: _Abort
) -> list[RecordOutcome]:
    return _finish(call, _send_only(call, send, abort), abort)


class _Workers:
    """``concurrency`` threads sending calls from ``todo`` and putting ``(call, result)`` on
    ``done``: two ``SimpleQueue``s and nothing else (no ``Future``, no done-callback, no
    executor bookkeeping), so each request costs one hand-off each way. Threads start as work
    arrives (a one-request job starts one). ``None`` in ``todo`` stops a thread; after
    ``stop()`` (the consumer went away) calls still queued are not sent (``INTERRUPTED``)."""

    __slots__ = ("todo", "done", "threads", "send", "abort", "size", "stopped", "stop_asked", "ids")

    def __init__(
        self,
        send: Callable[[Req], httpx.Response],
        abort: _Abort,
        size: int,
        stop_asked: Callable[[], bool] | None = None,
    ) -> None:
        self.todo: queue.SimpleQueue[Call | None] = queue.SimpleQueue()
        self.done: queue.SimpleQueue[tuple[Call, _Sent | BaseException]] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.send = send
        self.abort = abort
        self.size = size
        self.stopped = False
        # ``iter_sync``'s ``stop``: checked by each thread before it sends, so that nothing
        # goes out once it is true (those calls are answered INTERRUPTED)
        self.stop_asked = stop_asked
        self.ids = InFlightIds()  # of the calls submitted and not yet taken by ``next_done``

    def submit(self, call: Call, pending: int) -> None:
        self.ids.hold(call)
        self.todo.put(call)
        if len(self.threads) < min(pending, self.size):
            thread = threading.Thread(
                target=self._run, name=f"zoho-records_{len(self.threads)}", daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def _run(self) -> None:
        get, put, send, abort = self.todo.get, self.done.put, self.send, self.abort
        # a request that waits for a slot of the client's limiter checks it once it has one
        STOP.set(self._halted)
        while (call := get()) is not None:
            if self.stopped or (self.stop_asked is not None and self.stop_asked()):
                put((call, interrupted_outcomes(call)))
                continue
            try:
                put((call, _send_only(call, send, abort)))
            except BaseException as exc:  # handed to the consumer, which raises it
                put((call, exc))

    def _halted(self) -> bool:
        """Whether a request that got its slot is not to be sent: the consumer went away
        (``stop``: a ``break``, Ctrl-C), a fatal failure came back, or ``stop_asked``."""
        if self.stopped or self.abort.exc is not None:
            return True
        return self.stop_asked is not None and self.stop_asked()

    def next_done(self, timeout: float | None = None) -> list[RecordOutcome] | None:
        """The next answered call's outcomes (None: none came within ``timeout`` seconds)."""
        if self.done.empty() and (idle := IDLE.get()) is not None:
            idle()
        try:
            call, sent = self.done.get(timeout=timeout)
        except queue.Empty:
            return None
        self.ids.release(call)
        if isinstance(sent, BaseException):
            raise sent
        return _finish(call, sent, self.abort)

    def drain(self, exc: BaseException) -> list[RecordOutcome]:
        """The outcomes of the calls answered and not yet taken (after ``stop``), for ``exc``,
        which ended the run (another request's failure is said on it)."""
        outcomes: list[RecordOutcome] = []
        while not self.done.empty():
            call, sent = self.done.get_nowait()
            if isinstance(sent, BaseException):
                note_also_failed(exc, sent)
            else:
                outcomes += _finish(call, sent, self.abort)
        return outcomes

    def stop(self, *, wait: bool = True) -> None:
        """Drop the calls still queued; with ``wait``, wait for the requests in flight (after
        Ctrl-C nobody waits: the threads are daemons and end after their request)."""
        self.stopped = True
        for _ in self.threads:
            self.todo.put(None)
        if wait:
            for thread in self.threads:
                thread.join()


_Sent = httpx.Response | list[RecordOutcome]


def iter_sync(
    calls: Iterable[Call],
    send: Callable[[Req], httpx.Response],
    concurrency: int,
    *,
    stop: Callable[[], bool] | None = None,
    window: Callable[[], int] | None = None,
    ramp: Callable[[], float | None] | None = None,
) -> Generator[list[RecordOutcome]]:
    """Run ``calls``; yield each call's outcomes as it completes (completion order).

    Worker threads only send (I/O, which releases the GIL); responses are parsed on the
    consuming thread, which keeps the workers from contending for the GIL with CPU-bound
    parsing (measured: ~20 % more records/s at concurrency 10). Calls go to the workers and
    answers come back through two queues (``_Workers``); at most ``2 * concurrency`` calls
    are queued or running. If the consumer stops early, calls not yet sent are dropped and the
    requests in flight are waited for; on ``KeyboardInterrupt`` they are not waited for.

    ``stop`` ends the run gently (the command line's Ctrl-C): once it returns True no further
    call is taken, the requests in flight finish and their outcomes are yielded as usual, and
    the calls taken but not yet sent are not sent: their records get ``INTERRUPTED``.

    ``window()`` is the number of requests allowed in flight now (the client's adaptive limit,
    ``_concurrency``; default ``concurrency``): at most ``2 * window()`` calls are taken ahead,
    so that a run stopped early has taken no more rows than its current pace needs.
    ``ramp()`` (the limiter's slow start, ``Limiter.ramp``) applies growth due without an
    answer and says when the next is due: the consumer waits for answers at most that long,
    then takes calls for the grown window (else the take-ahead sized at 10 in flight starves
    a limit that grew to 25 before the first answer, until that answer comes).
    """
    abort = _Abort()
    if window is None:
        window = lambda: concurrency  # noqa: E731
    if concurrency <= 1:
        for call in calls:
            if (idle := IDLE.get()) is not None:
                idle()  # every answer so far was taken: this call's is waited for
            yield _execute_sync(call, send, abort)
            if stop is not None and stop():
                return
        return
    workers = _Workers(send, abort, concurrency, stop)
    pending = 0
    wait = True
    try:
        for call in calls:
            while workers.ids.clash(call):  # after the call in flight with one of its ids
                outcomes = workers.next_done()  # (no new call goes until then: no ramp to step)
                assert outcomes is not None  # no timeout: an answer came
                pending -= 1
                yield outcomes
            pending += 1
            workers.submit(call, pending)
            while True:
                # the wait's bound first, then the window: a step taken in between (by a
                # thread waiting for a slot) is in the window read after it
                timeout = None if ramp is None else ramp()
                if pending < 2 * min(window(), concurrency):
                    break
                outcomes = workers.next_done(timeout)
                if outcomes is None:
                    continue  # the ramp's step came due: the window may take more calls now
                pending -= 1
                yield outcomes
            if stop is not None and stop():
                break
        while pending:
            outcomes = workers.next_done()
            assert outcomes is not None  # no timeout: an answer came
            pending -= 1
            yield outcomes
    except KeyboardInterrupt:
        wait = False
        raise
    except Exception as exc:  # e.g. raised by the records iterable: what was sent is answered
        workers.stop(wait=True)
        carry_outcomes(exc, workers.drain(exc))
        raise
    finally:
        workers.stop(wait=wait)


async def _execute_async(
    call: Call,
    send: Callable[[Req], Awaitable[httpx.Response]],
    abort: _Abort,
    stop: Callable[[], bool] | None,
) -> list[RecordOutcome]:
    """``_send_only`` + ``_finish`` for a task (the sync engine splits them between a worker
    thread and the consumer; here both run on the event loop)."""
    if abort.halted or (stop is not None and stop()):
        return interrupted_outcomes(call)
    # this task's context: seen by the limiter's wait (``_concurrency``), as ``_Workers._halted``
    STOP.set(lambda: abort.halted or abort.exc is not None or (stop is not None and stop()))
    sent: _Sent
    if (unsent := _unsent(call, abort)) is not None:
        sent = unsent
    else:
        assert call.req is not None
        try:
            sent = _answered(await send(call.req), abort)
        except ZohoError as exc:
            sent = _send_failed(call, exc, abort)
        except StopRequested:  # stopped while it waited for a slot (``_concurrency``)
            sent = _not_sent(call, abort)
    return _finish(call, sent, abort)


async def iter_async(
    calls: Iterable[Call],
    send: Callable[[Req], Awaitable[httpx.Response]],
    concurrency: int,
    *,
    stop: Callable[[], bool] | None = None,
    window: Callable[[], int] | None = None,
    ramp: Callable[[], float | None] | None = None,
) -> AsyncGenerator[list[RecordOutcome]]:
    """The asyncio engine: ``iter_sync``'s contract (completion order, at most
    ``concurrency`` requests in flight, ``stop``) with one task per call instead of threads.
    The async client's default transport still sends from threads (``_transports``); this
    engine only keeps the event loop free while they do.

    ``stop`` is polled before each request is sent (in its task) and after each call is
    taken: once it returns True no further call is taken, the requests in flight finish and
    their outcomes are yielded, and the calls taken but not yet sent give ``INTERRUPTED``.
    ``window()``: as for ``iter_sync`` (at most ``2 * window()`` tasks, up to ``concurrency``:
    those over the limit wait for a slot, so slow start's ramp, ``_concurrency``, has them);
    ``ramp()``: as for ``iter_sync`` (the wait for a task to finish ends when a step is due).
    """
    abort = _Abort()
    if window is None:
        window = lambda: concurrency  # noqa: E731
    pending: set[asyncio.Task[list[RecordOutcome]]] = set()
    ids = InFlightIds()  # of the tasks not yet ended
    try:
        for call in calls:
            while ids.clash(call):  # after the task with one of its ids (``_in_flight``)
                _idle_unless_done(pending)
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for outcomes in _results(done):
                    yield outcomes
            ids.hold(call)
            held = ids.running(call, _execute_async(call, send, abort, stop))
            pending.add(asyncio.ensure_future(held))
            while True:
                timeout = None if ramp is None else ramp()  # first: as in ``iter_sync``
                if len(pending) < max(min(2 * window(), concurrency), 1):
                    break
                _idle_unless_done(pending)
                done, pending = await asyncio.wait(
                    pending, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
                )
                for outcomes in _results(done):
                    yield outcomes
            if stop is not None and stop():
                break
        while pending:
            _idle_unless_done(pending)
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for outcomes in _results(done):
                yield outcomes
    except Exception as exc:  # e.g. raised by the records iterable: what was sent is answered
        abort.halted = True  # (as ``_Workers.stop``: the tasks waiting for a slot send nothing)
        if pending:
            await asyncio.wait(pending)
        ended = [t for t in pending if not t.cancelled()]
        for task in ended:
            if (other := task.exception()) is not None:
                note_also_failed(exc, other)
        answered = [t for t in ended if t.exception() is None]
        carry_outcomes(exc, (o for task in answered for o in task.result()))
        pending = set()
        raise
    finally:
        for task in pending:
            task.cancel()


def _results(done: set[asyncio.Task[list[RecordOutcome]]]) -> list[list[RecordOutcome]]:
    """The outcomes of the tasks ``asyncio.wait`` found done. An exception one of them raised
    (not a ``ZohoError``: those are outcomes; e.g. a user's transport) is raised after the
    others are read, carrying their outcomes: their records were answered, and a plain
    ``task.result()`` loop would drop them (``outcomes_before``)."""
    results: list[list[RecordOutcome]] = []
    error: BaseException | None = None
    for task in done:
        if (exc := task.exception()) is None:
            results.append(task.result())
        elif error is None:
            error = exc
        else:  # (its call has no answer either, as the first's)
            note_also_failed(error, exc)
    if error is not None:
        carry_outcomes(error, (o for outcomes in results for o in outcomes))
        raise error
    return results


def _idle_unless_done(pending: set[asyncio.Task[list[RecordOutcome]]]) -> None:
    if (idle := IDLE.get()) is not None and not any(task.done() for task in pending):
        idle()
