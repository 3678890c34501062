"""``zoho-records fields --module Deals | head -2``: when the reader of stdout went away
before the command wrote all it had (a race the reader often wins; ``| head -0`` always), the
command ended with a BrokenPipeError traceback (and a second one from the interpreter's flush
at exit). It now ends quietly with 141, the status a shell gives a command SIGPIPE ended."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import pytest

from zoho_records.cli import main

pytestmark = pytest.mark.timeout(60)


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_fields_into_a_closed_pipe_ends_quietly(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["fields", "--module", "Deals", "--base-url", env.base_url]) == 141
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["fields", "--module", "Deals"],
        ["mass-update", "--module", "Accounts", "--cvid", "554023000000091515"]
        + ["--set", "Industry=Education", "--no-wait"],
    ],
)
def test_a_process_whose_stdout_reader_is_gone_says_nothing(env: Any, argv: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader went away before anything was written (`| head -0`)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zoho_records.cli", *argv, "--base-url", env.base_url],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "ZOHO_ACCESS_TOKEN": env.token},
        )
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""
