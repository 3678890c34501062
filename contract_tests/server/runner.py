"""Run the schemathesis engine for one product against one target, and summarise the result.

The engine runs every phase (examples, coverage, fuzzing, stateful through the spec's links) in
positive and negative modes with every check: the built-in ones, ours (``zoho_checks``) and the
adapted ones that replace three built-ins (``settings.ADAPTED_CHECKS``). pytest and the
``zoho-contract`` command both run the contract through ``run_contract``.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.core.result import Ok
from schemathesis.engine import events, from_schema
from schemathesis.engine.errors import ServerUnavailable

from contract_tests.server import (  # noqa: F401 - registers hooks and checks
    lifecycle,
    live_guard,
    zoho_checks,
)
from contract_tests.server.bundle import Product, load_bundle
from contract_tests.server.run_state import close_run, open_run
from contract_tests.server.target import Target
from contract_tests.settings import RunSettings, schemathesis_config

STATEFUL = "stateful"
# What each phase does, for the progress notes of ``zoho-contract``.
PHASE_NOTES = {
    "examples": "the spec's examples",
    "coverage": "boundary and invalid values, wrong methods",
    "fuzzing": "random valid and invalid requests",
    "stateful": "sequences of calls through the spec's links",
}
# Distinct failures listed in a summary (one screen); --details shows the rest.
SUMMARY_GROUPS = 20
# Operations in a row that ended in a network error (timeouts): the target stopped answering.
NETWORK_ERRORS_TO_STOP = 3


def _is_network_error(error: BaseException) -> bool:
    import requests

    # what schemathesis calls a "Network Error": refused, reset, timed out, cut off mid-answer
    return isinstance(error, requests.RequestException)


def _raised_by_app(error: BaseException) -> bool:
    """Whether ``error`` was raised inside an in-process (ASGI) target while it handled a
    request: schemathesis' adapter runs the app in a function ``run`` of its ``send``."""
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if (
            getattr(code, "co_qualname", code.co_name).endswith("send.<locals>.run")
            and Path(code.co_filename).parts[-2:] == ("python", "asgi.py")
            and tb.tb_next is not None
        ):
            return True
        tb = tb.tb_next
    return False


def is_target_error(error: BaseException) -> bool:
    """Whether an error that ended a case comes from the target (no answer, a cut connection, an
    operation that stopped answering, an exception inside an in-process target) rather than from
    the gate's own machinery (its spec, hypothesis, schemathesis, a check or hook of ours)."""
    from schemathesis.engine.errors import UnhealthyAPIError, UnresponsiveOperationError

    if isinstance(error, (ServerUnavailable, UnhealthyAPIError, UnresponsiveOperationError)):
        return True
    return _is_network_error(error) or _raised_by_app(error)


@dataclass(frozen=True, slots=True)
class CheckFailure:
    """One failed check on one request."""

    check: str
    operation: str  # operationId (label when the operation has none)
    phase: str
    status_code: int | None
    title: str
    message: str
    curl: str

    @property
    def headline(self) -> str:
        """One line saying what broke (a custom check's title says only that it failed)."""
        if self.title.startswith("Custom check failed") and self.message.strip():
            return _first_line(self.message)
        return _first_line(self.title)

    def render(self, limit: int = 2000) -> str:
        status = "" if self.status_code is None else f" -> {self.status_code}"
        message = self.message if len(self.message) <= limit else self.message[:limit] + " ..."
        curl = self.curl if len(self.curl) <= limit else self.curl[:limit] + " ... (truncated)"
        return f"[{self.check}] {self.operation} ({self.phase}{status}): {self.title}\n{message}\n{curl}"


