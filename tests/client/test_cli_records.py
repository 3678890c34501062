"""The issue-13 commands (insert, delete, export, upsert for CRM) on a fake Zoho behind respx:
a small stateful CRM that pages like Zoho, so the export -> update round trip can be checked
here too (the emulator tests check it over HTTP)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from zoho_records.cli import main
from zoho_records.cli.commands.export import cell

BASE = "https://zoho.test"
FIELDS = [
    {"api_name": "Deal_Name", "data_type": "text", "field_label": "Deal Name", "unique": {}},
    {"api_name": "Stage", "data_type": "picklist", "field_label": "Stage"},
    {"api_name": "Amount", "data_type": "currency", "field_label": "Amount"},
    {"api_name": "Closed", "data_type": "boolean", "field_label": "Closed"},
    {"api_name": "Tags_Set", "data_type": "multiselectpicklist", "field_label": "Tags"},
    {"api_name": "Account_Name", "data_type": "lookup", "field_label": "Account Name"},
    {
        "api_name": "Created_Time",
        "data_type": "datetime",
        "read_only": True,
        "field_label": "Created Time",
    },
    {"api_name": "Number", "data_type": "autonumber"},
]


class FakeCrm:
    """Deals in memory: get (page, page_token), search, insert, update, delete, fields."""

    def __init__(self, n: int) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.next_id = 5_000_000
        for i in range(n):
            self.add(
                {
                    "Deal_Name": f'Deal {i}, "quoted"',
                    "Stage": "Qualification",
                    "Amount": 100 + i + 0.5 * (i % 2),
                    "Closed": i % 3 == 0,
                    "Tags_Set": ["A", "B;C"] if i % 2 else [],
                    "Account_Name": {"name": "Acme", "id": "111"} if i % 4 else None,
                    "Created_Time": "2024-01-01T10:00:00+00:00",
                    "Number": str(i),
                }
            )
        self.requests: list[httpx.Request] = []

    def add(self, record: dict[str, Any]) -> str:
        self.next_id += 1
        rid = str(self.next_id)
        self.records[rid] = {"id": rid, **record}
        return rid

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path, params = request.url.path, dict(request.url.params)
        if path.endswith("/settings/fields"):
            return httpx.Response(200, json={"fields": FIELDS})
        if request.method == "GET":
            return self.page(params, search=path.endswith("/search"))
        if request.method == "DELETE":
            data = []
            for rid in params["ids"].split(","):
                if self.records.pop(rid, None) is None:
                    data.append({"code": "INVALID_DATA", "status": "error", "details": {"id": rid}})
                else:
                    data.append({"code": "SUCCESS", "status": "success", "details": {"id": rid}})
            return httpx.Response(200, json={"data": data})
        body = json.loads(request.content)
        out = []
        for rec in body["data"]:
            if request.method == "PUT":
                self.records[rec["id"]].update(
                    {k: _stored(v) for k, v in rec.items() if k in {f["api_name"] for f in FIELDS}}
                )
                rid = rec["id"]
            else:
                rid = self.add(rec)
            out.append({"code": "SUCCESS", "status": "success", "details": {"id": rid}})
        return httpx.Response(201 if request.method == "POST" else 200, json={"data": out})

    def page(self, params: dict[str, str], *, search: bool) -> httpx.Response:
        rows = sorted(self.records.values(), key=lambda r: int(r["id"]))
        if search:
            _, _, value = params["criteria"].strip("()").split(":", 2)
            rows = [r for r in rows if r["Stage"] == value]
        per_page = int(params.get("per_page", 200))
        start = (
            int(params["page_token"])
            if "page_token" in params
            else (int(params.get("page", 1)) - 1) * per_page
        )
        chunk = rows[start : start + per_page]
        if not chunk:
            return httpx.Response(204)
        names = params.get("fields", "").split(",") if "fields" in params else None
        data = [
            {k: v for k, v in r.items() if names is None or k in names or k == "id"} for r in chunk
        ]
        more = start + per_page < len(rows)
        info = {"more_records": more, "count": len(chunk), "per_page": per_page}
        if more and not search:
            info["next_page_token"] = str(start + per_page)
        return httpx.Response(200, json={"data": data, "info": info})


def _stored(value: Any) -> Any:
    """A lookup is stored as Zoho shows it: the linked record's name comes with its id."""
    if isinstance(value, dict) and value.get("id") == "111":
        return {"name": "Acme", "id": "111"}
    return value


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    crm = FakeCrm(2345)
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        router.route().mock(side_effect=crm.handle)
        yield crm


TARGET = ["--base-url", BASE, "--no-progress", "--max-retries", "0"]


