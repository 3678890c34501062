"""A call that fails as a whole (a mass update of a custom view, the field metadata read) was
told as "HTTP 400 INVALID_DATA: invalid data", without the field or id Zoho's ``details`` name;
a row Zoho refuses is told with them (``[field Next_Step, maximum_length 100]``). The error
line now carries them the same way."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_records.cli import main

pytestmark = pytest.mark.timeout(60)


def run(env: Any, *argv: str) -> list[str]:
    return [*argv, "--base-url", env.base_url, "--no-progress"]


def test_a_refused_mass_update_of_a_view_names_the_field(env: Any, capsys: Any) -> None:
    argv = ["mass-update", "--module", "Accounts", "--cvid", "554023000000091515"]
    assert main(run(env, *argv, "--set", "Industry=Not an industry", "--no-metadata")) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "zoho-records: error: HTTP 400 INVALID_DATA: invalid data [field Industry]"
    )


def test_an_unknown_view_names_the_id(env: Any, capsys: Any) -> None:
    argv = ["mass-update", "--module", "Accounts", "--cvid", "1", "--set", "Industry=Education"]
    assert main(run(env, *argv)) == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("zoho-records: error: HTTP 400 INVALID_DATA: ")
    assert last.endswith("[field cvid, at $.cvid, id 1]"), last
