"""Per-run state shared by the runner, our checks and the live guard.

Schemathesis hands a check only ``(ctx, response, case)``. The runner marks the schema it loads with
a run id (``x-zoho-contract-run``) and registers a ``RunState`` under it; a check finds its run
through ``case.operation.schema.raw_schema``. Runs in the same process stay apart.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

RUN_KEY = "x-zoho-contract-run"

_RUNS: dict[str, RunState] = {}
_LOCK = threading.Lock()


@dataclass(slots=True)
class RunState:
    run_id: str
    product: str
    token: str
    live: bool
    guard: Any = None  # live_guard.LiveGuard for a live run
    extra: dict[str, Any] = field(default_factory=dict)


def open_run(
    spec: dict[str, Any], *, product: str, token: str, live: bool, guard: Any = None
) -> RunState:
    state = RunState(run_id=uuid.uuid4().hex, product=product, token=token, live=live, guard=guard)
    spec[RUN_KEY] = state.run_id
    with _LOCK:
        _RUNS[state.run_id] = state
    return state


def close_run(state: RunState) -> None:
    with _LOCK:
        _RUNS.pop(state.run_id, None)


def run_state_for(case: Any) -> RunState | None:
    try:
        run_id = case.operation.schema.raw_schema.get(RUN_KEY)
    except AttributeError:
        return None
    if run_id is None:
        return None
    return _RUNS.get(run_id)
