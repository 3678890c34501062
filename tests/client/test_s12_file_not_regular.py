"""``--file -`` (rows piped in) was told "-: no such file", and ``--file /dev/stdin`` "is not a
file (a directory?)": neither says that the rows must be in a file (they are read twice: counted
and checked before anything is sent, then sent). Each now says what it is and what to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

SAVE = "not a file: save the rows in a .csv, .tsv, .jsonl or .json file and pass that"


def test_a_dash_is_told_as_standard_input(capsys: Any) -> None:
    assert main(["update", "--module", "Deals", "--file", "-", "--base-url", "http://h"]) == 2
    assert capsys.readouterr().err == (
        f"zoho-records: error: --file - is standard input, a pipe or a device, {SAVE}\n"
    )


def test_a_directory_is_told_as_one(tmp_path: Path, capsys: Any) -> None:
    argv = ["update", "--module", "Deals", "--file", str(tmp_path), "--base-url", "http://h"]
    assert main(argv) == 2
    assert (
        capsys.readouterr().err
        == f"zoho-records: error: --file {tmp_path} is a directory, {SAVE}\n"
    )


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_a_pipe_is_told_as_one() -> None:
    argv = ["update", "--module", "Deals", "--file", "/dev/stdin", "--base-url", "http://h"]
    done = subprocess.run(
        [sys.executable, "-m", "zoho_records.cli", *argv],
        input="id,Stage\n1,Won\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"ZOHO_ACCESS_TOKEN": "t", "PATH": ""},
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"zoho-records: error: --file /dev/stdin is standard input, a pipe or a device, {SAVE}\n"
    )


def test_a_missing_file_is_told_as_before(tmp_path: Path, capsys: Any) -> None:
    missing = tmp_path / "nope.csv"
    argv = ["update", "--module", "Deals", "--file", str(missing), "--base-url", "http://h"]
    assert main(argv) == 2
    assert capsys.readouterr().err == f"zoho-records: error: {missing}: no such file\n"