def test_export_then_update_round_trip_leaves_records_unchanged(
    fake: FakeCrm, tmp_path: Path
) -> None:
    before = json.dumps(fake.records, sort_keys=True)
    out = tmp_path / "deals.csv"
    assert main(["export", "--module", "Deals", "--out", str(out), *TARGET]) == 0
    with out.open(newline="") as fh:
        rows = list(csv.reader(fh))
    # only the fields an update can write back; id first
    assert rows[0] == ["id", "Deal_Name", "Stage", "Amount", "Closed", "Tags_Set", "Account_Name"]
    assert len(rows) == 2346
    gets = [r for r in fake.requests if r.method == "GET" and "fields" in r.url.params]
    assert any("page_token" in r.url.params for r in gets)  # past 2,000 by token
    assert main(["update", "--module", "Deals", "--file", str(out), *TARGET]) == 0
    assert json.dumps(fake.records, sort_keys=True) == before
    puts = [r for r in fake.requests if r.method == "PUT"]
    assert sum(len(json.loads(r.content)["data"]) for r in puts) == 2345


def test_export_jsonl_round_trip(fake: FakeCrm, tmp_path: Path) -> None:
    before = json.dumps(fake.records, sort_keys=True)
    out = tmp_path / "deals.jsonl"
    assert (
        main(
            ["export", "--module", "Deals", "--fields", "Stage,Amount", "--out", str(out), *TARGET]
        )
        == 0
    )
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 2345 and set(lines[0]) == {"id", "Stage", "Amount"}
    assert main(["update", "--module", "Deals", "--file", str(out), *TARGET]) == 0
    assert json.dumps(fake.records, sort_keys=True) == before


def test_export_search_and_failures_leave_no_file(
    fake: FakeCrm, tmp_path: Path, capsys: Any
) -> None:
    for rid in list(fake.records)[:7]:
        fake.records[rid]["Stage"] = "Won"
    out = tmp_path / "won.csv"
    code = main(
        [
            "export",
            "--module",
            "Deals",
            "--fields",
            "Stage",
            "--criteria",
            "(Stage:equals:Won)",
            "--out",
            str(out),
            *TARGET,
        ]
    )
    assert code == 0 and len(out.read_text().splitlines()) == 8
    bad = tmp_path / "x.csv"
    too_many = ",".join(f"F{i}" for i in range(51))
    assert (
        main(["export", "--module", "Deals", "--fields", too_many, "--out", str(bad), *TARGET]) == 2
    )
    assert "not in Deals's fields" in capsys.readouterr().err and not bad.exists()
    assert main(["export", "--module", "Deals", "--out", str(tmp_path / "x.xlsx"), *TARGET]) == 2
    assert "write .csv, .tsv or .jsonl" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (["--sort-by", "bad name"], "sort_by must be a field API name"),
        (["--criteria", "   "], "criteria must be a non-empty string"),
        # (an empty search, e.g. --email "$EMAIL" unset, exported the whole module)
        (["--email", ""], "email must be a non-empty string"),
        (["--word", ""], "word must be a non-empty string"),
        (["--criteria", ""], "criteria must be a non-empty string"),
        # (an empty --fields, e.g. --fields "$FIELDS" unset, exported every field)
        (["--fields", ""], "--fields '' names no field"),
        (["--fields", " , "], "--fields ' , ' names no field"),
    ],
)
def test_an_export_argument_the_client_refuses_is_one_line_and_exit_2(
    fake: FakeCrm, tmp_path: Path, capsys: Any, option: list[str], says: str
) -> None:
    # (the client checks a stream's arguments when it is made: that is inside the CLI's net)
    out = tmp_path / "x.csv"
    assert main(["export", "--module", "Deals", *option, "--out", str(out), *TARGET]) == 2
    err = capsys.readouterr().err
    assert f"error: {says}" in err and "Traceback" not in err and not out.exists()