@dataclass(slots=True)
class ContractReport:
    """What one run did and found."""

    product: str
    target: str
    seed: int | None
    operations: list[str] = field(default_factory=list)
    cases_by_phase: Counter[str] = field(default_factory=Counter)
    cases_by_operation: Counter[str] = field(default_factory=Counter)
    failures: list[CheckFailure] = field(default_factory=list)
    # errors that ended a case because of the target (a network error, an operation that
    # stopped answering): part of the verdict on the target
    errors: list[str] = field(default_factory=list)
    # errors of the gate's own machinery (hypothesis, schemathesis, a check or hook of ours, the
    # spec): no verdict on the target, ``zoho-contract`` exits 2 on them
    gate_errors: list[str] = field(default_factory=list)
    stateful_transitions: int = 0
    elapsed: float = 0.0
    # records the target wrote (success items): 0 means no success rule was checked
    record_writes: int = 0
    # the target stopped answering: what schemathesis saw (the last requests as curl commands)
    stopped: str | None = None
    stopped_after: float = 0.0

    @property
    def cases(self) -> int:
        return sum(self.cases_by_phase.values())

    @property
    def ok(self) -> bool:
        return (
            not self.failures and not self.errors and not self.gate_errors and self.stopped is None
        )

    def failure_groups(self) -> list[tuple[CheckFailure, int]]:
        """Identical failures (same check, operation, status and title) once each, with a count,
        in the order first seen."""
        groups: dict[tuple[str, str, int | None, str], list[Any]] = {}
        for failure in self.failures:
            key = (failure.check, failure.operation, failure.status_code, failure.title)
            if key in groups:
                groups[key][1] += 1
            else:
                groups[key] = [failure, 1]
        return [(first, count) for first, count in groups.values()]

    def error_groups(self) -> list[tuple[str, int]]:
        """Errors grouped by their first line, with a count."""
        return _grouped(self.errors)

    def failures_by_check(self) -> Counter[str]:
        return Counter(failure.check for failure in self.failures)

    def failed_checks(self) -> set[str]:
        return {failure.check for failure in self.failures}

    def failures_for(self, operation: str) -> list[CheckFailure]:
        return [failure for failure in self.failures if failure.operation == operation]

    def errors_for(self, operation: str) -> list[str]:
        return [error for error in self.errors if error.startswith(f"{operation}:")]

    def summary(self) -> str:
        """A few lines: the counts, then one line per group of identical failures."""
        phases = ", ".join(
            f"{phase} {count}" for phase, count in sorted(self.cases_by_phase.items())
        )
        groups = self.failure_groups()
        lines = [
            f"{self.product} against {self.target}: {len(self.operations)} operations, "
            f"{self.cases} cases ({phases}), {len(self.failures)} failures "
            f"({len(groups)} distinct), {len(self.errors)} errors, "
            + (f"{len(self.gate_errors)} gate errors, " if self.gate_errors else "")
            + f"{self.record_writes} records written, {self.elapsed:.1f}s, seed {self.seed}",
        ]
        for failure, count in groups[:SUMMARY_GROUPS]:
            status = "" if failure.status_code is None else f" -> {failure.status_code}"
            times = f" (x{count})" if count > 1 else ""
            lines.append(
                f"  {failure.check}: {failure.operation}{status}: {failure.headline}{times}"
            )
        if len(groups) > SUMMARY_GROUPS:
            lines.append(
                f"  ... and {len(groups) - SUMMARY_GROUPS} more distinct failures "
                f"(--details {len(groups)} shows them all)"
            )
        for error, count in self.error_groups():
            times = f" (x{count})" if count > 1 else ""
            lines.append(f"  error: {_first_line(error)}{times}")
        for error, count in _grouped(self.gate_errors):
            times = f" (x{count})" if count > 1 else ""
            lines.append(f"  gate error: {_first_line(error)}{times}")
        return "\n".join(lines)

    def details(self, limit: int = 5) -> str:
        """The first ``limit`` groups of failures in full, with a curl to reproduce each."""
        blocks = []
        for failure, count in self.failure_groups()[:limit]:
            times = f"\n({count} failures like this one)" if count > 1 else ""
            blocks.append(failure.render() + times)
        blocks.extend(error for error, _ in self.error_groups()[:limit])
        blocks.extend(error for error, _ in _grouped(self.gate_errors)[:limit])
        return "\n\n".join(blocks)


def _grouped(errors: list[str]) -> list[tuple[str, int]]:
    """``errors`` grouped by their first line, with a count, in the order first seen."""
    counts: Counter[str] = Counter(error.splitlines()[0] if error else error for error in errors)
    return list(counts.items())


def _first_line(text: str, limit: int = 160) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


