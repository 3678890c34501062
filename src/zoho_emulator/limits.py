"""Zoho's API limits, emulated: edition profiles, a latency model, a rolling 24-hour credit
window, the concurrency gates and their counters. Everything is off unless configured
(:class:`~zoho_emulator.EmulatorConfig` ``edition``, ``users``, ``daily_credits``,
``max_concurrent_requests``, ``sub_concurrency``, ``latency``; ``zoho-emulator serve
--edition ... --latency ...``; ``POST /_emulator/limits`` at run time).

What Zoho documents, and where (the facts gathered for issue 14):

- Concurrency per org and app by edition: Free 5, Standard 10, Professional 15, Enterprise 20,
  Ultimate 25 (Kaizen #203, https://help.zoho.com/portal/de/community/topic/kaizen-203-
  answering-your-questions-handling-api-limits-and-error-responses: "Apps are capped at
  concurrent requests based on CRM edition: Free (5), Standard (10), Professional (15),
  Enterprise (20), Ultimate (25)"; the same table on the v8 API-limits page,
  https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html).
- Sub-concurrency: 10 for all editions for the resource-intensive calls: get records with
  ``cvid`` or ``sort_by``, insert/update/upsert of more than 10 records, convert lead, COQL,
  composite (v8 API-limits page: "The sub-concurrency limit for the above APIs is 10 for all
  the CRM editions"). A heavy call holds a slot of both gates.
- Credits per rolling 24 hours: Free 5,000; Standard 50,000 + 250 per user licence, at most
  100,000; Professional 50,000 + 500 per user, at most 3,000,000; Enterprise 50,000 + 1,000
  per user, at most 5,000,000; Ultimate 50,000 + 2,000 per user, no maximum
  (https://www.zoho.com/crm/developer/docs/api/v4/api-limits.html and
  https://www.zoho.com/crm/help/api/api-limits.html, the same table; the available credits
  are the formula capped at the edition's maximum, Kaizen #34).
- The window: "for every API call, we will check the API credits consumed in the last 24
  hours to see whether the current API call can be allowed or not ... The API credits you used
  at each time interval will be freed up after 24 hours corresponding to each time interval"
  (Kaizen #93, https://help.zoho.com/portal/en/community/topic/credit-calculation-and-
  concurrency-in-zoho-crm-apis). Here the interval is one second (``RESOLUTION``): credits
  spent within the same second are freed together, 24 hours after that second began.
- Credits per call (https://www.zoho.com/developer/docs/vertical-solutions/api/v2/
  api-limits.html and https://www.zoho.com/bigin/developer/docs/apis/api-limits.html, the
  platform's published tables): insert/update/upsert "1 credit for every 10 records" (so 1 to
  10 for the 1 to 100 records of a call; related-list updates counted the same way), get
  records with ``cvid`` 3, get deleted records 2, convert lead 5 (v8 page's example), every
  other call 1 ("All other APIs"). Mass update is not in the tables: 1.
- Over any limit: HTTP 429 ``TOO_MANY_REQUESTS`` ("Number of API requests for the 24 hour
  period is exceeded or the concurrency limit of the user for the app is exceeded", Zoho's
  status codes), the spec's error body, no ``Retry-After`` (none is documented); the status
  does not say which limit was reached (the counters at ``GET /_emulator/stats`` do).
- ``X-API-CREDITS-REMAINING``: the credits left in the window, in the answers once at least
  half the day's credits are used (v8 API-limits page).

Inferred where Zoho is silent (COVERAGE.md lists them): every authenticated call the limits
let through is charged, whatever its answer (a scope mismatch too: the token was valid);
calls whose token is refused (401) or whose URL matches nothing (404) and the limits' own
429s are not, nor is the OAuth token endpoint (Zoho Accounts), which shares the concurrency
gate and the latency with the API, as it did before the limits.

The latency model (``"200ms"``, ``"0.2s"``, or uniform between two values, ``"100ms-400ms"``)
makes each answer (whatever its status, but 429) of every path but the control endpoints go a
draw after its request arrived (a generator seeded with the config's ``seed``), the call
holding its concurrency slots meanwhile. The handler's own work is within the draw, as Zoho's
is within a latency measured against Zoho (work that takes longer is not cut short): with a
latency model, a call takes what the model says, not the model plus this machine's time to
handle it (which made the physical minimum, calls / cap x latency, out of reach for any client:
raw httpx at cap 25 lost 0.05 of it to the emulator's work alone).
"""

