"""Report options a new user got wrong and was not told: ``--resend-unknown`` without
``--resume`` was taken and did nothing (an insert's unknown rows are sent again only from the
report of the run that left them); ``--report FILE/r.csv`` under a file was said to be under
"the folder FILE", which "does not exist"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import request_log, write_csv

pytestmark = pytest.mark.timeout(120)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress"]


@pytest.mark.parametrize("command", ["insert", "upsert"])
def test_resend_unknown_without_resume_is_refused(
    env: Any, tmp_path: Path, capsys: Any, command: str
) -> None:
    src = write_csv(tmp_path / "d.csv", ["Deal_Name", "Stage"], [["X", "Qualification"]])
    argv = [command, "--product", "crm", "--module", "Deals", "--file", str(src)]
    assert main([*argv, "--resend-unknown", *target(env)]) == 2
    assert capsys.readouterr().err == (
        "zoho-records: error: --resend-unknown goes with --resume REPORT (it sends again the "
        "rows that report says may have been written): add --resume, or drop --resend-unknown\n"
    )
    assert not request_log(env)


def test_resend_unknown_with_resume_is_taken(env: Any, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "d.csv", ["Deal_Name", "Stage"], [["X", "Qualification"]])
    report = tmp_path / "r.csv"
    argv = ["insert", "--module", "Deals", "--file", str(src), "--resume", str(report)]
    assert main([*argv, "--resend-unknown", *target(env)]) == 0


def test_a_report_under_a_file_says_it_is_a_file(env: Any, tmp_path: Path, capsys: Any) -> None:
    src = write_csv(tmp_path / "d.csv", ["Deal_Name", "Stage"], [["X", "Qualification"]])
    (tmp_path / "notes").write_text("")
    report = tmp_path / "notes" / "r.csv"
    argv = ["insert", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*argv, *target(env)]) == 2
    assert capsys.readouterr().err == (
        f"zoho-records: error: --report {report}: {tmp_path / 'notes'} is a file, not a folder\n"
    )
    assert not request_log(env)
