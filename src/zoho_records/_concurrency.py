"""Adaptive concurrency: how many requests a client keeps in flight, found from Zoho's answers.

Zoho caps the calls an org (per app) may have in flight by edition (Free 5, Standard 10,
Professional 15, Enterprise 20, Ultimate 25: Kaizen #203, https://help.zoho.com/portal/de/
community/topic/kaizen-203-answering-your-questions-handling-api-limits-and-error-responses)
and answers a call over the cap with 429 ``TOO_MANY_REQUESTS`` and no ``Retry-After``. So the
controller (``Limiter``) is loss-based like TCP's AIMD, with what a hard cap allows beyond it:

- it starts at ``INITIAL_CONCURRENCY`` (Standard's cap, the old default). In slow start a
  level in use with no 429 back for the ramp's interval holds (a refusal comes back within a
  round trip: Zoho's gate answers before any work; the interval is 1.5 round trips as the
  client's TCP handshakes measure them, at least 20 ms, the interval with no measure, e.g. a
  transport of the user's), and the limit steps on along the edition ladder: one
  above a cap (one probe request), then one above the next cap (10, 11, 16, 21, 25), so the
  cap is found within the first round trip with one refusal. Answers grow it too: +1 per
  success (TCP's slow start), past the next cap only once the level below it held;
- a 429 while ``n`` of our requests were in flight says the cap is below ``n``: the limit
  becomes ``n - 1`` and that is remembered as the ceiling (if answers were still on their way,
  ``n - 1`` is above the cap and the next 429 lowers it again; at the cap no 429 of ours can
  happen). ``n`` is not the count when it was sent (a request sent after it may reach Zoho's
  gate first, and that count put the ceiling one below the cap for the rest of the job), but
  ``Limiter._at_gate``'s. From then on the limit stays at the ceiling and probes above it
  only after ``PROBE_AFTER_ROUNDS`` rounds (a round: ``limit`` calls) without congestion; a
  probe that fails doubles that wait (up to ``PROBE_MAX_ROUNDS``), one that holds makes the
  next come after one round and twice as big (1, 2, 4, 8 above). So a job at the cap sees a
  handful of 429s in all, not one per round as plain AIMD's sawtooth would. A limit pushed
  below a level that held before (someone else's burst of 429s) doubles back to it after one
  calm round each; a failed probe back trusts it one less;
- a 503, a timeout or a connection error multiplies the limit by ``BACKOFF`` (AIMD's
  multiplicative decrease); it grows back by one per round up to the ceiling (only 429s set it);
- a 429 whose ``X-API-CREDITS-REMAINING`` is below what the call costs is the day's credits,
  not the cap (``SPENT``, ``_credits.credits_spent``): counted as a 429, nothing learned;
- latency (a Gradient2-like check, Netflix concurrency-limits): once ``WARMUP_SAMPLES`` calls
  set the long average, a short moving average of the call time over ``LATENCY_TOLERANCE`` x
  the long one means the server queues: the limit shrinks by ``BACKOFF`` (at most once per
  round), grows back one per round, and the long average moves halfway to the new latency,
  so a rise that lasts is the new normal (steady jitter moves both averages alike).

A 429 the controller answered by shrinking costs no record: the retry layer sends it again
as soon as a slot of the smaller limit is free (``Limiter.explains``), in front of new calls.

The controller is plain arithmetic under a lock (``on_result``, no clock read: the caller
passes the latency), so it is tested by feeding it results. ``Limiter`` adds the waiting: a
FIFO of waiters, threads (``acquire``) or asyncio tasks (``acquire_async``).
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import _constants as C

__all__ = ["ClientStats", "Limiter", "StopRequested"]

INITIAL_CONCURRENCY = C.INITIAL_CONCURRENCY
# Slow start's first round trip: while the limit is in use and no 429 came back for this long,
# the level holds (a refusal comes back at once: the gate answers before any work is done), so
# the limit takes the next step without waiting for the first answers (see ``Limiter.advance``).
RAMP_INTERVAL = 0.02
# With a round trip measured (the TCP handshake of a connection the client opened: one network
# round trip, ``Limiter.note_connect``), a refusal is back within about that: the interval is
# ``RTT_FACTOR`` round trips, not less than ``RAMP_MIN_INTERVAL`` (the server's own time to
# refuse: the emulator, busy with the first calls' records, was measured to answer the probe's
# 429 after more than 10 ms in 5 of 24 jobs, each then stepping past the cap: 7-12 429s). Far
# from Zoho (a 50 ms round trip) the ramp waits 75 ms a step instead of stepping past a cap
# before its 429 is back; near it (loopback) every 20 ms.
RTT_FACTOR = 1.5
RAMP_MIN_INTERVAL = RAMP_INTERVAL
PROBE_AFTER_ROUNDS = 8
PROBE_MAX_ROUNDS = 64
# A request refused (429) while others of ours were in flight is sent again when a slot of the
# smaller limit frees, without counting against ``max_retries``, at most this many times.
MAX_SLOT_RETRIES = 32
_SENT_KEPT = 256  # sends and refusals remembered for ``Limiter._at_gate``
BACKOFF = 0.75
LATENCY_TOLERANCE = 3.0
WARMUP_SAMPLES = 20  # successes averaged before latency is judged
_SHORT_ALPHA = 0.2  # ~ the last 10 calls
_LONG_ALPHA = 0.01  # ~ the last 200 calls

# What a finished attempt tells the controller.
OK = "ok"  # answered, and not a sign of overload (2xx, 4xx other than 429)
THROTTLED = "throttled"  # 429
OVERLOADED = "overloaded"  # 503, 502, 504, a timeout, a connection error
FAILED = "failed"  # another 5xx: neither a call Zoho counts nor a sign of overload
SPENT = "spent"  # 429 with the day's credits spent: counted as a 429, no sign of concurrency

# The bulk engine's ``stop``, seen by the transport after a request got its slot: once it
# returns True the request is not sent (``StopRequested``).
STOP: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar(
    "zoho_records_stop", default=None
)


class StopRequested(Exception):
    """A request that waited for a slot was not sent: the run was stopped meanwhile."""


@dataclass(frozen=True, slots=True)
class ClientStats:
    """A snapshot of a client's traffic (``client.stats``), read-only.

    ``concurrency``: the controller's current limit (requests allowed in flight);
    ``max_concurrency``: its bound (the client's ``concurrency``); ``adaptive``: whether the
    limit adapts; ``in_flight`` / ``peak_in_flight``: requests in flight now / at most;
    ``requests``: HTTP requests sent (retries included); ``throttled``: 429 answers;
    ``calls``: requests Zoho answered other than with 429 or 5xx (what it counts as calls);
    ``credits``: the API credits those calls cost by Zoho's credit table (``_credits``);
    ``credits_left``: the credits Zoho said were left in its rolling 24 hours, in its latest
    answer that said so (``X-API-CREDITS-REMAINING``, sent once half of them are used; None:
    not said).
    """

    concurrency: int
    max_concurrency: int
    adaptive: bool
    in_flight: int
    peak_in_flight: int
    requests: int
    throttled: int
    calls: int
    credits: int
    credits_left: int | None = None


@dataclass(slots=True)
class Ticket:
    """One request's slot: when it was sent, how many of ours were in flight then (itself
    included), and its place among the client's requests (``Limiter.requests`` after it)."""

    started: float
    in_flight: int
    seq: int = 0