from __future__ import annotations

import math
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .exceptions import ZohoError
from .request import loads

if TYPE_CHECKING:
    from .request import Req

WINDOW_SECONDS = 24 * 60 * 60
RESOLUTION = 1.0  # seconds: credits spent within one are kept (and freed) together
SUB_CONCURRENCY = 10
RECORDS_PER_CREDIT = 10
MAX_WRITE_CREDITS = 10  # "the maximum number of credits that the system deducts ... is 10"
CREDITS_HEADER = "X-API-CREDITS-REMAINING"
HEADER_FROM = 0.5  # the header appears once this share of the day's credits is used


@dataclass(frozen=True)
class Edition:
    """A Zoho CRM edition's limits: concurrent calls, and credits per rolling 24 hours."""

    name: str
    concurrency: int
    base_credits: int
    credits_per_user: int
    max_credits: int | None  # None: no maximum

    def daily_credits(self, users: int) -> int:
        """The credits available per rolling 24 hours with ``users`` user licences."""
        formula = self.base_credits + users * self.credits_per_user
        return formula if self.max_credits is None else min(formula, self.max_credits)


EDITIONS: dict[str, Edition] = {
    e.name: e
    for e in (
        Edition("free", 5, 5_000, 0, 5_000),
        Edition("standard", 10, 50_000, 250, 100_000),
        Edition("professional", 15, 50_000, 500, 3_000_000),
        Edition("enterprise", 20, 50_000, 1_000, 5_000_000),
        Edition("ultimate", 25, 50_000, 2_000, None),
    )
}

_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>ms|s)?\s*$")
LATENCY_FORMS = "a duration such as 200ms or 0.2s, or a range such as 100ms-400ms"


def _duration_ms(text: str, unit: str | None) -> float | None:
    m = _DURATION.match(text)
    if m is None or (m.group("unit") or unit) is None:
        return None
    value = float(m.group("n"))
    return value * 1000.0 if (m.group("unit") or unit) == "s" else value


@dataclass(frozen=True)
class Latency:
    """Each answer takes ``low_ms`` to ``high_ms`` milliseconds (uniform; constant if equal)."""

    low_ms: float
    high_ms: float

    def __post_init__(self) -> None:
        if not 0 <= self.low_ms <= self.high_ms < math.inf:
            raise ValueError(f"latency must go from 0 or more to a finite high, not {self}")

    @classmethod
    def parse(cls, text: str) -> Latency:
        """``"200ms"``, ``"0.2s"``, ``"100ms-400ms"`` or ``"100-400ms"`` (unit of the last)."""
        if type(text) is not str:
            raise ValueError(f"latency must be {LATENCY_FORMS}, not {text!r}")
        low, sep, high = text.partition("-")
        last = _DURATION.match(high) if sep else None
        lo = _duration_ms(low, last.group("unit") if last else None)
        hi = _duration_ms(high, None) if sep else lo
        if lo is None or hi is None:
            raise ValueError(f"latency must be {LATENCY_FORMS}, not {text.strip()!r}")
        if lo > hi:
            raise ValueError(f"latency range {text.strip()!r} must go from low to high")
        return cls(lo, hi)

    def draw(self, rng: random.Random) -> float:
        """One answer's delay, in seconds."""
        if self.low_ms == self.high_ms:
            return self.low_ms / 1000.0
        return rng.uniform(self.low_ms, self.high_ms) / 1000.0

    def __str__(self) -> str:
        if self.low_ms == self.high_ms:
            return f"{self.low_ms:g}ms"
        return f"{self.low_ms:g}ms-{self.high_ms:g}ms"