# Options of the schemathesis command line that upstream messages suggest (`--report=har`,
# `--url`, `--suppress-health-check=...`): ``zoho-contract`` has none of them, so the lines that
# name them are dropped from what it prints.
_UPSTREAM_OPTION = re.compile(r"`--[a-z][a-z-]*(=[^`]*)?`")


def without_upstream_tips(text: str) -> str:
    """``text`` without schemathesis' tips about options ``zoho-contract`` does not have."""
    kept = [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith("Tip:") and not _UPSTREAM_OPTION.search(line)
    ]
    return "\n".join(kept).strip("\n")


def _operation_name(operation: Any) -> str:
    raw = operation.definition.raw
    if isinstance(raw, dict) and isinstance(raw.get("operationId"), str):
        return raw["operationId"]
    return operation.label


def load_schema(
    product: Product,
    target: Target,
    settings: RunSettings,
    *,
    spec: dict[str, Any] | None = None,
    operations: Iterable[str] | None = None,
    guard: Any = None,
) -> tuple[Any, Any]:
    """The schemathesis schema for a run, and the run state our checks find it by."""
    target.ensure_allowed()
    spec = spec if spec is not None else load_bundle(product)
    state = open_run(spec, product=product, token=target.token, live=target.is_live, guard=guard)
    state.extra["base_url"] = target.base_url if target.app is None else None
    config = schemathesis_config(
        settings,
        token=target.token,
        base_url=None if target.app is not None else target.base_url,
        live=target.is_live,
    )
    schema = schemathesis.openapi.from_dict(spec, config=config)
    if target.app is not None:
        schema.app = target.app
    if operations is not None:
        schema = schema.include(operation_id=list(operations))
    if guard is not None:
        guard.install(schema)
    return schema, state


def run_contract(
    product: Product,
    target: Target,
    settings: RunSettings,
    *,
    spec: dict[str, Any] | None = None,
    operations: Iterable[str] | None = None,
    junit: Any = None,
    guard: Any = None,
    progress: Callable[[str], None] | None = None,
) -> ContractReport:
    """Run the whole contract of ``product`` against ``target``.

    ``operations`` limits the run to some operationIds; ``junit`` is a ``JunitReport`` to add to;
    ``progress`` is called with a short note as each phase starts.
    """
    target.ensure_allowed()
    if guard is None and target.is_live:
        guard = _seeded_live_guard(product, target)
    schema, state = load_schema(
        product, target, settings, spec=spec, operations=operations, guard=guard
    )
    report = ContractReport(product=product, target=target.name, seed=settings.seed)
    labels = _operation_labels(schema)
    report.operations = sorted(set(labels.values()))
    started = time.monotonic()
    stream = from_schema(schema).execute()
    try:
        reader = _EventReader(report, labels, target, junit, schema, stream, started)
        reader.progress = progress
        reader.read_all()
        if report.stopped is None and operations is None:
            if progress is not None:
                progress(f"{product}: record lifecycle (insert, read, page, search, delete)")
            # issue 13: insert, read back, page, search, delete, read the deleted record
            report.failures += lifecycle.run_lifecycle(product, target, CheckFailure)
    finally:
        _end_run(report, state, target, guard)
    report.elapsed = time.monotonic() - started
    return report


def _seeded_live_guard(product: Product, target: Target) -> live_guard.LiveGuard:
    """The guard of a live run, its own records created first."""
    assert target.base_url is not None
    guard = live_guard.LiveGuard(product=product, base_url=target.base_url, token=target.token)
    guard.seed()
    return guard


def _operation_labels(schema: Any) -> dict[str, str]:
    """schemathesis' label of each operation -> its operationId (the label when it has none)."""
    return {
        op.ok().label: _operation_name(op.ok())
        for op in schema.get_all_operations()
        if isinstance(op, Ok)
    }


def _end_run(report: ContractReport, state: Any, target: Target, guard: Any) -> None:
    """Whatever way the run ended: count the records written, close the run state, and let the
    guard delete what a live run created (what it could not delete is an error)."""
    report.record_writes = state.extra.get("record_writes", 0)
    close_run(state)
    if guard is None:
        return
    guard.uninstall()
    if target.is_live:
        left = guard.cleanup()
        if left:
            report.errors.append(f"cleanup: could not delete records the run created: {left}")


