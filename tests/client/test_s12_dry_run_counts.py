"""The dry run's verdict wrote its counts bare ("dry run of 60000 row(s)") on the line above
the cost line's "60,000 row(s)"; both now use thousands separators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import deal_ids, write_csv

pytestmark = pytest.mark.timeout(120)


def test_the_dry_runs_counts_have_thousands_separators(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    rid = deal_ids(1)[0]
    rows = [[str(10**17 + i), "Closed Won"] for i in range(1200)] + [[rid, "Nope"]] * 1001
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], rows)
    argv = ["update", "--module", "Deals", "--file", str(src), "--dry-run"]
    assert main([*argv, "--base-url", env.base_url, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "zoho-records: dry run of 2,201 row(s) against the crm spec: 1,001 problem(s); " in err
