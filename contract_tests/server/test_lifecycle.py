"""The record lifecycle step of the gate (contract_tests/server/lifecycle.py): it passes against
the emulator and names the operation when a server breaks one of its rules."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.server import lifecycle
from contract_tests.server.runner import CheckFailure
from contract_tests.server.target import DEFAULT_TOKEN, Target


def _target() -> tuple[Target, Any]:
    from zoho_emulator import create_app

    app = create_app()
    return Target(name="emulator-asgi", token=DEFAULT_TOKEN, app=app), app.state.emulator.backend


@pytest.mark.parametrize("product", ["crm", "bigin"])
def test_lifecycle_passes_against_the_emulator_and_leaves_nothing(product: str) -> None:
    target, backend = _target()
    before = {m: set(r) for m, r in backend.products[product].records.items()}
    assert lifecycle.run_lifecycle(product, target, CheckFailure) == []
    after = {m: set(r) for m, r in backend.products[product].records.items()}
    assert after == before


def test_a_target_whose_credits_are_spent_is_told_apart() -> None:
    # a 429 with X-API-CREDITS-REMAINING: the gate says the credits look spent, not only 429
    from zoho_emulator import EmulatorConfig, create_app

    app = create_app(EmulatorConfig(daily_credits=1))  # the insert's credit, then nothing
    target = Target(name="emulator-asgi", token=DEFAULT_TOKEN, app=app)
    (failure,) = lifecycle.run_lifecycle("crm", target, CheckFailure)
    assert failure.operation == "getRecord" and failure.status_code == 429
    assert "X-API-CREDITS-REMAINING 0: the target's API credits" in failure.message


def test_a_delete_that_keeps_the_record_readable_fails_at_get_record() -> None:
    target, backend = _target()
    from zoho_emulator.models import Deleted

    backend.delete_records = lambda product, module, ids, **kw: [Deleted(i) for i in ids]
    (failure,) = lifecycle.run_lifecycle("crm", target, CheckFailure)
    assert failure.check == "zoho_record_lifecycle" and failure.operation == "getRecord"
    assert "deleted" in failure.message and failure.status_code == 200


def test_paging_that_repeats_a_record_fails_at_get_records() -> None:
    target, backend = _target()
    real = backend.get_records

    def repeating(product: str, module: str, args: Any) -> Any:
        page = real(product, module, args)
        if args.page_token is not None:
            page.records = page.records * 2
        return page

    backend.get_records = repeating
    (failure,) = lifecycle.run_lifecycle("crm", target, CheckFailure)
    assert failure.operation == "getRecords" and "each of" in failure.message


def test_a_search_that_misses_a_written_record_fails_at_search() -> None:
    target, backend = _target()
    real = backend.search_records

    def forgetful(product: str, module: str, args: Any) -> Any:
        page = real(product, module, args)
        page.records = page.records[1:]
        return page

    backend.search_records = forgetful
    (failure,) = lifecycle.run_lifecycle("bigin", target, CheckFailure)
    assert failure.operation == "searchRecords"
