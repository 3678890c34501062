"""ZOHO_DC and ZOHO_ENVIRONMENT are the defaults of --dc and --environment, which argparse
checks against their choices only when typed: ``ZOHO_DC=mars`` without credentials was told
"no credentials for mars: ...", and with them "unknown Zoho data centre 'mars': use one of
... or base_url=...", a keyword of the library, neither naming the variable to fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import write_csv

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def no_zoho_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("ZOHO_DC", "ZOHO_ENVIRONMENT", "ZOHO_BASE_URL", "ZOHO_ACCOUNTS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in ("ZOHO_ACCESS_TOKEN", "ZOHO_REFRESH_TOKEN", "ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("token", [None, "t"])
@pytest.mark.parametrize(
    ("name", "value", "known"),
    [
        ("ZOHO_DC", "mars", "au, ca, cn, eu, in, jp, sa, us"),
        ("ZOHO_ENVIRONMENT", "prod", "developer, production, sandbox"),
    ],
)
def test_a_bad_value_from_the_environment_names_its_variable(
    no_zoho_env: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: Any,
    name: str,
    value: str,
    known: str,
    token: str | None,
) -> None:
    no_zoho_env.setenv(name, value)
    if name == "ZOHO_ENVIRONMENT":
        no_zoho_env.setenv("ZOHO_DC", "eu")
    if token is not None:
        no_zoho_env.setenv("ZOHO_ACCESS_TOKEN", token)
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [["1", "Won"]])
    assert main(["update", "--module", "Deals", "--file", str(src)]) == 2
    assert capsys.readouterr().err == (
        f"zoho-records: error: {name}={value!r} (from the environment) is not one of {known}: "
        "set it to one of them, or unset it\n"
    )


def test_a_value_in_other_case_is_still_taken(
    no_zoho_env: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    no_zoho_env.setenv("ZOHO_DC", " EU ")
    no_zoho_env.setenv("ZOHO_BASE_URL", "http://127.0.0.1:9")  # (were anything sent: not Zoho)
    no_zoho_env.setenv("ZOHO_ACCESS_TOKEN", "t")
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [["1", "Won"]])
    argv = ["update", "--module", "Deals", "--file", str(src), "--dry-run", "--no-metadata"]
    assert main(argv) == 0  # nothing is sent: a dry run without the metadata read
    assert "error" not in capsys.readouterr().err
