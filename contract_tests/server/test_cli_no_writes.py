"""``zoho-contract`` does not pass a target on which no write succeeded: the rules of successful
writes would have gone unchecked (found by testing a hand-written wrong server whose data did
not hold the documentation's sample records)."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.cli import main
from zoho_emulator.dataset import default_dataset
from zoho_emulator.testing import EmulatorServer

pytestmark = pytest.mark.timeout(300)


def without_records() -> dict[str, Any]:
    data = default_dataset()
    for product in ("crm", "bigin"):
        for module in data[product]["records"]:
            data[product]["records"][module] = []
    return data


def test_a_run_that_wrote_nothing_fails_unless_allowed(capsys) -> None:
    with EmulatorServer(data=without_records()) as server:
        args = ["--base-url", server.base_url, "--token", server.token, "--product", "crm"]
        args += ["--max-examples", "3", "--seed", "1", "--details", "0"]
        assert main(args) == 1
        captured = capsys.readouterr()
        assert "0 records written" in captured.out
        assert "no record was written" in captured.err and "--allow-no-writes" in captured.err
        assert main([*args, "--allow-no-writes"]) == 0
