"""Emulator configuration."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import zoho_wire_facts as wire

from .auth import TokenSpec
from .faults import FaultRule
from .limits import Latency, LoadProfile

DEFAULT_TOKEN = "zoho-emulator-token"
DEFAULT_CLIENT_ID = "emulator-client-id"
DEFAULT_CLIENT_SECRET = "emulator-client-secret"
DEFAULT_REFRESH_TOKEN = "emulator-refresh-token"


@dataclass
class EmulatorConfig:
    """Everything the emulator can be told at start.

    ``tokens``: access tokens allowed in: a mapping token -> scopes (None or ``"*"`` = all
    scopes; a comma-separated string or an iterable of scope names), or an iterable of
    :class:`~zoho_emulator.auth.TokenSpec` / ``"TOKEN"`` / ``"TOKEN=scope1,scope2"``. Default:
    ``{"zoho-emulator-token": all scopes}``.
    ``data``: a dataset file (JSON/YAML) or mapping; default the packaged dataset.
    ``db``: SQLite file to persist state in (None = in memory).
    ``job_step_seconds``: mass-update job pacing (0: each status poll advances one step, and a
    job nobody polls ends 10 s after it was scheduled).
    ``faults``: :class:`~zoho_emulator.faults.FaultRule` objects or dicts.
    ``max_concurrent_requests``: over this many requests in flight -> 429 (None = no limit, or
    the edition's).
    ``edition`` (``free``, ``standard``, ``professional``, ``enterprise``, ``ultimate``) with
    ``users`` (user licences, default 1): Zoho's limits of that edition (``limits``): its
    concurrency cap, a sub-concurrency cap of 10 for heavy calls, its credits per rolling 24
    hours. ``sub_concurrency`` and ``daily_credits`` set those caps on their own (and override
    the edition's); ``latency`` (``"200ms"``, ``"100ms-400ms"`` uniform, drawn with ``seed``)
    delays every answer of the API. ``clock`` (seconds, default ``time.monotonic``) drives the
    credit window: tests pass their own. All off by default.
    ``api_domain``: what the OAuth endpoint answers as api_domain (None = the request's origin).
    ``extra_operations``: deprecated, no effect (insert, upsert, get records, search and delete
    are in the wire contract since spec 2.2.0 and always served).
    ``control_token``: when set, the control endpoints (``/_emulator/...``) answer only requests
    with the header ``X-Emulator-Control-Token: <it>`` (401 otherwise). ``zoho-emulator serve``
    sets one whenever it listens on an address other than loopback.
    """

    tokens: Any = None
    data: str | os.PathLike[str] | Mapping[str, Any] | None = None
    db: str | os.PathLike[str] | None = None
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    refresh_tokens: Mapping[str, Iterable[str] | None] = field(
        default_factory=lambda: {DEFAULT_REFRESH_TOKEN: None}
    )
    token_expires_in: int = 3600
    api_domain: str | None = None
    job_step_seconds: float = 0.0
    max_records_per_call: int = wire.RECORDS_PER_REQUEST
    mass_update_max_ids: int = wire.MASS_UPDATE_IDS_PER_REQUEST
    mass_update_max_records: int = wire.MASS_UPDATE_RECORDS_PER_JOB
    max_body_bytes: int = 8 * 1024 * 1024
    max_concurrent_requests: int | None = None
    edition: str | None = None
    users: int | None = None
    sub_concurrency: int | None = None
    daily_credits: int | None = None
    latency: str | Latency | None = None
    clock: Callable[[], float] | None = None
    faults: list[Any] = field(default_factory=list)
    seed: int | None = 0
    extra_operations: bool = False
    control_token: str | None = None

    def token_specs(self) -> dict[str, TokenSpec]:
        src = self.tokens
        if src is None:
            src = {DEFAULT_TOKEN: None}
        out: dict[str, TokenSpec] = {}
        if isinstance(src, Mapping):
            for tok, scopes in src.items():
                if isinstance(scopes, TokenSpec):
                    out[tok] = scopes
                else:
                    out[tok] = TokenSpec.make(tok, None if scopes in (None, "*") else scopes)
        else:
            for item in src:
                spec = item if isinstance(item, TokenSpec) else TokenSpec.parse_cli(str(item))
                out[spec.token] = spec
        return out

    def fault_rules(self) -> list[FaultRule]:
        return [
            f if isinstance(f, FaultRule) else FaultRule.from_dict(dict(f)) for f in self.faults
        ]

    def refresh_token_scopes(self) -> dict[str, frozenset[str] | None]:
        return {
            k: (None if v is None else frozenset(s.lower() for s in v))
            for k, v in self.refresh_tokens.items()
        }

    def load_profile(self) -> LoadProfile:
        """The limits to emulate (``limits.LoadProfile``); a ValueError names a bad value."""
        return LoadProfile.from_mapping({k: getattr(self, k) for k in LoadProfile.KEYS})