class _EventReader:
    """Reads the engine's events into ``report``, and stops the engine once the target stops
    answering (schemathesis says it is unavailable, or ``NETWORK_ERRORS_TO_STOP`` operations
    in a row met a network error)."""

    def __init__(
        self,
        report: ContractReport,
        labels: dict[str, str],
        target: Target,
        junit: Any,
        schema: Any,
        stream: Any,
        started: float,
    ) -> None:
        self.report = report
        self.labels = labels
        self.target = target
        self.junit = junit
        self.schema = schema
        self.stream = stream
        self.started = started
        self.network_errors_in_a_row = 0
        self.network_errors: list[tuple[float, str]] = []  # (when, the error in the report)
        self.progress: Callable[[str], None] | None = None
        self.phases_seen: set[str] = set()

    def read_all(self) -> None:
        for event in self.stream:
            if self.report.stopped is not None:
                continue  # stream.stop() was called: let the engine wind down
            self.read(event)
        if self.report.stopped is not None and self.junit is not None:
            self.junit.error(f"{self.report.product} target stopped answering", self.report.stopped)

    def read(self, event: Any) -> None:
        report = self.report
        if isinstance(event, events.ScenarioFinished):
            _record_scenario(report, event, self.junit, self.schema)
            if any(
                interaction.response is not None
                for interaction in event.recorder.interactions.values()
            ):
                self.network_errors_in_a_row = 0
        elif isinstance(event, events.NonFatalError):
            self.non_fatal_error(event)
        elif isinstance(event, events.FatalError):
            # the engine itself failed: nothing the target did
            report.gate_errors.append(
                f"the engine stopped: {type(event.exception).__name__}: {event.exception}"
            )
            if self.junit is not None:
                self.junit.error(f"{report.product} engine", report.gate_errors[-1])
        elif isinstance(event, events.PhaseStarted):
            if event.payload is not None:
                report.stateful_transitions = event.payload.transitions_selected
            self.phase_started(str(event.phase.name.value))
        elif isinstance(event, events.EngineFinished):
            report.failures.extend(_after_run_failure(failure) for failure in event.failures)

    def phase_started(self, phase: str) -> None:
        if self.progress is None or phase in self.phases_seen or phase not in PHASE_NOTES:
            return
        self.phases_seen.add(phase)
        self.progress(f"{self.report.product}: {phase} phase ({PHASE_NOTES[phase]})")

    def non_fatal_error(self, event: events.NonFatalError) -> None:
        """An error of one operation: an error of the report, the sign of an outage, or an error
        of the gate itself (``is_target_error``)."""
        if not is_target_error(event.value):
            self.gate_error(event)
            return
        unavailable = isinstance(event.value, ServerUnavailable)
        network = _is_network_error(event.value)
        if unavailable or (network and self.network_errors_in_a_row + 1 >= NETWORK_ERRORS_TO_STOP):
            self.forget_recent_network_errors()
        if unavailable:
            # schemathesis confirmed it (connection refused or reset, then no answer to a few
            # probes): nothing more can be learnt from this target
            self.stop(without_upstream_tips(str(event.value)))
            return
        if network:
            self.network_errors_in_a_row += 1
            if self.network_errors_in_a_row >= NETWORK_ERRORS_TO_STOP:
                self.stop(self.outage(event))
                return
        else:
            self.network_errors_in_a_row = 0
        message = without_upstream_tips(event.info.format())
        self.report.errors.append(f"{self.labels.get(event.label, event.label)}: {message}")
        if network:
            self.network_errors.append((time.monotonic(), self.report.errors[-1]))
        if self.junit is not None:
            self.junit.error(f"{self.report.product} {event.label}", message)

    def gate_error(self, event: events.NonFatalError) -> None:
        """An error of the gate's machinery: named (type and message) on its first line, then
        schemathesis' account of it (with the traceback, for a bug report)."""
        error = event.value
        where = self.labels.get(event.label, event.label)
        self.report.gate_errors.append(
            f"{where}: {type(error).__name__}: {_first_line(str(error), 300)}\n"
            + without_upstream_tips(event.info.format())
        )
        if self.junit is not None:
            self.junit.error(f"{self.report.product} {event.label}", self.report.gate_errors[-1])

    def forget_recent_network_errors(self) -> None:
        """The network errors just before an outage are the outage (its verdict shows the last
        requests), not errors of the operations that met them."""
        recent = {error for when, error in self.network_errors if when >= time.monotonic() - 30}
        self.report.errors = [error for error in self.report.errors if error not in recent]

    def outage(self, event: events.NonFatalError) -> str:
        """The verdict on a target that stopped answering: schemathesis' text without its title
        ("Network Error") and tips, i.e. what failed and the request to reproduce it."""
        text = event.info.format()
        title = event.info.title or ""
        if title and text.startswith(title):
            text = text[len(title) :].lstrip()
        return (
            f"{self.target.base_url or self.target.name} did not answer "
            f"{self.network_errors_in_a_row} operations in a row. The last:\n"
            + without_upstream_tips(text)
        )

    def stop(self, verdict: str) -> None:
        self.report.stopped = verdict
        self.report.stopped_after = time.monotonic() - self.started
        self.stream.stop()