def _count(name: str, value: Any, least: int) -> int:
    if type(value) is not int or value < least:
        raise ValueError(f"{name} must be a whole number of {least} or more, not {value!r}")
    return value


@dataclass(frozen=True)
class LoadProfile:
    """What the limits are, as given; ``concurrency``, ``sub_concurrency_cap`` and
    ``credits_limit`` are what they come to (an explicit value wins over the edition's)."""

    edition: str | None = None
    users: int | None = None
    max_concurrent_requests: int | None = None
    sub_concurrency: int | None = None
    daily_credits: int | None = None
    latency: Latency | None = None

    KEYS = (
        "edition",
        "users",
        "max_concurrent_requests",
        "sub_concurrency",
        "daily_credits",
        "latency",
    )

    def __post_init__(self) -> None:
        if self.edition is not None and self.edition not in EDITIONS:
            raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {self.edition!r}")
        if self.users is not None:
            _count("users", self.users, 1)
            if self.edition is None:
                raise ValueError("users (user licences) needs an edition: its credits per user")
        for name in ("max_concurrent_requests", "sub_concurrency", "daily_credits"):
            value = getattr(self, name)
            if value is not None:
                _count(name, value, 1)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> LoadProfile:
        """From config values or a control request's body; ``latency`` may be text."""
        unknown = sorted(set(values) - set(cls.KEYS))
        if unknown:
            raise ValueError(f"unknown keys {unknown}; use {list(cls.KEYS)}")
        kw = dict(values)
        latency = kw.get("latency")
        if latency is not None and not isinstance(latency, Latency):
            kw["latency"] = Latency.parse(latency)
        return cls(**kw)

    @property
    def concurrency(self) -> int | None:
        if self.max_concurrent_requests is not None:
            return self.max_concurrent_requests
        return EDITIONS[self.edition].concurrency if self.edition else None

    @property
    def sub_concurrency_cap(self) -> int | None:
        if self.sub_concurrency is not None:
            return self.sub_concurrency
        return SUB_CONCURRENCY if self.edition else None

    @property
    def credits_limit(self) -> int | None:
        if self.daily_credits is not None:
            return self.daily_credits
        if self.edition is None:
            return None
        return EDITIONS[self.edition].daily_credits(self.users or 1)

    def to_dict(self) -> dict[str, Any]:
        """The limits in effect, under the names :meth:`from_mapping` takes."""
        return {
            "edition": self.edition,
            "users": (self.users or 1) if self.edition else None,
            "max_concurrent_requests": self.concurrency,
            "sub_concurrency": self.sub_concurrency_cap,
            "daily_credits": self.credits_limit,
            "latency": None if self.latency is None else str(self.latency),
        }

    def describe(self) -> str | None:
        """One line for the server's start message (None when nothing is limited)."""
        parts = []
        if self.edition:
            parts.append(f"edition {self.edition} with {self.users or 1} user licence(s)")
        if self.concurrency is not None:
            parts.append(f"{self.concurrency} calls in flight")
        if self.sub_concurrency_cap is not None:
            parts.append(f"{self.sub_concurrency_cap} heavy calls in flight")
        if self.credits_limit is not None:
            parts.append(f"{self.credits_limit:,} credits per rolling 24 hours")
        if self.latency is not None:
            parts.append(f"latency {self.latency}")
        return ", ".join(parts) if parts else None


def limit_reached() -> ZohoError:
    """Zoho's answer over any limit: the spec's ``TOO_MANY_REQUESTS`` body, no Retry-After."""
    return ZohoError(code="TOO_MANY_REQUESTS", message="too many requests", status=429)


