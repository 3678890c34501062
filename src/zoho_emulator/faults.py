"""Injected faults, for testing clients against a misbehaving server.

A :class:`FaultRule` matches requests by path (regular expression, searched) and method, and
fires with a probability, at most ``count`` times (None = no limit), after skipping the first
``after`` matching requests. Kinds:

- ``latency``: add ``latency_ms`` before handling (combines with the others);
- ``error``: answer ``status`` (default 500) with ``INTERNAL_ERROR``;
- ``throttle``: answer 429 ``TOO_MANY_REQUESTS`` (with ``Retry-After`` when ``retry_after``);
- ``drop``: drop the connection without a complete response.

Rules come from :class:`~zoho_emulator.EmulatorConfig` and ``POST /_emulator/faults``.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("latency", "error", "throttle", "drop")
DEFAULT_PATH = r"^/(crm|bigin)/"


@dataclass
class FaultRule:
    kind: str
    path: str = DEFAULT_PATH
    method: str | None = None
    probability: float = 1.0
    count: int | None = None
    after: int = 0
    latency_ms: float = 0.0
    status: int = 500
    retry_after: int | None = None
    # runtime counters
    seen: int = field(default=0, compare=False)
    fired: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"fault kind must be one of {KINDS}, not {self.kind!r}")
        if not 0.0 <= float(self.probability) <= 1.0:
            raise ValueError("probability must be within 0..1")
        # a bad value is refused here, not met by a request later (a status "abc" used to
        # crash the request it fired on; a status 200 answered an error as a success)
        if type(self.status) is not int or not 400 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP error status (400..599), not {self.status!r}")
        for name in ("latency_ms", "after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a number of 0 or more, not {value!r}")
        for name in ("count", "retry_after"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int or value < 0):
                raise ValueError(f"{name} must be a whole number of 0 or more, not {value!r}")
        if self.method is not None and type(self.method) is not str:
            raise ValueError(f"method must be a string such as PUT, not {self.method!r}")
        try:
            self._re = re.compile(self.path)
        except (re.error, TypeError) as exc:
            raise ValueError(f"path must be a regular expression: {exc}") from None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FaultRule:
        allowed = {k for k in cls.__dataclass_fields__ if k not in ("seen", "fired")}
        unknown = set(d) - allowed
        if unknown:
            raise ValueError(f"unknown fault keys: {sorted(unknown)}")
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d


class FaultInjector:
    def __init__(self, rules: list[FaultRule] | None = None, seed: int | None = 0) -> None:
        self.lock = threading.Lock()
        self.rules: list[FaultRule] = list(rules or [])
        self.rng = random.Random(seed)

    def set(self, rules: list[FaultRule]) -> None:
        with self.lock:
            self.rules = list(rules)

    def add(self, rules: list[FaultRule]) -> None:
        with self.lock:
            self.rules.extend(rules)

    def clear(self) -> None:
        with self.lock:
            self.rules = []

    def pick(self, method: str, path: str) -> tuple[float, FaultRule | None]:
        """(latency seconds to add, terminal rule to apply or None)."""
        if not self.rules:
            return 0.0, None
        delay, terminal = 0.0, None
        with self.lock:
            for r in self.rules:
                if r.method and r.method.upper() != method:
                    continue
                if not r._re.search(path):
                    continue
                if r.kind != "latency" and terminal is not None:
                    continue
                r.seen += 1
                if r.seen <= r.after:
                    continue
                if r.count is not None and r.fired >= r.count:
                    continue
                if r.probability < 1.0 and self.rng.random() >= r.probability:
                    continue
                r.fired += 1
                if r.kind == "latency":
                    delay += r.latency_ms / 1000.0
                else:
                    terminal = r
        return delay, terminal