def _after_run_failure(failure: Any) -> CheckFailure:
    """A failure of a check that runs once the engine is done (not tied to one request)."""
    return CheckFailure(
        check=type(failure).__name__,
        operation="(run)",
        phase="after_run",
        status_code=None,
        title=failure.title,
        message=without_upstream_tips(failure.message),
        curl="",
    )


def _record_scenario(
    report: ContractReport, event: events.ScenarioFinished, junit: Any, schema: Any
) -> None:
    recorder = event.recorder
    phase = str(event.phase.value)
    by_operation: dict[str, list[str]] = defaultdict(list)
    for case_id, node in recorder.cases.items():
        by_operation[_operation_name(node.value.operation)].append(case_id)
        report.cases_by_operation[_operation_name(node.value.operation)] += 1
    report.cases_by_phase[phase] += len(recorder.cases)
    seen: set[tuple[str, str, str]] = set()
    for case_id, checks in recorder.checks.items():
        node = recorder.cases.get(case_id)
        for check in checks:
            info = check.failure_info
            if info is None:
                continue
            failure = info.failure
            case_for_failure = recorder.cases.get(failure.case_id or case_id, node)
            operation = (
                _operation_name(case_for_failure.value.operation) if case_for_failure else "?"
            )
            key = (check.name, operation, failure.title)
            if key in seen:  # the same failure seen again while hypothesis shrinks it
                continue
            seen.add(key)
            interaction = recorder.interactions.get(failure.case_id or case_id)
            status = (
                interaction.response.status_code if interaction and interaction.response else None
            )
            report.failures.append(
                CheckFailure(
                    check=check.name,
                    operation=operation,
                    phase=phase,
                    status_code=status,
                    title=failure.title,
                    message=without_upstream_tips(failure.message),
                    curl=info.code_sample,
                )
            )
    if junit is not None:
        junit.scenario(report.product, phase, event, by_operation, schema)


class JunitReport:
    """A JUnit XML report: one test case per product, operation and phase."""

    def __init__(self, path: Path) -> None:
        from schemathesis.reporting.junitxml import JunitXmlWriter

        self.path = path
        self.writer = JunitXmlWriter(path)
        self.output_config: Any = None

    def scenario(
        self,
        product: str,
        phase: str,
        event: events.ScenarioFinished,
        by_operation: dict[str, list[str]],
        schema: Any,
    ) -> None:
        from schemathesis.reporting.recorders import grouped_failures_from_recorder

        self.output_config = schema.config.output
        groups = grouped_failures_from_recorder(event.recorder)
        if not by_operation:
            if event.label:
                self.writer.record_scenario(
                    label=f"{product} {event.label} [{phase}]",
                    elapsed_sec=event.elapsed_time,
                    failures=[],
                    skip_reason=event.skip_reason,
                    config=self.output_config,
                )
            return
        for operation, case_ids in by_operation.items():
            ids = set(case_ids)
            self.writer.record_scenario(
                label=f"{product} {operation} [{phase}]",
                elapsed_sec=event.elapsed_time / len(by_operation),
                failures=[group for group in groups if group.case_id in ids],
                skip_reason=None,
                config=self.output_config,
            )

    def error(self, label: str, message: str) -> None:
        self.writer.record_error(label, message)

    def close(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.writer.close()
