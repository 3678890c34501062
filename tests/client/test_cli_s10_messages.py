"""What the command line says where a new user's audit found it wrong or silent: the field
metadata read refused for spent credits, the help of --dry-run, --concurrency and the default
product, a duplicated header in a dry run, UTF-16 files, --group-min alone, and why the dry
run of --group-identical leaves rows ungrouped."""

from __future__ import annotations

import json
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


def test_a_crm_command_on_a_bigin_module_names_the_other_product(
    env, tmp_path: Path, capsys
) -> None:
    assert main(["fields", "--module", "Pipelines", "--base-url", env.base_url]) == 2
    err = capsys.readouterr().err
    assert "fields defaults to --product crm: pass --product bigin for the Bigin module " in err
    # a command of one product only does not advise the other
    src = tmp_path / "ids.csv"
    src.write_text(f"id\n{deal_ids(1)[0]}\n")
    args = ["mass-update", "--module", "Pipelines", "--file", str(src), "--set", "Stage=Won"]
    assert main([*args, *target(env)]) == 2
    err = capsys.readouterr().err
    assert "Pipelines is a Bigin module, and mass-update works on crm only" in err
    assert "pass --product" not in err


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


# ---- --group-min and --group-identical ---------------------------------------------------------
def test_group_min_without_group_identical_is_refused(env, tmp_path: Path, capsys) -> None:
    """It was silently ignored."""
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage\n{deal_ids(1)[0]},Closed Won\n")
    args = ["update", "--module", "Deals", "--file", str(src), "--group-min", "5", *target(env)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--group-min goes with --group-identical" in err
    assert "add --group-identical, or drop --group-min" in err
    assert not request_log(env)
    # its default, given explicitly, is no less an option without --group-identical
    args[args.index("5")] = "100"
    assert main(args) == 2


def test_the_dry_run_of_group_identical_says_why_rows_are_not_grouped(
    env, tmp_path: Path, capsys
) -> None:
    ids = deal_ids(200)
    rows: list[dict[str, Any]] = [{"id": i, "Stage": "Closed Won"} for i in ids[:120]]
    rows += [{"id": i, "Stage": "Closed Lost"} for i in ids[120:150]]  # below --group-min
    rows += [{"id": i, "Description": "same text"} for i in ids[150:170]]  # multi-line
    rows += [{"id": i, "Account_Name": {"id": "554023000000238121"}} for i in ids[170:180]]
    rows += [
        {"id": i, "Stage": "Closed Won", "Amount": 1, "Next_Step": "x", "Type": "New Business"}
        for i in ids[180:185]
    ]
    rows += [{"id": i, "Stage": None} for i in ids[185:189]]  # clearing
    rows += [{"id": ids[0], "Stage": "Closed Won"}]  # an id of the big group again
    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = ["update", "--module", "Deals", "--file", str(src), "--group-identical", "--dry-run"]
    assert main([*args, *target(env)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "not grouped" in line]
    assert lines == [
        "zoho-records: 30 row(s) not grouped: their 1 group(s) of equal values have fewer rows "
        "than --group-min 100",
        "zoho-records: 20 row(s) not grouped: they set Description (textarea), which a mass "
        "update cannot change",
        "zoho-records: 10 row(s) not grouped: they set Account_Name (lookup), which a mass "
        "update cannot change",
        "zoho-records: 5 row(s) not grouped: they set more than 3 field(s), the most a mass "
        "update of Deals sets",
        "zoho-records: 4 row(s) not grouped: they clear Stage (a mass update is not known to "
        "clear a field)",
        "zoho-records: 2 row(s) not grouped: their id is on another row of the file too (sent "
        "one after the other)",
    ], err
    assert "mass_update: 119 row(s) in 1 group(s) of equal values" in err
    assert "update: 71 row(s)" in err


# ---- --concurrency ------------------------------------------------------------------------------
def test_the_concurrency_help_says_it_is_a_bound_the_client_adapts_below() -> None:
    text = help_of("update")
    assert "--concurrency CONCURRENCY the most requests in flight, a hard upper bound " in text
    assert "(default 25, the highest cap of Zoho's editions)" in text
    assert "it starts at 10 (or the bound, if lower), grows while calls succeed" in text


def test_a_concurrency_above_zohos_highest_cap_warns_and_runs(env, tmp_path: Path, capsys) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage\n{rid},Closed Won\n")
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main([*args, "--concurrency", "40"]) == 0
    err = capsys.readouterr().err
    assert (
        "zoho-records: warning: --concurrency 40 is above 25, the most calls in flight Zoho "
        "allows in any edition: Zoho answers the calls over the org's cap with 429, and the "
        "limit adapts below the cap anyway"
    ) in err
    assert "1 succeeded, 0 failed" in err
    assert main([*args, "--concurrency", "25"]) == 0
    assert "warning" not in capsys.readouterr().err