def test_export_search_past_the_reach_writes_nothing(
    fake: FakeCrm, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "all.csv"
    code = main(
        [
            "export",
            "--module",
            "Deals",
            "--fields",
            "Stage",
            "--criteria",
            "(Stage:equals:Qualification)",
            "--out",
            str(out),
            *TARGET,
        ]
    )
    assert code == 2 and not out.exists()
    assert "2000" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # no temporary file left either


def test_insert_command_reports_new_ids(fake: FakeCrm, tmp_path: Path) -> None:
    src = tmp_path / "new.csv"
    src.write_text("Deal_Name,Stage,Amount\nA,Qualification,10\nB,Qualification,20\n")
    report = tmp_path / "report.csv"
    n = len(fake.records)
    assert (
        main(["insert", "--module", "Deals", "--file", str(src), "--report", str(report), *TARGET])
        == 0
    )
    assert len(fake.records) == n + 2
    with report.open(newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert [line["record_id"] in fake.records for line in lines] == [True, True]
    assert {
        r.method for r in fake.requests if "/Deals" in r.url.path and "fields" not in r.url.path
    } == {"POST"}


def test_delete_by_ids_and_by_file(fake: FakeCrm, tmp_path: Path) -> None:
    ids = list(fake.records)[:150]
    assert main(["delete", "--module", "Deals", "--ids", ",".join(ids[:3]), *TARGET]) == 0
    src = tmp_path / "ids.csv"
    src.write_text("id,Deal_Name\n" + "".join(f"{i},x\n" for i in ids[3:]))
    assert main(["delete", "--module", "Deals", "--file", str(src), "--no-workflow", *TARGET]) == 0
    assert not set(ids) & set(fake.records)
    deletes = [r for r in fake.requests if r.method == "DELETE"]
    assert [len(r.url.params["ids"].split(",")) for r in deletes] == [3, 100, 47]
    assert deletes[-1].url.params["wf_trigger"] == "false"
    # deleting again: one error per id, exit 1
    assert main(["delete", "--module", "Deals", "--ids", ids[0], *TARGET]) == 1


def test_delete_ids_errors_name_the_id_not_a_file_line(fake: FakeCrm, capsys: Any) -> None:
    """--ids goes through a temporary file: its lines mean nothing to the user."""
    gone = list(fake.records)[0]
    assert main(["delete", "--module", "Deals", "--ids", gone, *TARGET]) == 0
    capsys.readouterr()
    assert main(["delete", "--module", "Deals", "--ids", f"{gone},123", *TARGET]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]
    assert len(errors) == 2 and all("line" not in e.split(":")[0] for e in errors), errors
    assert errors[0].startswith("row 1:") and errors[1].startswith("row 2:")


def test_delete_needs_exactly_one_source(fake: FakeCrm, capsys: Any) -> None:
    assert main(["delete", "--module", "Deals", *TARGET]) == 2
    assert main(["delete", "--module", "Deals", "--ids", "12x", *TARGET]) == 2
    assert "not a record id" in capsys.readouterr().err


def test_upsert_command_goes_to_crm_with_product_crm(fake: FakeCrm, tmp_path: Path) -> None:
    src = tmp_path / "up.csv"
    src.write_text("Deal_Name,Stage\nNew one,Qualification\n")
    code = main(
        [
            "upsert",
            "--product",
            "crm",
            "--module",
            "Deals",
            "--file",
            str(src),
            "--duplicate-check-fields",
            "Deal_Name",
            *TARGET,
        ]
    )
    assert code == 0
    posts = [r for r in fake.requests if r.method == "POST"]
    assert [r.url.path for r in posts] == ["/crm/v8/Deals/upsert"]


def test_update_takes_a_zoho_web_export(fake: FakeCrm, tmp_path: Path, capsys: Any) -> None:
    rids = list(fake.records)[:2]
    src = tmp_path / "Deals_web.csv"
    src.write_text(
        "Record Id,Deal Name,Stage,Amount,Created Time\n"
        f"zcrm_{rids[0]},Renamed,Closed Won,999,2024-02-02T10:00:00+00:00\n"
        f"zcrm_{rids[1]},Other,Closed Lost,1,2024-02-02T10:00:00+00:00\n"
    )
    assert main(["update", "--module", "Deals", "--file", str(src), *TARGET]) == 0
    err = capsys.readouterr().err
    assert "Zoho web export" in err
    assert "'Record Id' -> id" in err and "'Deal Name' -> Deal_Name" in err
    assert "left out (read-only): 'Created Time'" in err
    sent = [json.loads(r.content)["data"] for r in fake.requests if r.method == "PUT"]
    assert sent == [
        [
            {"id": rids[0], "Deal_Name": "Renamed", "Stage": "Closed Won", "Amount": 999},
            {"id": rids[1], "Deal_Name": "Other", "Stage": "Closed Lost", "Amount": 1},
        ]
    ]
    assert fake.records[rids[0]]["Created_Time"] == "2024-01-01T10:00:00+00:00"


def test_a_web_export_with_an_unknown_label_is_refused(
    fake: FakeCrm, tmp_path: Path, capsys: Any
) -> None:
    src = tmp_path / "web.csv"
    src.write_text("Record Id,Deal Nme\nzcrm_1,x\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *TARGET]) == 2
    assert "'Deal Nme' is not a field of Deals" in capsys.readouterr().err
    assert not [r for r in fake.requests if r.method == "PUT"]


@pytest.mark.parametrize(
    ("value", "data_type", "text"),
    [
        (None, "text", ""),
        (True, "boolean", "true"),
        (12.5, "currency", "12.5"),
        (["A", "B;C"], "multiselectpicklist", '["A","B;C"]'),
        ({"name": "Acme", "id": "111"}, "lookup", "111"),
        ("  spaced  ", "text", "  spaced  "),
    ],
)
def test_export_cells_are_what_update_reads_back(value: Any, data_type: str, text: str) -> None:
    assert cell(value, data_type) == text
