"""--trigger and --no-trigger are shared options of every command that sends rows, but a
delete, a mass update and a related-list update carry no trigger: the three commands took them
and dropped them in silence (``delete --no-trigger`` still ran the module's workflows; the
option that stops them is ``--no-workflow``). They are refused now, before anything is sent,
and those commands' --help says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import deal_ids, request_log, write_csv

pytestmark = pytest.mark.timeout(120)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def _writes(emulator: Any) -> list[dict[str, Any]]:
    """Every request the emulator got (refused before the client opens: none at all)."""
    return list(request_log(emulator))


@pytest.mark.parametrize("option", [["--no-trigger"], ["--trigger", "workflow"]])
def test_delete_refuses_a_trigger_and_names_no_workflow(
    env: Any, option: list[str], capsys: Any
) -> None:
    rid = deal_ids(1)[0]
    argv = ["delete", "--module", "Deals", "--ids", rid, *option, *target(env)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"zoho-records: error: delete does not take {option[0]}: ")
    assert "--no-workflow" in err
    assert len(err.strip().splitlines()) == 1
    assert not _writes(env)


def test_mass_update_refuses_a_trigger(env: Any, tmp_path: Path, capsys: Any) -> None:
    src = write_csv(tmp_path / "ids.csv", ["id"], [[i] for i in deal_ids(2)])
    argv = ["mass-update", "--module", "Deals", "--file", str(src), "--set", "Stage=Closed Won"]
    assert main([*argv, "--trigger", "workflow", *target(env)]) == 2
    err = capsys.readouterr().err
    assert "mass-update does not take --trigger: a mass update takes no trigger" in err, err
    assert not _writes(env)


def test_update_related_refuses_no_trigger(env: Any, tmp_path: Path, capsys: Any) -> None:
    src = write_csv(tmp_path / "rel.csv", ["id"], [["1"]])
    argv = [
        "update-related",
        "--module",
        "Contacts",
        "--record-id",
        "1",
        "--related-list",
        "Products",
        "--file",
        str(src),
        "--no-trigger",
        *target(env),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "update-related does not take --no-trigger" in err, err
    assert not _writes(env)


@pytest.mark.parametrize("command", ["delete", "mass-update", "update-related"])
def test_the_help_of_a_command_without_triggers_says_they_are_refused(
    command: str, capsys: Any
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--trigger NAME refused: " in out and "--no-trigger refused: " in out, out
    assert "automation to run" not in out


@pytest.mark.parametrize("command", ["update", "upsert", "insert"])
def test_the_writes_that_take_a_trigger_still_offer_it(command: str, capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--trigger NAME automation to run" in out and "--no-trigger run no automation" in out
