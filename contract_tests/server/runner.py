"""Run the schemathesis engine for one product against one target, and summarise the result.

The engine runs every phase (examples, coverage, fuzzing, stateful through the spec's links) in
positive and negative modes with every check: the built-in ones, ours (``zoho_checks``) and the
adapted ones that replace three built-ins (``settings.ADAPTED_CHECKS``). pytest and the
``zoho-contract`` command both run the contract through ``run_contract``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.core.result import Ok
from schemathesis.engine import events, from_schema

from contract_tests.server import live_guard, zoho_checks  # noqa: F401 - registers hooks and checks
from contract_tests.server.bundle import Product, load_bundle
from contract_tests.server.run_state import close_run, open_run
from contract_tests.server.target import Target
from contract_tests.settings import RunSettings, schemathesis_config

STATEFUL = "stateful"


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
    errors: list[str] = field(default_factory=list)
    stateful_transitions: int = 0
    elapsed: float = 0.0
    # records the target wrote (success items): 0 means no success rule was checked
    record_writes: int = 0

    @property
    def cases(self) -> int:
        return sum(self.cases_by_phase.values())

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    def failures_by_check(self) -> Counter[str]:
        return Counter(failure.check for failure in self.failures)

    def failed_checks(self) -> set[str]:
        return {failure.check for failure in self.failures}

    def failures_for(self, operation: str) -> list[CheckFailure]:
        return [failure for failure in self.failures if failure.operation == operation]

    def errors_for(self, operation: str) -> list[str]:
        return [error for error in self.errors if error.startswith(f"{operation}:")]

    def summary(self) -> str:
        phases = ", ".join(
            f"{phase} {count}" for phase, count in sorted(self.cases_by_phase.items())
        )
        lines = [
            f"{self.product} against {self.target}: {len(self.operations)} operations, "
            f"{self.cases} cases ({phases}), {len(self.failures)} failures, {len(self.errors)} errors, "
            f"{self.record_writes} records written, {self.elapsed:.1f}s, seed {self.seed}",
        ]
        for check, count in sorted(self.failures_by_check().items()):
            operations = sorted({f.operation for f in self.failures if f.check == check})
            lines.append(f"  {check}: {count} ({', '.join(operations)})")
        for error in self.errors:
            lines.append(f"  error: {error.splitlines()[0] if error else error}")
        return "\n".join(lines)

    def details(self, limit: int = 5) -> str:
        """The first failures of each check, with a curl to reproduce them."""
        shown: Counter[str] = Counter()
        blocks = []
        for failure in self.failures:
            if shown[failure.check] >= limit:
                continue
            shown[failure.check] += 1
            blocks.append(failure.render())
        blocks.extend(self.errors)
        return "\n\n".join(blocks)


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
) -> ContractReport:
    """Run the whole contract of ``product`` against ``target``.

    ``operations`` limits the run to some operationIds; ``junit`` is a ``JunitReport`` to add to.
    """
    target.ensure_allowed()
    if guard is None and target.is_live:
        assert target.base_url is not None
        guard = live_guard.LiveGuard(product=product, base_url=target.base_url, token=target.token)
        guard.seed()
    schema, state = load_schema(
        product, target, settings, spec=spec, operations=operations, guard=guard
    )
    report = ContractReport(product=product, target=target.name, seed=settings.seed)
    labels = {
        op.ok().label: _operation_name(op.ok())
        for op in schema.get_all_operations()
        if isinstance(op, Ok)
    }
    report.operations = sorted(set(labels.values()))
    started = time.monotonic()
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                _record_scenario(report, event, junit, schema)
            elif isinstance(event, events.NonFatalError):
                report.errors.append(
                    f"{labels.get(event.label, event.label)}: {event.info.format()}"
                )
                if junit is not None:
                    junit.error(f"{product} {event.label}", event.info.format())
            elif isinstance(event, events.FatalError):
                report.errors.append(f"fatal: {event.exception!r}")
            elif isinstance(event, events.PhaseStarted) and event.payload is not None:
                report.stateful_transitions = event.payload.transitions_selected
            elif isinstance(event, events.EngineFinished):
                for failure in event.failures:
                    report.failures.append(
                        CheckFailure(
                            check=type(failure).__name__,
                            operation="(run)",
                            phase="after_run",
                            status_code=None,
                            title=failure.title,
                            message=failure.message,
                            curl="",
                        )
                    )
    finally:
        report.record_writes = state.extra.get("record_writes", 0)
        close_run(state)
        if guard is not None:
            guard.uninstall()
            if target.is_live:
                left = guard.cleanup()
                if left:
                    report.errors.append(
                        f"cleanup: could not delete records the run created: {left}"
                    )
    report.elapsed = time.monotonic() - started
    return report


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
                    message=failure.message,
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