# ---------------------------------------------------------------------------------------------
# what a call costs

WRITES = frozenset({"update_records", "insert_records", "upsert_records", "update_related"})


def records_in(name: str, req: Req) -> int:
    """How many records a write carries (1 for anything else, or a body the handler refuses)."""
    if name not in WRITES:
        return 1
    try:
        doc = loads(req.body)
    except Exception:
        return 1
    data = doc.get("data") if type(doc) is dict else None
    return len(data) if type(data) is list and data else 1


def call_cost(name: str, req: Req, records: int) -> int:
    """The credits a call costs (the module docstring's table)."""
    if name in WRITES:
        return min(MAX_WRITE_CREDITS, math.ceil(records / RECORDS_PER_CREDIT))
    path = req.path.rstrip("/")
    if path.endswith("/actions/convert"):
        return 5
    if req.method == "GET":
        if path.endswith("/deleted"):
            return 2
        if name == "get_records" and req.query.get("cvid"):
            return 3
    return 1


def is_heavy(name: str, req: Req, records: int) -> bool:
    """Whether a call counts against the sub-concurrency limit."""
    if name in WRITES:
        return records > RECORDS_PER_CREDIT
    if name == "get_records":
        q = req.query
        return bool(q.get("cvid") or q.get("sort_by"))
    path = req.path.rstrip("/")
    return path.endswith(("/actions/convert", "/coql", "/__composite_requests"))


# ---------------------------------------------------------------------------------------------
# the rolling window


class CreditWindow:
    """Credits spent in the last 24 hours, against a limit; ``clock`` gives seconds. (Locked:
    a test or ``EmulatorServer.stats`` may read it from another thread than the server's.)"""

    def __init__(
        self,
        limit: int,
        clock: Callable[[], float],
        window: float = WINDOW_SECONDS,
        resolution: float = RESOLUTION,
    ) -> None:
        self.limit = limit
        self.clock = clock
        self.window = window
        self.resolution = resolution
        self._spent: deque[list[float]] = deque()  # [interval start, credits], oldest first
        self._used = 0
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        spent = self._spent
        while spent and spent[0][0] + self.window <= now:
            self._used -= int(spent.popleft()[1])

    def used(self) -> int:
        """Credits spent in the last 24 hours."""
        with self._lock:
            self._expire(self.clock())
            return self._used

    def remaining(self) -> int:
        return max(0, self.limit - self.used())

    def spend(self, cost: int) -> bool:
        """Charge ``cost`` if the window allows it (used + cost <= limit); whether it did."""
        with self._lock:
            now = self.clock()
            self._expire(now)
            if self._used + cost > self.limit:
                return False
            start = math.floor(now / self.resolution) * self.resolution
            if self._spent and self._spent[-1][0] == start:
                self._spent[-1][1] += cost
            else:
                self._spent.append([start, cost])
            self._used += cost
            return True


# ---------------------------------------------------------------------------------------------
# the gates and their counters


