"""The server contract: every operation of both bundles against the target.

The target is the emulator (in-process over ASGI and over HTTP on 127.0.0.1) unless
``--base-url``/``ZOHO_BASE_URL`` names another server. Each run is one schemathesis engine run per
product (every phase, positive and negative, every check); the tests below read its report.
"""

from __future__ import annotations

import pytest

from contract_tests.server.bundle import OPERATIONS, PRODUCTS

OPERATION_PARAMS = [
    pytest.param(product, operation, id=f"{product}-{operation}")
    for product in PRODUCTS
    for operation in OPERATIONS[product]
]


@pytest.mark.parametrize(("product", "operation"), OPERATION_PARAMS)
def test_operation_meets_the_contract(contract_report, target_name, product, operation):
    report = contract_report(target_name, product)
    assert report.cases_by_operation[operation] > 0, f"{operation} was never called"
    failures = report.failures_for(operation)
    errors = report.errors_for(operation)
    details = "\n\n".join([failure.render() for failure in failures[:10]] + errors[:5])
    assert not failures and not errors, (
        f"{operation} broke the contract ({len(failures)} failures, {len(errors)} errors):\n{details}"
    )


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_phase_ran(contract_report, target_name, product):
    report = contract_report(target_name, product)
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert report.cases_by_phase[phase] > 0, (
            f"phase {phase} sent no request: {report.summary()}"
        )
    assert report.stateful_transitions > 0, "the stateful phase found no links to follow"
    assert not [
        error for error in report.errors if error.split(":")[0] not in OPERATIONS[product]
    ], report.errors
    assert not report.gate_errors, "\n\n".join(report.gate_errors)
    run_failures = [failure for failure in report.failures if failure.operation == "(run)"]
    assert not run_failures, "\n".join(failure.render() for failure in run_failures)
