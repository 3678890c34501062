"""What the command line says where a new user's audit found it wrong or silent: the field
metadata read refused for spent credits, the help of --dry-run, --concurrency and the default
product, a duplicated header in a dry run, UTF-16 files, --group-min alone, and why the dry
run of --group-identical leaves rows ungrouped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import build_parser, main

from .conftest import control, deal_ids, request_log

pytestmark = pytest.mark.timeout(180)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def help_of(command: str) -> str:
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    return " ".join(sub.format_help().split())


def spend_the_credits(emulator: Any) -> None:
    """The org's credits for the rolling 24 hours: 1, spent by a first call."""
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 1})
    from zoho_records import ZohoClient

    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        client.crm.get_record("Deals", deal_ids(1)[0])


# ---- the metadata read refused for spent credits -----------------------------------------------
def test_spent_credits_at_the_metadata_read_say_to_rerun_later(env, tmp_path: Path, capsys) -> None:
    """It said "check the target and retry, or pass --no-metadata": every write would get the
    same 429."""
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage\n{deal_ids(1)[0]},Closed Won\n")
    spend_the_credits(env)
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "could not read the field metadata of Deals: Zoho says the org's API credits" in err
    assert "(0 left, a call needs 1); nothing was sent" in err
    assert "rolling 24 hours" in err and "rerun later (" in err
    assert "--no-metadata" not in err and "check the target" not in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_spent_credits_name_the_report_to_resume_from(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage\n{deal_ids(1)[0]},Closed Won\n")
    report = tmp_path / "r.csv"
    report.write_text("row,outcome,code,message,record_id,input_digest\n")
    spend_the_credits(env)
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main([*args, "--report", str(report)]) == 2
    assert f"rerun later with --resume {report} (" in capsys.readouterr().err
    assert main([*args, "--resume", str(report)]) == 2
    assert f"rerun later with --resume {report} (" in capsys.readouterr().err


def test_spent_credits_when_listing_fields(env, capsys) -> None:
    spend_the_credits(env)
    assert main(["fields", "--module", "Deals", "--base-url", env.base_url]) == 2
    err = capsys.readouterr().err
    assert "could not read the fields of Deals: Zoho says the org's API credits" in err
    assert "rerun later" in err


def test_the_dry_run_help_says_it_reads_the_metadata_and_what_it_reports() -> None:
    text = help_of("update")
    assert "it reads the field metadata (1 API credit)" in text
    assert "reports the API calls and credits sending the rows would cost" in text


# ---- a header the real run refuses ------------------------------------------------------------
def test_the_dry_run_of_a_duplicated_header_says_the_file_would_be_refused(
    env, tmp_path: Path, capsys
) -> None:
    """It reported 1 problem and then "the 1 row(s) to send would take 1 API call(s)", exit 1,
    where the real run refuses the file (exit 2) and sends nothing."""
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage,Stage\n{deal_ids(1)[0]},Closed Won,Closed Lost\n")
    base = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main(base) == 2
    real = capsys.readouterr().err
    refusal = f"zoho-records: error: {src}: column 'Stage' appears twice in the header; keep one"
    assert refusal in real
    assert main([*base, "--dry-run"]) == 2
    dry = capsys.readouterr().err
    assert f"{src}, header (line 1): column 'Stage' appears twice in the header; keep one" in dry
    assert f"{refusal} (a real run refuses the file: nothing would be sent)" in dry
    assert "would take" not in dry and "all rows valid" not in dry
    assert not [r for r in request_log(env) if r["op"] == "update"]


# ---- the default product ----------------------------------------------------------------------
def test_an_upsert_of_a_crm_module_says_upsert_defaults_to_bigin(
    env, tmp_path: Path, capsys
) -> None:
    """It said only "module 'Deals' does not exist in bigin"."""
    src = tmp_path / "d.csv"
    src.write_text("Deal_Name,Stage\nBig one,Qualification\n")
    args = ["upsert", "--module", "Deals", "--file", str(src), *target(env)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "module 'Deals' does not exist in bigin" in err
    assert "upsert defaults to --product bigin: pass --product crm for the CRM module Deals" in err
    # named explicitly: the module is a CRM one
    assert main([*args, "--product", "bigin"]) == 2
    assert "Deals is a CRM module: pass --product crm" in capsys.readouterr().err
    # a custom module of neither list: the default is still named
    assert main(["upsert", "--module", "Widgets", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert "upsert defaults to --product bigin: pass --product crm for a CRM module" in err


def test_a_crm_command_on_a_bigin_module_names_the_other_product(env, capsys) -> None:
    assert main(["fields", "--module", "Pipelines", "--base-url", env.base_url]) == 2
    err = capsys.readouterr().err
    assert "fields defaults to --product crm: pass --product bigin for the Bigin module " in err


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("upsert", "--product {crm,bigin} default: bigin (or crm)"),
        ("update", "--product {crm,bigin} default: crm (or bigin)"),
        ("insert", "--product {crm,bigin} default: crm (or bigin)"),
        ("fields", "--product {crm,bigin} default: crm (or bigin)"),
        ("mass-update", "--product {crm,bigin} crm only"),
        ("update-related", "--product {crm,bigin} bigin only"),
    ],
)
def test_each_commands_help_names_its_own_default_product(command: str, says: str) -> None:
    assert says in help_of(command)
