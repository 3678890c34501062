"""Metadata, control endpoints, limits, injected faults, robustness, durability, public API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import zoho_emulator
from zoho_emulator import EmulatorConfig, FaultRule
from zoho_emulator.dataset import default_dataset

from .conftest import TOKEN, Api, Harness

LEAD = "554023000000527003"
BODY = {"data": [{"id": LEAD, "Company": "Z"}]}


def test_public_api() -> None:
    assert sorted(zoho_emulator.__all__) == [
        "DEFAULT_TOKEN",
        "Emulator",
        "EmulatorConfig",
        "FaultRule",
        "TokenSpec",
        "create_app",
    ]
    from zoho_emulator.testing import EmulatorServer

    assert EmulatorServer
    assert zoho_emulator.DEFAULT_TOKEN == "zoho-emulator-token"


# ---- metadata ----------------------------------------------------------------------------------


def test_fields_metadata(api: Api) -> None:
    r = api.get("/crm/v8/settings/fields", params={"module": "Deals"})
    assert r.status_code == 200
    fields = {f["api_name"]: f for f in r.json()["fields"]}
    assert fields["Deal_Name"]["data_type"] == "text" and fields["Deal_Name"]["length"] == 120
    assert fields["Deal_Name"]["system_mandatory"] is True
    assert fields["Listings"]["data_type"] == "multiselectlookup"
    assert fields["Stage"]["pick_list_values"][0]["actual_value"] == "Qualification"
    assert fields["Account_Name"]["lookup"]["module"]["api_name"] == "Accounts"
    for f in fields.values():
        assert f["id"].isdigit() and len(f["id"]) <= 19
        assert isinstance(f["length"], int)
    assert api.get("/bigin/v2/settings/fields", params={"module": "Pipelines"}).status_code == 200


def test_fields_metadata_errors(api: Api) -> None:
    assert api.get("/crm/v8/settings/fields").json()["code"] == "REQUIRED_PARAM_MISSING"
    assert (
        api.get("/crm/v8/settings/fields", params={"module": "Nope"}).json()["code"]
        == "INVALID_MODULE"
    )


def test_modules_metadata(api: Api) -> None:
    mods = {m["api_name"]: m for m in api.get("/crm/v8/settings/modules").json()["modules"]}
    for name in [
        "Leads",
        "Accounts",
        "Contacts",
        "Deals",
        "Campaigns",
        "Tasks",
        "Cases",
        "Events",
        "Calls",
        "Solutions",
        "Products",
        "Vendors",
        "Price_Books",
        "Quotes",
        "Sales_Orders",
        "Purchase_Orders",
        "Invoices",
        "Appointments__s",
        "Appointments_Rescheduled_History__s",
        "Services__s",
    ]:
        assert mods[name]["api_supported"] is True
    assert mods["Documents"]["api_supported"] is False
    bigin = {m["api_name"] for m in api.get("/bigin/v2/settings/modules").json()["modules"]}
    assert bigin == {"Contacts", "Pipelines", "Accounts", "Products", "Tasks", "Events", "Calls"}
    one = api.get("/crm/v8/settings/modules/Deals").json()["modules"][0]
    assert one["api_name"] == "Deals" and one["fields"]


def test_related_lists_metadata(api: Api) -> None:
    r = api.get("/bigin/v2/settings/related_lists", params={"module": "Pipelines"})
    names = [x["api_name"] for x in r.json()["related_lists"]]
    assert "Products" in names


def test_users_and_org(api: Api) -> None:
    users = api.get("/crm/v8/users", params={"type": "CurrentUser"}).json()["users"]
    assert [(u["full_name"], u["id"]) for u in users] == [("Patricia Boyle", "554023000000235011")]
    assert len(api.get("/crm/v8/users").json()["users"]) == 3
    assert (
        api.get("/bigin/v2/users", params={"type": "CurrentUser"}).json()["users"][0]["full_name"]
        == "Zylker Travels"
    )
    org = api.get("/crm/v8/org").json()["org"][0]
    assert org["company_name"] == "Zylker" and org["time_zone"] == "Asia/Kolkata"


# ---- control endpoints -------------------------------------------------------------------------


def test_reset_restores_dataset(api: Api) -> None:
    api.put("/crm/v8/Leads", BODY)
    assert api.record("crm", "Leads", LEAD)["Company"] == "Z"
    api.reset()
    assert api.record("crm", "Leads", LEAD)["Company"] == "Zylker"


def test_load_dataset_and_records(api: Api) -> None:
    data = {
        "crm": {
            "current_user": "1",
            "users": [{"id": "1", "full_name": "Solo User"}],
            "modules": {
                "Widgets": {
                    "id": "9",
                    "display_field": "Name",
                    "fields": {"Name": {"type": "text", "length": 5, "mandatory": True}},
                }
            },
            "records": {"Widgets": [{"id": "100", "Name": "abc"}]},
        }
    }
    r = api.post("/_emulator/load", data)
    assert r.status_code == 200, r.text
    recs = api.get("/_emulator/records/crm/Widgets").json()["data"]
    assert [x["Name"] for x in recs] == ["abc"]
    r = api.put("/crm/v8/Widgets", {"data": [{"id": "100", "Name": "toolong"}]})
    assert r.json()["data"][0]["details"]["maximum_length"] == 5
    # bigin falls back to the default dataset
    assert api.get("/bigin/v2/Pipelines/2034020000000489124").status_code == 200
    api.reset()  # back to the dataset the emulator started with
    assert api.get("/crm/v8/Leads/" + LEAD).status_code == 200


def test_load_invalid_dataset(api: Api) -> None:
    r = api.post(
        "/_emulator/load", {"crm": {"modules": {"X": {"fields": {"a": {"type": "nonsense"}}}}}}
    )
    assert r.status_code == 400 and r.json()["code"] == "INVALID_DATA"
    assert api.get("/crm/v8/Leads/" + LEAD).status_code == 200


def test_health(api: Api) -> None:
    body = api.get("/_emulator/health", token=None).json()
    assert body["status"] == "ok" and body["records"]["crm"]["Deals"] >= 2


# ---- limits --------------------------------------------------------------------------------------


def test_body_too_large(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(max_body_bytes=200))
    r = api.put("/crm/v8/Leads", {"data": [{"id": LEAD, "Description": "x" * 500}]})
    assert r.status_code == 413 and r.json()["status"] == "error"


def test_concurrency_limit(harness: Harness, mode: str) -> None:
    if mode != "http":
        pytest.skip("needs concurrent connections")
    api = harness.make(
        EmulatorConfig(max_concurrent_requests=1, faults=[{"kind": "latency", "latency_ms": 300}])
    )
    results: list[int] = []

    def call() -> None:
        with httpx.Client(base_url=api.base_url) as c:
            r = c.put(
                "/crm/v8/Leads",
                content=json.dumps(BODY),
                headers={"Authorization": f"Zoho-oauthtoken {TOKEN}"},
            )
            results.append(r.status_code)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join()
    assert sorted(results) == [200, 429, 429]


# ---- injected faults -----------------------------------------------------------------------------


def test_fault_error_count(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(faults=[FaultRule(kind="error", count=1)]))
    r = api.put("/crm/v8/Leads", BODY)
    assert r.status_code == 500
    assert r.json() == {
        "code": "INTERNAL_ERROR",
        "details": {},
        "message": "Internal Server Error",
        "status": "error",
    }
    assert api.put("/crm/v8/Leads", BODY).status_code == 200


def test_fault_throttle_via_control_endpoint(api: Api) -> None:
    r = api.post(
        "/_emulator/faults",
        {
            "faults": [
                {
                    "kind": "throttle",
                    "count": 2,
                    "retry_after": 3,
                    "path": "/crm/v8/Leads$",
                    "method": "PUT",
                }
            ]
        },
    )
    assert r.status_code == 200
    first = api.put("/crm/v8/Leads", BODY)
    assert first.status_code == 429 and first.json()["code"] == "TOO_MANY_REQUESTS"
    assert first.headers["retry-after"] == "3"
    assert api.get(f"/crm/v8/Leads/{LEAD}").status_code == 200  # other path unaffected
    assert api.put("/crm/v8/Leads", BODY).status_code == 429
    assert api.put("/crm/v8/Leads", BODY).status_code == 200
    assert api.get("/_emulator/faults").json()["faults"][0]["fired"] == 2
    api.request("DELETE", "/_emulator/faults")
    assert api.get("/_emulator/faults").json() == {"faults": []}


def test_fault_probability_is_seeded(harness: Harness) -> None:
    def run() -> list[int]:
        api = harness.make(
            EmulatorConfig(faults=[{"kind": "error", "probability": 0.5, "status": 503}], seed=7)
        )
        return [api.put("/crm/v8/Leads", BODY).status_code for _ in range(20)]

    a, b = run(), run()
    assert a == b and set(a) == {200, 503}


def test_fault_latency(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(faults=[{"kind": "latency", "latency_ms": 150, "count": 1}]))
    t = time.perf_counter()
    api.put("/crm/v8/Leads", BODY)
    assert time.perf_counter() - t >= 0.15


def test_fault_drop(harness: Harness, mode: str) -> None:
    if mode != "http":
        pytest.skip("a dropped connection needs a real connection")
    api = harness.make(EmulatorConfig(faults=[{"kind": "drop", "count": 1}]))
    with pytest.raises(httpx.TransportError):
        api.put("/crm/v8/Leads", BODY)
    assert api.put("/crm/v8/Leads", BODY).status_code == 200


def test_bad_fault_config(api: Api) -> None:
    r = api.post("/_emulator/faults", {"faults": [{"kind": "explode"}]})
    assert r.status_code == 400 and r.json()["code"] == "INVALID_DATA"


# ---- robustness: never a 500 for bad input -------------------------------------------------------

GARBAGE: list[Any] = [
    None,
    1,
    "x",
    [],
    {},
    {"data": None},
    {"data": [None]},
    {"data": [[]]},
    {"data": [{"id": None}]},
    {"data": [{"id": {"a": 1}}]},
    {"data": [{"id": [1]}]},
    {"data": [{"id": -1}]},
    {"data": [{"id": 10**30}]},
    {"data": [{"id": LEAD, "Owner": []}]},
    {"data": [{"id": LEAD, "Owner": {"id": None}}]},
    {"data": [{"id": LEAD, "$append_values": {"x": 1}}]},
    {"data": [{"id": LEAD, "Tag": "x"}]},
    {"data": [{"id": LEAD, "Last_Contacted_At": "2021-02-30T10:00:00+05:30"}]},
    {"data": [{"id": LEAD, "Annual_Revenue": 1e300}]},
    {"data": [{"id": LEAD, "No_of_Employees": 10**20}]},
    {"data": [{"id": LEAD}], "trigger": None},
    {"data": [{"id": LEAD}], "duplicate_check_fields": "x"},
    {"data": [{"Listings": [None]}], "ids": None, "cvid": {}, "territory": []},
    {
        "data": [{"Industry": "Retail"}],
        "cvid": "554023000000091515",
        "territory": {"id": None, "include_child": "y"},
    },
    {"data": [{"Industry": "Retail"}], "ids": "x"},
    {"data": [{"Industry": "Retail"}], "over_write": "x"},
    {"data": [{"id": "554023000000490001", "Quoted_Items": [{"id": None}]}]},
    {
        "data": [
            {
                "id": "3652397000003852095",
                "Image_Upload": [{}],
                "Listings": [{"Interested_Listings": 5}],
            }
        ]
    },
]

PATHS = [
    ("PUT", "/crm/v8/Leads"),
    ("PUT", f"/crm/v8/Leads/{LEAD}"),
    ("POST", "/crm/v8/Accounts/actions/mass_update"),
    ("POST", "/bigin/v2/Pipelines/upsert"),
    ("PUT", "/bigin/v2/Pipelines/2034020000000644063/Products"),
    ("PUT", "/crm/v8/Deals"),
    ("PUT", "/crm/v8/Quotes"),
    ("POST", "/crm/v8/Leads"),
]


def test_garbage_never_500(api: Api) -> None:
    for method, path in PATHS:
        for body in GARBAGE:
            r = (
                api.request(method, path, json_body=body)
                if body is not None
                else api.request(method, path, content=b"null")
            )
            assert r.status_code < 500, (method, path, body, r.text)
            assert r.headers["content-type"].startswith("application/json") or r.status_code == 204
        for raw in (
            b"\x00\x01",
            b"[" * 5000,
            b'{"data": "' + b"a" * 10 + b'"}',
            '{"data": ["\u00e9"]}'.encode(),
        ):
            r = api.request(method, path, content=raw)
            assert r.status_code < 500, (method, path, raw[:20], r.text)


def test_same_record_many_writers_no_lost_update(mode: str, harness: Harness) -> None:
    if mode != "http":
        pytest.skip("needs concurrent connections")
    data = default_dataset()  # 40 distinct values: the picklist takes any text here
    data["crm"]["modules"]["Deals"]["fields"]["Languages_Known"]["restricted"] = False
    api = harness.make(EmulatorConfig(data=data))
    errors: list[int] = []

    def writer(n: int) -> None:
        with httpx.Client(base_url=api.base_url) as c:
            for k in range(10):
                r = c.post(
                    "/crm/v8/Deals/actions/mass_update",
                    content=json.dumps(
                        {
                            "data": [{"Languages_Known": [f"L{n}-{k}"]}],
                            "ids": ["554023000000497007"],
                        }
                    ),
                    headers={"Authorization": f"Zoho-oauthtoken {TOKEN}"},
                )
                if r.status_code != 200:
                    errors.append(r.status_code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    values = api.record("crm", "Deals", "554023000000497007")["Languages_Known"]
    assert len(values) == 1 + 40  # every append (over_write false) survived


# ---- durability with --db ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    src = str(Path(zoho_emulator.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zoho_emulator", "serve", "--port", str(port), "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("emulator did not start")


def test_kill_9_durability(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    port = _free_port()
    h = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    proc = _serve(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, headers=h) as c:
            for i in range(20):
                r = c.put(
                    "/crm/v8/Leads",
                    content=json.dumps({"data": [{"id": LEAD, "Company": f"v{i}"}]}),
                )
                assert r.status_code == 200
            r = c.post(
                "/bigin/v2/Pipelines/upsert",
                content=json.dumps(
                    {
                        "data": [
                            {
                                "Deal_Name": "Durable",
                                "Sub_Pipeline": "Marketing",
                                "Stage": "Campaign Live",
                            }
                        ]
                    }
                ),
            )
            new_id = r.json()["data"][0]["details"]["id"]
            c.put(
                "/bigin/v2/Pipelines/2034020000000489124/Products",
                content=json.dumps({"data": [{"id": "2034020000000489210"}]}),
            )
            job = c.post(
                "/crm/v8/Accounts/actions/mass_update",
                content=json.dumps(
                    {"data": [{"Industry": "Retail"}], "cvid": "554023000000091515"}
                ),
            ).json()["data"][0]["details"]["job_id"]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc = _serve(db, port)
        with httpx.Client(base_url=base, headers=h) as c:
            assert c.get(f"/crm/v8/Leads/{LEAD}").json()["data"][0]["Company"] == "v19"
            assert (
                c.get(f"/bigin/v2/Pipelines/{new_id}").json()["data"][0]["Deal_Name"] == "Durable"
            )
            rel = c.get("/bigin/v2/Pipelines/2034020000000489124/Products").json()["data"]
            assert [x["id"] for x in rel] == ["2034020000000489210"]
            assert (
                c.get("/crm/v8/Accounts/actions/mass_update", params={"job_id": job}).json()[
                    "data"
                ][0]["Status"]
                == "SCHEDULED"
            )
            # new ids never collide with ones handed out before the kill
            r = c.post(
                "/bigin/v2/Pipelines/upsert",
                content=json.dumps(
                    {
                        "data": [
                            {
                                "Deal_Name": "After",
                                "Sub_Pipeline": "Marketing",
                                "Stage": "Campaign Live",
                            }
                        ]
                    }
                ),
            )
            assert r.json()["data"][0]["details"]["id"] != new_id
            # reset goes back to the dataset, durably
            assert c.post("/_emulator/reset").status_code == 200
            assert c.get(f"/crm/v8/Leads/{LEAD}").json()["data"][0]["Company"] == "Zylker"
    finally:
        proc.kill()
        proc.wait(timeout=10)


# ---- CLI and dataset files ------------------------------------------------------------------------


def test_cli_parser() -> None:
    from zoho_emulator.cli import build_parser

    args = build_parser().parse_args(
        ["serve", "--port", "9", "--token", "a", "--token", "b=ZohoCRM.modules.ALL", "--db", "x.db"]
    )
    cfg = EmulatorConfig(tokens=args.token, db=args.db)
    specs = cfg.token_specs()
    assert set(specs) == {"a", "b"} and specs["b"].scopes == {"zohocrm.modules.all"}
    assert args.port == 9 and args.host == "127.0.0.1"


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_dataset_file(tmp_path: Path, suffix: str, harness: Harness) -> None:
    import yaml

    data = {
        "bigin": {
            "current_user": "5",
            "users": [{"id": "5", "full_name": "File User"}],
            "modules": {
                "Contacts": {
                    "id": "1",
                    "fields": {"Last_Name": {"type": "text", "mandatory": True}},
                }
            },
            "records": {"Contacts": [{"id": "77", "Last_Name": "FromFile"}]},
        }
    }
    path = tmp_path / f"data{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data))
    api = harness.make(EmulatorConfig(data=path))
    rec = api.record("bigin", "Contacts", "77")
    assert rec["Last_Name"] == "FromFile" and rec["Owner"]["name"] == "File User"
    r = api.put("/bigin/v2/Contacts/77", {"data": [{"Last_Name": "Changed"}]})
    assert r.json()["data"][0]["details"]["Modified_By"] == {"name": "File User", "id": "5"}
    assert (
        api.record("crm", "Leads", LEAD)["Last_Name"] == "Stewart"
    )  # crm from the default dataset


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"kind": "error", "count": 1}, 'expected {"faults"'),
        ({"rules": []}, "unknown keys ['rules']"),
        ({"faults": [{"kind": "error", "status": "abc"}]}, "status must be an HTTP error"),
        ({"faults": [{"kind": "error", "status": 200}]}, "status must be an HTTP error"),
        ({"faults": [{"kind": "latency", "latency_ms": -5}]}, "latency_ms must be"),
        ({"faults": [{"kind": "error", "path": "("}]}, "path must be a regular expression"),
        ({"faults": [], "mode": "bogus"}, "mode is replace or append"),
    ],
)
def test_bad_fault_rules_are_refused_and_keep_the_rules_set(api: Api, body, reason) -> None:
    """A bad body is a 400 naming the problem; the rules already set stay."""
    api.post("/_emulator/faults", {"faults": [{"kind": "throttle", "count": 1}]})
    r = api.post("/_emulator/faults", body)
    assert r.status_code == 400 and reason in r.json()["details"]["reason"]
    assert [f["kind"] for f in api.get("/_emulator/faults").json()["faults"]] == ["throttle"]
    api.request("DELETE", "/_emulator/faults")