class _Waiter:
    __slots__ = ("event", "loop", "future", "granted")

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None = None,
        future: asyncio.Future[None] | None = None,
    ) -> None:
        self.event = threading.Event() if loop is None else None
        self.loop = loop
        self.future = future
        self.granted = False

    def wake(self) -> None:
        self.granted = True
        if self.event is not None:
            self.event.set()
        else:
            assert self.loop is not None and self.future is not None
            self.loop.call_soon_threadsafe(_resolve, self.future)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Limiter:
    """The controller and the slots it hands out (one per client, shared by all its requests).

    ``max_limit`` is a hard bound; with ``adaptive=False`` the limit is fixed at it (the
    behaviour of ``concurrency=N`` before adaptation: exactly N in flight).
    """

    def __init__(
        self,
        max_limit: int,
        *,
        adaptive: bool = True,
        initial: int = INITIAL_CONCURRENCY,
        probe_after_rounds: int = PROBE_AFTER_ROUNDS,
        ramp_interval: float = RAMP_INTERVAL,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if max_limit < 1:
            raise ValueError("concurrency must be >= 1")
        self.max_limit = max_limit
        self.adaptive = adaptive
        self._limit = float(max_limit if not adaptive else min(max(initial, 1), max_limit))
        self._ceiling: int | None = None  # learned from 429s / overload
        self._slow_start = True
        self._clock = clock
        self._ramp_interval = ramp_interval  # without a round trip measured
        self._rtt: float | None = None  # the shortest TCP handshake seen (``note_connect``)
        self._full_since: float | None = None  # slow start: when the limit was last filled
        self._proven = 0  # the most in flight (at sending) a successful call had
        self._held = 0  # the highest level slow start's ramp saw unrefused
        self._probe_first = probe_after_rounds
        self._probe_wait = probe_after_rounds  # rounds at the ceiling before probing above it
        self._probing = False
        self._step = 1
        self._good_since_congestion = 0  # successful calls since the last congestion signal
        self._cooldown = 0  # calls to ignore latency after a latency backoff
        self._samples = 0
        self._short: float | None = None
        self._long: float | None = None
        self._lock = threading.Lock()
        self._waiters: collections.deque[_Waiter] = collections.deque()
        # for ``_at_gate``: how many were in flight after each of the last requests was sent;
        # the last refusals (429) as (its send, the sends made before it came back)
        self._sent: collections.deque[int] = collections.deque(maxlen=_SENT_KEPT)
        self._refused: collections.deque[tuple[int, int]] = collections.deque(maxlen=_SENT_KEPT)
        self.in_flight = 0
        self.peak_in_flight = 0
        self.requests = 0
        self.throttled = 0
        self.calls = 0
        self.credits = 0
        self.credits_left: int | None = None  # Zoho's latest X-API-CREDITS-REMAINING
        self._credits_seq = -1  # the request whose answer said it

    # -- the controller (pure arithmetic, under the lock) -----------------------------------
    @property
    def limit(self) -> int:
        """Requests allowed in flight now."""
        return max(1, min(int(self._limit), self.max_limit))

    @property
    def ceiling(self) -> int | None:
        """The cap learned from 429s (None: none seen)."""
        return self._ceiling

    def on_result(self, kind: str, sent_in_flight: int, latency: float) -> None:
        """Feed one finished attempt: its kind (``OK``, ``THROTTLED``, ``OVERLOADED``), how
        many of ours were in flight when it was sent (itself included), its duration."""
        with self._lock:
            self._update(kind, sent_in_flight, latency)
            self._wake()

    def _update(self, kind: str, sent_in_flight: int, latency: float) -> None:
        if kind in (THROTTLED, SPENT):
            self.throttled += 1
        if not self.adaptive or kind in (FAILED, SPENT):
            return
        if kind == THROTTLED:
            # the cap is below what was in flight when this one went out; the first 429 of
            # slow start falls back to the level proven so far (the others of its wave were
            # sent above it too, and answers on their way make ``n - 1`` overestimate), where
            # a level the ramp saw held counts as the edition cap at or above it (caps lie on
            # the ladder: 11 held, 16 refused is cap 15, not 11, also when a call answered
            # before the job, e.g. the command line's metadata read, "proved" a level), and
            # so does the edition cap below ``n`` (a first wave refused at Free's 5 with
            # nothing held: 5, not the 1 that metadata read proved)
            cap = max(1, sent_in_flight - 1)
            if self._slow_start and self._proven:
                held = _next_cap(self._held - 1) if self._held else 0
                cap = min(cap, max(self._proven, held, _cap_below(sent_in_flight)))
            if self._probing and cap < self._proven:
                # a probe back towards a level that held once failed: that level is trusted
                # one less (a burst of someone else's costs one; a cap that truly went down
                # is followed down one failed probe at a time)
                self._proven -= 1
            self._limit = min(self._limit, float(cap))
            self._ceiling = min(self._ceiling, cap) if self._ceiling is not None else cap
            self._congested()
            return
        if kind == OVERLOADED:
            # not a cap: shrink, and grow back by one per round (the ceiling stays)
            self._limit = max(1.0, self._limit * BACKOFF)
            self._congested()
            return
        # a success: latency check (Gradient2-like), then growth
        if not self._latency_rose(latency):
            self._grow(sent_in_flight)

    def _latency_rose(self, latency: float) -> bool:
        """Feed a success's latency; whether it says the server queues (then back off)."""
        if latency > 0:
            if self._samples < WARMUP_SAMPLES:  # the long average starts as a plain mean
                self._samples += 1
                self._long = latency if self._long is None else self._long
                self._long += (latency - self._long) / self._samples
                self._short = self._long
            else:
                assert self._short is not None and self._long is not None
                self._short += _SHORT_ALPHA * (latency - self._short)
                self._long += _LONG_ALPHA * (latency - self._long)
        if self._cooldown:
            self._cooldown -= 1
        elif (
            self._samples >= WARMUP_SAMPLES
            and self._short is not None
            and self._long is not None
            and self._short > LATENCY_TOLERANCE * self._long
        ):
            self._limit = max(1.0, self._limit * BACKOFF)
            self._congested()
            self._cooldown = self.limit
            # the new latency is the new normal once it holds: follow it faster
            self._long = (self._long + self._short) / 2
            return True
        return False

    def _grow(self, sent_in_flight: int) -> None:
        """A success that found no congestion: slow start's or AIMD's growth, or a probe."""
        self._good_since_congestion += 1
        # not above the ceiling: answers on their way make our count of those in flight run
        # ahead of the server's, and a level "proven" that way would ratchet up
        top = self._ceiling if self._ceiling is not None else self.max_limit
        self._proven = max(self._proven, min(sent_in_flight, top))
        if self._slow_start:
            # +1 per success, but not past the next edition cap before the level below it
            # is proven (a success sent with that many in flight): at most one cap's step
            # of requests is refused when the org's cap is found
            step_to = _next_cap(self._proven)
            grown = min(self._limit + 1, float(step_to), float(self.max_limit))
            if int(grown) > self.limit:
                self._full_since = None  # the ramp times the new level from when it is filled
            self._limit = max(self._limit, grown)
            return
        ceiling = self._ceiling if self._ceiling is not None else self.max_limit
        if self._limit < ceiling:
            self._limit = min(self._limit + 1.0 / max(self._limit, 1.0), float(ceiling))
        elif ceiling < self.max_limit and (
            self._good_since_congestion >= self._rounds_before_probe(ceiling) * max(1, self.limit)
        ):
            # calm at the ceiling for the wait: try above it (the cap may have grown, or the
            # 429s were someone else's burst). A probe that held calls for a bigger one soon.
            # Below a level that succeeded before (a burst pushed it down): double after one
            # round, as slow start does, up to that level.
            if ceiling < self._proven:
                new = min(max(2 * ceiling, ceiling + 1), self._proven)
            else:
                if self._probing:  # the last probe held a round: that level is proven
                    self._step, self._probe_wait = min(self._step * 2, 8), 1
                    self._proven = max(self._proven, ceiling)
                new = ceiling + self._step
            self._probing = True
            self._ceiling = min(new, self.max_limit)
            self._limit = float(self._ceiling)
            self._good_since_congestion = 0

    def _rounds_before_probe(self, ceiling: int) -> int:
        return 1 if ceiling < self._proven else self._probe_wait

    def _congested(self) -> None:
        self._slow_start = False
        self._good_since_congestion = 0
        if self._probing:  # the probe failed: wait longer before the next one
            self._probe_wait = min(max(self._probe_wait * 2, self._probe_first), PROBE_MAX_ROUNDS)
        self._probing = False
        self._step = 1

    def explains(self, ticket: Ticket) -> bool:
        """Whether a 429 on the request of ``ticket`` is explained by our own concurrency
        (others of ours were in flight): its retry then waits for a slot rather than
        sleeping. Alone in flight, the 429 is not ours (credits, another app): back off."""
        return self.adaptive and ticket.in_flight > 1

    # -- slow start's ramp: growth in the first round trip, before any answer ---------------
    def note_connect(self, seconds: float) -> None:
        """A new connection's TCP handshake took ``seconds`` (one network round trip): the
        ramp's interval follows the shortest seen (``RTT_FACTOR``, ``RAMP_MIN_INTERVAL``)."""
        if seconds > 0:
            with self._lock:
                self._rtt = seconds if self._rtt is None else min(self._rtt, seconds)

    def ramp_interval(self) -> float:
        """How long a level must be in use with no 429 back before the ramp steps on."""
        if self._rtt is None:
            return self._ramp_interval
        return max(RAMP_MIN_INTERVAL, RTT_FACTOR * self._rtt)

    def _note_full(self) -> None:
        if self._slow_start and self._full_since is None and self.in_flight >= self.limit:
            self._full_since = self._clock()

    def _ramp(self, now: float) -> None:
        """Slow start: a level in use for ``ramp_interval`` with no 429 back holds (a refusal
        comes back at once), so the limit steps on: one above an edition cap (a probe of one
        request: at most one refusal when the cap is the edition's), or from such a probe
        that held, to the next edition cap (caps lie only on the ladder 5, 10, ..., 25)."""
        if (
            not self.adaptive
            or not self._slow_start
            or self._full_since is None
            or now - self._full_since < self.ramp_interval() - 1e-9
            or self._limit >= self.max_limit
        ):
            return
        level = self.limit
        self._held = max(self._held, level)
        step = level + 1 if _is_cap(level) else _next_cap(level) + 1
        self._limit = float(min(step, self.max_limit))
        self._full_since = None  # the new level holds once it is filled and stays unrefused

    def _until_step(self, unfilled: float | None) -> float | None:
        """Seconds until the ramp's next step (under the lock); ``unfilled`` while the level
        is not filled yet; None once the ramp is over."""
        if not (self.adaptive and self._slow_start) or self._limit >= self.max_limit:
            return None
        if self._full_since is None:
            return unfilled
        return max(0.0, self._full_since + self.ramp_interval() - self._clock())

    def ramp_due(self) -> float | None:
        """Seconds until slow start's next step of the ramp (None: none pending)."""
        with self._lock:
            return self._until_step(None)

    def advance(self) -> None:
        """Apply the ramp's growth due by now and hand out the slots it frees."""
        with self._lock:
            self._ramp(self._clock())
            self._wake()

    def ramp(self) -> float | None:
        """For a bulk engine waiting on answers: apply the ramp's growth due by now and hand
        out the slots it frees; then how long until its next step (None: none pending), so
        that the engine takes more work when the limit grows before any answer comes back
        (otherwise its take-ahead, sized from the limit when it began to wait, runs dry)."""
        with self._lock:
            self._ramp(self._clock())
            self._wake()
            return self._wait(self._until_step(self.ramp_interval()))

    def _wait_timeout(self) -> float | None:
        """How long a waiter (a thread, a task, the bulk engine) waits before it looks at the
        ramp again: until its next step, or while slow start's level is not filled yet, one
        ``ramp_interval`` (the slot that fills it may be taken by another thread, and taking
        a slot wakes no one); None once the ramp is over."""
        with self._lock:
            return self._wait(self._until_step(self.ramp_interval()))

    @staticmethod
    def _wait(until: float | None) -> float | None:
        return None if until is None else max(until, 0.001)

    # -- the slots ---------------------------------------------------------------------------
    def _take(self) -> Ticket:
        self.in_flight += 1
        self.requests += 1
        if self.in_flight > self.peak_in_flight:
            self.peak_in_flight = self.in_flight
        self._note_full()
        self._sent.append(self.in_flight)
        return Ticket(self._clock(), self.in_flight, self.requests)

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self.limit:
            waiter = self._waiters.popleft()
            self.in_flight += 1  # handed over; _granted counts the rest
            waiter.wake()

    def _granted(self) -> Ticket:
        with self._lock:
            self.in_flight -= 1  # _take counts it again
            return self._take()

    def try_acquire(self, *, first: bool = False) -> Ticket | None:
        """A slot if one is free now (and no one waits ahead, unless ``first``), else None."""
        with self._lock:
            self._ramp(self._clock())
            self._wake()
            if self.in_flight < self.limit and (first or not self._waiters):
                return self._take()
            return None

    def _enqueue(self, waiter: _Waiter, first: bool) -> Ticket | None:
        with self._lock:
            self._ramp(self._clock())
            self._wake()
            if self.in_flight < self.limit and (first or not self._waiters):
                return self._take()
            self._waiters.appendleft(waiter) if first else self._waiters.append(waiter)
            return None

    def acquire(self, *, first: bool = False) -> Ticket:
        """Wait for a slot (threads). ``first``: ahead of the waiting requests (a retry)."""
        waiter = _Waiter()
        ticket = self._enqueue(waiter, first)
        if ticket is not None:
            return ticket
        assert waiter.event is not None
        while not waiter.event.wait(self._wait_timeout()):
            self.advance()  # slow start's ramp: the waiters drive its clock
        return self._granted()

    async def acquire_async(self, *, first: bool = False) -> Ticket:
        """Wait for a slot (asyncio tasks). ``first``: ahead of the waiting requests."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        waiter = _Waiter(loop, future)
        ticket = self._enqueue(waiter, first)
        if ticket is not None:
            return ticket
        try:
            while not future.done():
                await asyncio.wait((future,), timeout=self._wait_timeout())
                if not future.done():
                    self.advance()
        except BaseException:
            with self._lock:
                if waiter.granted:  # the slot was handed over: give it back
                    self.in_flight -= 1
                    self._wake()
                else:
                    self._waiters.remove(waiter)
            raise
        return self._granted()

    def release(
        self, ticket: Ticket, kind: str | None, credits: int = 0, left: int | None = None
    ) -> None:
        """Give the slot back (``kind`` None: not sent, nothing learned). ``left``: the
        answer's ``X-API-CREDITS-REMAINING``; the answer to the request sent last wins (answers
        come back out of order: one sent earlier, read later, says more were left)."""
        latency = self._clock() - ticket.started
        with self._lock:
            self.in_flight -= 1
            if left is not None and ticket.seq >= self._credits_seq:
                self.credits_left, self._credits_seq = left, ticket.seq
            if kind is not None:
                if kind == OK:
                    self.calls += 1
                    self.credits += credits
                sent_in_flight = ticket.in_flight
                if kind == THROTTLED:
                    sent_in_flight = self._at_gate(ticket)
                    self._refused.append((ticket.seq, self.requests))
                self._update(kind, sent_in_flight, latency)
            self._wake()

    def _at_gate(self, ticket: Ticket) -> int:
        """How many of ours Zoho may have counted when ``ticket``'s request reached its gate,
        itself included (under the lock, before the request is noted as refused). The count
        when it was sent is not enough: a request sent after it may have reached the gate
        first (another connection, a thread slow to send after it took its slot), and counted
        at sending, its 429 put the ceiling one below the cap. So: the most in flight at any
        send from its own until now, less the requests in flight then that we know Zoho refused
        (it did not count them: a wave of refusals still says the cap is below its first)."""
        later = self.requests - ticket.seq  # sends made after it
        counts = list(self._sent)[-(later + 1) :]  # in flight after sends seq .. requests
        first = self.requests - len(counts) + 1
        # refusals still in flight at its send or after it
        refusals = [(sent, back) for sent, back in self._refused if back >= ticket.seq]
        # its own send forgotten (``_SENT_KEPT`` sends ago): its own count stands in for it
        most = ticket.in_flight if first > ticket.seq else 1
        for seq, count in enumerate(counts, first):
            refused = sum(1 for sent, back in refusals if sent <= seq <= back)
            most = max(most, count - refused)
        return most

    def stats(self) -> ClientStats:
        with self._lock:
            return ClientStats(
                concurrency=self.limit,
                max_concurrency=self.max_limit,
                adaptive=self.adaptive,
                in_flight=self.in_flight,
                peak_in_flight=self.peak_in_flight,
                requests=self.requests,
                throttled=self.throttled,
                calls=self.calls,
                credits=self.credits,
                credits_left=self.credits_left,
            )


def _next_cap(level: int) -> int:
    """The next edition cap above ``level`` (past the last, the next multiple of 5)."""
    for cap in C.EDITION_CONCURRENCY:
        if cap > level:
            return cap
    return (level // 5 + 1) * 5


def _cap_below(level: int) -> int:
    """The highest edition cap below ``level`` (0: none; past the last, multiples of 5)."""
    return max((c for c in range(5, level, 5) if _is_cap(c)), default=0)


def _is_cap(level: int) -> bool:
    """Whether ``level`` is on the ladder of edition caps (past the last: multiples of 5)."""
    if level > C.EDITION_CONCURRENCY[-1]:
        return level % 5 == 0
    return level in C.EDITION_CONCURRENCY


def kind_of_status(status: int) -> str:
    """What an answer's status tells the controller."""
    if status == 429:
        return THROTTLED
    if status in (502, 503, 504):
        return OVERLOADED
    if status >= 500:
        return FAILED
    return OK
