"""What a new user meets first (issue 15): the dry run in one pass, ``zoho-records fields``,
messages about the value itself, rows named by file line, picklist values, ``-v`` logging and
help text for every option."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from zoho_records import ZohoClient
from zoho_records.cli import build_parser, main

from .conftest import deal_ids, emulator_records, fast_retries, request_log, set_faults

pytestmark = pytest.mark.timeout(180)


def target(emulator) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


# ---- the dry run: every problem of every row and column, in one pass ----------------------------
def test_dry_run_reports_unknown_columns_and_every_rows_problems_in_one_pass(
    env, tmp_path: Path, capsys
) -> None:
    """An unknown column used to stop the dry run (exit 2) before any row was checked. Now
    every row is checked too, and the exit status is still 2, a real run's: the header makes
    it refuse the whole file."""
    ids = deal_ids(3)
    src = tmp_path / "d.csv"
    src.write_text(
        "id,Stage,Amount,Clossing_Date,Probability\n"
        f"{ids[0]},Closed Won,10,2024-01-31,50\n"
        f"{ids[1]},Closed Wonn,abc,2024-02-30,ninety\n"
        f"{ids[2]},Closed Won,10,,12.5\n"
    )
    code = main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "header (line 1): column 'Clossing_Date' is not a field of Deals" in err
    assert "did you mean 'Closing_Date'?" in err
    assert "`zoho-records fields --module Deals` lists them" in err
    assert "row 2 (line 3), column Stage: 'Closed Wonn'" in err
    assert "row 2 (line 3), column Amount: 'abc' is not a number" in err
    assert "row 2 (line 3), column Probability: 'ninety' is not a whole number" in err
    assert "row 3 (line 4), column Probability: '12.5' is not a whole number" in err
    assert "5 problem(s); nothing was sent" in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_a_real_run_still_refuses_an_unknown_column_before_sending(
    env, tmp_path: Path, capsys
) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stagee\n{deal_ids(1)[0]},Closed Won\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    assert "'Stagee' is not a field of Deals" in capsys.readouterr().err
    assert not [r for r in request_log(env) if r["op"] == "update"]


# ---- zoho-records fields ------------------------------------------------------------------------
def test_fields_lists_api_names_types_labels_and_picklist_values(env, capsys) -> None:
    assert main(["fields", "--module", "Deals", "--base-url", env.base_url]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert out.splitlines()[0].startswith("Deals (crm): ")
    stage = lines["Stage"]
    assert "picklist" in stage and "required" in stage
    assert "Qualification; Needs Analysis" in stage and "Closed Won" in stage
    assert "Closing Date" in lines["Closing_Date"] and "date" in lines["Closing_Date"]
    assert "English; French" in lines["Languages_Known"]


def test_fields_of_a_bigin_module_as_json(env, capsys) -> None:
    args = ["fields", "--module", "Pipelines", "--product", "bigin", "--json"]
    assert main([*args, "--base-url", env.base_url]) == 0
    fields = json.loads(capsys.readouterr().out)
    assert {f["api_name"]: f["data_type"] for f in fields}["Stage"] == "picklist"


def test_fields_of_an_unknown_module_is_a_clear_error(env, capsys) -> None:
    assert main(["fields", "--module", "Dealz", "--base-url", env.base_url]) == 2
    err = capsys.readouterr().err
    assert "module 'Dealz' does not exist in crm" in err and "Traceback" not in err


# ---- picklist values: the dry run and the emulator say the same ---------------------------------
def test_a_picklist_typo_is_refused_by_the_dry_run_the_run_and_the_emulator(
    env, tmp_path: Path, capsys
) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"id": rid, "Stage": "Closed Wonn"}) + "\n")
    base = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main([*base, "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "row 1 (line 1), key Stage: 'Closed Wonn' is not one of the values" in err
    assert "'Closed Won'" in err
    # with metadata the row is not sent; without, the emulator refuses it as Zoho does
    assert main(base) == 1
    assert "INVALID_INPUT" in capsys.readouterr().err
    assert not [r for r in request_log(env) if r["op"] == "update"]
    assert main([*base, "--no-metadata"]) == 1
    assert "INVALID_DATA: invalid data [field Stage]" in capsys.readouterr().err
    assert emulator_records(env, "crm", "Deals")[rid]["Stage"] == "Qualification"


def test_multiselect_cells_are_checked_value_by_value(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Languages_Known\n{deal_ids(1)[0]},French;Klingon\n")
    assert main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]) == 1
    assert "'Klingon' is not one of the values of the picklist Languages_Known" in (
        capsys.readouterr().err
    )


# ---- rows named by file line ---------------------------------------------------------------------
def test_failures_of_a_real_run_name_the_file_line(env, tmp_path: Path, capsys) -> None:
    """A quoted cell over two lines and a blank line: data row 3 starts on line 6."""
    ids = deal_ids(3)
    src = tmp_path / "d.csv"
    src.write_text(
        f'id,Next_Step,Amount\n{ids[0]},"two\nlines",1\n\n{ids[1]},x,1\n{ids[2]},x,abc\n'
    )
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 1
    assert "row 4 (line 6): INVALID_INPUT: column Amount: 'abc'" in capsys.readouterr().err


# ---- -v / --log-level ----------------------------------------------------------------------------
def test_verbose_logs_each_request_and_its_retry_never_the_token(
    env, tmp_path: Path, capsys
) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{deal_ids(1)[0]},5\n")
    set_faults(env, {"kind": "error", "status": 503, "method": "PUT", "count": 1})
    args = ["update", "--module", "Deals", "--file", str(src), "--base-url", env.base_url]
    assert main([*args, "--no-progress", "-v"]) == 0
    err = capsys.readouterr().err
    assert "zoho_records.http: GET /crm/v8/settings/fields?module=Deals -> 200 OK in " in err
    assert "zoho_records.http: PUT /crm/v8/Deals -> 503 Service Unavailable in " in err
    assert "zoho_records.http: PUT /crm/v8/Deals -> 200 OK in " in err and "(retry 1)" in err
    assert "retrying PUT" in err and "after HTTP 503" in err
    assert env.token not in err
    # without -v: none of it
    assert main([*args, "--no-progress"]) == 0
    assert "zoho_records.http" not in capsys.readouterr().err


def test_log_level_option(env, tmp_path: Path, capsys) -> None:
    assert (
        main(["fields", "--module", "Deals", "--base-url", env.base_url, "--log-level", "info"])
        == 0
    )
    assert "GET /crm/v8/settings/fields?module=Deals -> 200 OK" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["fields", "--module", "Deals", "--log-level", "loud"])


def test_library_users_get_the_request_log_from_the_standard_logger(
    emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="zoho_records")
    set_faults(emulator, {"kind": "throttle", "method": "PUT", "count": 1})
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, retry_policy=fast_retries()
    ) as client:
        client.crm.update_records("Deals", [{"id": deal_ids(1)[0], "Amount": 1}])
    http = [r for r in caplog.records if r.name == "zoho_records.http"]
    assert [r.getMessage().split(" -> ")[1].split(" in ")[0] for r in http] == [
        "429 Too Many Requests",
        "200 OK",
    ]
    assert all(r.getMessage().startswith("PUT /crm/v8/Deals -> ") for r in http)
    assert http[1].getMessage().endswith("(retry 1)")
    assert emulator.token not in caplog.text


# ---- help text -----------------------------------------------------------------------------------
def _undocumented(parser: argparse.ArgumentParser, where: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += _undocumented(sub, f"{where} {name}")
        elif not action.help or action.help == argparse.SUPPRESS:
            missing.append(f"{where} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_option_of_every_command_has_help() -> None:
    from contract_tests.cli import _parser as contract_parser
    from zoho_emulator.cli import build_parser as emulator_parser

    missing = (
        _undocumented(build_parser(), "zoho-records")
        + _undocumented(emulator_parser(), "zoho-emulator")
        + _undocumented(contract_parser(), "zoho-contract")
    )
    assert missing == []


@pytest.mark.parametrize("module", ["zoho_records.cli", "zoho_emulator.cli", "contract_tests.cli"])
def test_help_output_is_plain_text(module: str) -> None:
    for argv in (["--help"], ["serve", "--help"] if module == "zoho_emulator.cli" else []):
        if not argv:
            continue
        out = subprocess.run(
            [sys.executable, "-c", f"import sys; from {module} import *; sys.exit(main())", *argv],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        assert "usage:" in out
        assert "``" not in out and ":class:" not in out, out


def test_very_verbose_adds_the_sizes_and_a_refresh_is_logged_without_secrets(
    emulator, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a refresh token the first request is the token refresh: it is logged (path only),
    and neither the refresh token, the client secret nor the new access token appears."""
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_ACCOUNTS_URL", "ZOHO_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    secrets = {
        "ZOHO_REFRESH_TOKEN": "emulator-refresh-token",
        "ZOHO_CLIENT_SECRET": "emulator-client-secret",
    }
    for name, value in {**secrets, "ZOHO_CLIENT_ID": "emulator-client-id"}.items():
        monkeypatch.setenv(name, value)
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{deal_ids(1)[0]},5\n")
    args = ["update", "--module", "Deals", "--file", str(src), "--base-url", emulator.base_url]
    assert main([*args, "--accounts-url", emulator.base_url, "--no-progress", "-vv"]) == 0
    err = capsys.readouterr().err
    assert "zoho_records.http: POST /oauth/v2/token -> 200 OK in " in err
    assert "DEBUG zoho_records.http: PUT /crm/v8/Deals: sent " in err and "received" in err
    for secret in secrets.values():
        assert secret not in err
    assert "Zoho-oauthtoken" not in err and "1000." not in err  # no access token either