class LoadModel:
    """The limits in force, the calls in flight and the counters behind ``/_emulator/stats``.

    The app calls :meth:`enter` when a request of the API arrives (429 over the concurrency
    cap), :meth:`admit` once it is authenticated (429 over the sub-concurrency cap or the
    credits), :meth:`draw_latency` before it answers, :meth:`release` and :meth:`leave` when
    it is done. All of that runs on the server's event loop (the credit window alone is also
    read from other threads, and locked).
    """

    def __init__(
        self, profile: LoadProfile, seed: int | None = 0, clock: Callable[[], float] | None = None
    ) -> None:
        self.seed = seed
        self.clock = clock or time.monotonic
        self.in_flight = 0
        self.heavy_in_flight = 0
        self.configure(profile)

    def configure(self, profile: LoadProfile) -> None:
        """Apply ``profile``: a fresh credit window, a reseeded latency and zeroed counters."""
        self.profile = profile
        self.cap = profile.concurrency
        self.sub_cap = profile.sub_concurrency_cap
        self.latency = profile.latency
        self.rng = random.Random(self.seed)
        limit = profile.credits_limit
        self.credits = None if limit is None else CreditWindow(limit, self.clock)
        self.metered = self.credits is not None or self.sub_cap is not None
        self.zero()

    def zero(self) -> None:
        """Zero the counters (the credit window and the calls in flight stay)."""
        self.requests = 0
        self.peak = self.in_flight
        self.peak_heavy = self.heavy_in_flight
        self.throttled = {"concurrency": 0, "sub_concurrency": 0, "credits": 0, "injected": 0}
        self.credits_spent = 0
        self.delays: list[float] = [0.0, math.inf, 0.0, 0.0]  # count, min, max, total (s)

    def enter(self) -> None:
        """A request arrives: count it, refuse it over the concurrency cap."""
        self.requests += 1
        if self.cap is not None and self.in_flight >= self.cap:
            self.throttled["concurrency"] += 1
            raise limit_reached()
        self.in_flight += 1
        if self.in_flight > self.peak:
            self.peak = self.in_flight

    def leave(self) -> None:
        self.in_flight -= 1

    def admit(self, name: str, req: Req) -> bool:
        """An authenticated call to operation ``name``: refuse it over the sub-concurrency cap
        or the credits left, else charge it. Whether it holds a sub-concurrency slot."""
        records = records_in(name, req)
        heavy = self.sub_cap is not None and is_heavy(name, req, records)
        if heavy and self.heavy_in_flight >= (self.sub_cap or 0):
            self.throttled["sub_concurrency"] += 1
            raise limit_reached()
        if self.credits is not None:
            cost = call_cost(name, req, records)
            if not self.credits.spend(cost):
                self.throttled["credits"] += 1
                raise limit_reached()
            self.credits_spent += cost
        if heavy:
            self.heavy_in_flight += 1
            if self.heavy_in_flight > self.peak_heavy:
                self.peak_heavy = self.heavy_in_flight
        return heavy

    def release(self) -> None:
        """A heavy call is done: free its sub-concurrency slot."""
        self.heavy_in_flight -= 1

    def draw_latency(self) -> float:
        """The delay of one answer (seconds), counted in the stats; 0 without a model."""
        if self.latency is None:
            return 0.0
        delay = self.latency.draw(self.rng)
        d = self.delays
        d[0] += 1
        d[1] = min(d[1], delay)
        d[2] = max(d[2], delay)
        d[3] += delay
        return delay

    def credit_headers(self, extra: dict[str, str] | None) -> dict[str, str] | None:
        """``extra`` plus ``X-API-CREDITS-REMAINING`` once half the day's credits are used."""
        window = self.credits
        if window is None or window.used() < HEADER_FROM * window.limit:
            return extra
        return {**(extra or {}), CREDITS_HEADER: str(window.remaining())}

    def stats(self) -> dict[str, Any]:
        """The counters, as ``GET /_emulator/stats`` answers them."""
        window = self.credits
        credits = None
        if window is not None:
            used = window.used()
            credits = {
                "limit": window.limit,
                "used": used,
                "remaining": max(0, window.limit - used),
                "spent": self.credits_spent,
            }
        count, low, high, total = self.delays
        return {
            "limits": self.profile.to_dict(),
            "requests": self.requests,
            "in_flight": self.in_flight,
            "peak_concurrency": self.peak,
            "heavy_in_flight": self.heavy_in_flight,
            "peak_heavy_concurrency": self.peak_heavy,
            "throttled": dict(self.throttled),
            "throttled_total": sum(self.throttled.values()),
            "credits": credits,
            "latency_ms": {
                "count": int(count),
                "min": round(low * 1000, 3) if count else None,
                "max": round(high * 1000, 3) if count else None,
                "mean": round(total / count * 1000, 3) if count else None,
                "total": round(total * 1000, 3),
            },
        }
