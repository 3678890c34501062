"""The suite can fail: each deliberately broken server is caught by the check that should catch it.

A broken server is the emulator behind a middleware that breaks one rule (``broken.py``). The
runs are short (fewer examples, the operations the variant concerns), in-process over ASGI.
"""

from __future__ import annotations

import pytest

from contract_tests.server.broken import EXPECTED_CHECK, VARIANTS, broken
from contract_tests.server.runner import run_contract
from contract_tests.server.target import DEFAULT_TOKEN, Target
from contract_tests.settings import RunSettings

# Product and operations each variant is run on (enough for the break to show, and quick).
SCOPE: dict[str, tuple[str, tuple[str, ...]]] = {
    "wrong_status": ("bigin", ("getRecord", "getFields")),
    "missing_required_field": ("bigin", ("updateRecords", "getRecord")),
    "undocumented_error_code": ("bigin", ("updateRecords", "getRecord")),
    "accepts_invalid_body": ("bigin", ("updateRecords",)),
    "drops_a_result": ("bigin", ("updateRecords", "upsertRecords")),
    "method_not_allowed": ("bigin", ("getRecord", "updateRecord")),
    "stale_read": ("bigin", ("upsertRecords", "updateRecord", "getRecord")),
    "numeric_record_ids": ("bigin", ("updateRecords",)),
    "ignores_if_unmodified_since": ("crm", ("updateRecord", "getRecord")),
    "ignores_auth": ("bigin", ("getRecord",)),
}


def test_every_variant_is_scoped():
    assert set(SCOPE) == set(VARIANTS)


@pytest.fixture(scope="module")
def proof_settings(contract_settings: RunSettings) -> RunSettings:
    return contract_settings.with_overrides(max_examples=min(contract_settings.max_examples, 15))


@pytest.mark.parametrize("variant", VARIANTS)
def test_broken_server_fails_the_contract(variant, proof_settings):
    from zoho_emulator import EmulatorConfig, create_app

    product, operations = SCOPE[variant]
    app = broken(create_app(EmulatorConfig()), variant, token=DEFAULT_TOKEN)
    report = run_contract(
        product,
        Target(name=f"broken:{variant}", token=DEFAULT_TOKEN, app=app),
        proof_settings,
        operations=operations,
    )
    expected = EXPECTED_CHECK[variant]
    assert expected in report.failed_checks(), (
        f"{variant}: expected `{expected}` to fail; failed checks: {sorted(report.failed_checks())}\n"
        + report.summary()
    )
