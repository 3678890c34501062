"""Zoho's own Python SDKs, one per CRM API version, run unchanged against the emulator.

Each SDK is installed from PyPI into its own venv (``sdk_envs``: they share import names) and
runs ``drivers/<sdk>.py`` there, which configures it only through its public ``Initializer``
and a custom ``DataCenter.Environment`` pointing at the emulator, then: updates two records,
updates one, reads it back, mass-updates by ids, mass-updates by custom view and polls that
job to completion. The driver prints what the SDK parsed; this side checks those answers, the
emulator's records, and every HTTP exchange the SDK had (right API version in every path, and
no error answer anywhere, metadata of linking and subform modules included).

The SDKs read field metadata before they write and refuse to go on when it does not parse or
names a module the server does not know: this is the test that each version's metadata shapes
are the ones that version's clients expect (before version-specific shapes, zohocrmsdk2-0 and
2-1 failed on their first write and 5-0 to 7-0 met INVALID_MODULE for linking modules).
API versions v3 and v4 have no Python SDK on PyPI; ``test_version_shapes`` pins their shapes
(those of Zoho's Node.js SDK 3.0 and PHP SDK 4.0 models).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer

from .sdk_envs import DRIVERS, SDKS, sdk_models, sdk_python

# building a venv on a cold pip cache downloads the SDK and its dependencies
pytestmark = pytest.mark.timeout(600)

MANY = ("554023000000497007", "554023000000497015")
ONE = "3652397000003852095"
ALL_DEALS_VIEW = "554023000000091530"  # the default dataset's "All Deals" custom view

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Asgi = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


class Recorder:
    """ASGI middleware that notes each request's method, path, query and answer status."""

    def __init__(self, app: Asgi) -> None:
        self.app = app
        self.seen: list[dict[str, Any]] = []
        self.state = getattr(app, "state", None)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        entry = {
            "method": scope["method"],
            "path": scope["path"],
            "query": scope["query_string"].decode("latin-1"),
            "status": None,
        }
        self.seen.append(entry)

        async def noting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        await self.app(scope, receive, noting_send)


@contextmanager
def recorded_emulator() -> Iterator[tuple[EmulatorServer, Recorder]]:
    server = EmulatorServer()
    recorder = Recorder(server.app)
    server.app = recorder  # type: ignore[assignment]
    with server:
        yield server, recorder


def scenario(server: EmulatorServer, workdir: Path, tag: str) -> dict[str, Any]:
    return {
        "base_url": server.base_url,
        "token": server.token,
        "workdir": str(workdir),
        "module": "Deals",
        "choices": ["Type", "Lead_Source"],  # picklists: sent as the SDK's Choice
        "many": {
            MANY[0]: {"Next_Step": f"{tag} many 1", "Amount": 1234.5},
            MANY[1]: {"Next_Step": f"{tag} many 2"},
        },
        "one": [ONE, {"Next_Step": f"{tag} one"}],
        "read": ONE,
        "mass_ids": [list(MANY), {"Type": "Existing Business"}],
        "mass_cvid": [ALL_DEALS_VIEW, {"Lead_Source": "Partner"}],
    }


def run_driver(python: Path, driver: str, cfg: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [str(python), str(DRIVERS / driver), json.dumps(cfg)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = proc.stdout.strip().splitlines()
    log = Path(cfg["workdir"], "sdk.log")
    context = (
        f"exit {proc.returncode}\nstderr:\n{proc.stderr[-4000:]}\n"
        f"SDK log (end):\n{log.read_text()[-6000:] if log.exists() else '(none)'}"
    )
    assert lines, f"the driver printed nothing\n{context}"
    result: dict[str, Any] = json.loads(lines[-1])
    assert result["ok"], f"{result['error']}\n{result.get('traceback')}\n{context}"
    return result["steps"]


def successes(answer: dict[str, Any], status: int, message: str) -> list[dict[str, Any]]:
    assert answer["status_code"] == status, answer
    items = answer["object"]["data"]
    for item in items:
        assert item["__class__"].endswith("SuccessResponse"), item
        assert (item["status"], item["code"], item["message"]) == ("success", "SUCCESS", message)
    return items


@pytest.mark.parametrize("name", list(SDKS))
def test_zoho_sdk_runs_unchanged_against_the_emulator(name: str, tmp_path: Path) -> None:
    sdk = SDKS[name]
    python = sdk_python(name)
    with recorded_emulator() as (server, recorder):
        steps = run_driver(python, sdk.driver, scenario(server, tmp_path, name))
        deals = {
            r["id"]: r
            for r in httpx.get(f"{server.base_url}/_emulator/records/crm/Deals").json()["data"]
        }

    # what the SDK parsed from the answers
    many = successes(steps["update_many"], 200, "record updated")
    assert [str(item["details"]["id"]) for item in many] == list(MANY)
    [one] = successes(steps["update_one"], 200, "record updated")
    assert str(one["details"]["id"]) == ONE
    assert steps["read"]["status_code"] == 200
    [record] = steps["read"]["object"]["data"]
    assert str(record["id"]) == ONE
    assert record["Next_Step"] == f"{name} one"
    assert record["Deal_Name"] == "v7 Deal"
    by_ids = successes(steps["mass_ids"], 200, "record updated")
    assert sorted(str(item["details"]["id"]) for item in by_ids) == sorted(MANY)
    [scheduled] = successes(steps["mass_cvid"], 202, "mass update scheduled successfully")
    assert re.fullmatch(r"[0-9]{1,19}", str(scheduled["details"]["job_id"]))
    polls = [p["object"]["data"][0] for p in steps["mass_status"]]
    assert all(p["__class__"] == "MassUpdate" for p in polls)
    assert polls[0]["status"] in ("SCHEDULED", "RUNNING", "COMPLETED")
    assert polls[-1]["status"] == "COMPLETED", polls
    assert (polls[-1]["total_count"], polls[-1]["updated_count"]) == (len(deals), len(deals))

    # what the emulator holds
    assert (deals[MANY[0]]["Next_Step"], deals[MANY[0]]["Amount"]) == (f"{name} many 1", 1234.5)
    assert deals[MANY[1]]["Next_Step"] == f"{name} many 2"
    assert deals[ONE]["Next_Step"] == f"{name} one"
    assert deals[MANY[0]]["Type"] == deals[MANY[1]]["Type"] == "Existing Business"
    assert {d["Lead_Source"] for d in deals.values()} == {"Partner"}

    # every exchange: the SDK's API version, and no error answer (metadata included)
    sdk_requests = [r for r in recorder.seen if not r["path"].startswith("/_emulator/")]
    prefix = f"/crm/{sdk.api_version}/"
    assert sdk_requests and all(r["path"].startswith(prefix) for r in sdk_requests), sdk_requests
    failed = [r for r in sdk_requests if not 200 <= r["status"] < 300]
    assert not failed, f"{name} got error answers: {failed}"
    # the metadata it walked: lookups' modules by name, linking modules, subform modules
    asked = {r["query"] for r in sdk_requests if r["path"] == prefix + "settings/fields"}
    for module in ("Deals", "Accounts", "Deals_X_Listings", "Deals_X_Users", "Quoted_Items"):
        assert f"module={module}" in asked, (module, sorted(asked))


# --- every field's metadata against each SDK's own model of it ------------------------------

Problems = list[str]


def _check(
    value: Any, kind: str, structure: str | None, models: dict[str, Any], path: str
) -> Problems:
    """Where ``value`` does not fit the SDK's declared type (None fits everything)."""
    if value is None:
        return []
    if kind == "String":
        return [] if isinstance(value, str) else [f"{path}: {value!r} is not a string"]
    if kind == "Boolean":
        return [] if isinstance(value, bool) else [f"{path}: {value!r} is not a boolean"]
    if kind in ("Integer", "Long"):  # the SDKs read Zoho's digit-string ids as Long too
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and value.isdigit()
        )
        return [] if ok else [f"{path}: {value!r} is not an integer"]
    if kind == "Double":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r} is not a number"]
    if kind == "List":
        if not isinstance(value, list):
            return [f"{path}: {value!r} is not a list"]
        if structure in models:
            return [
                p
                for i, item in enumerate(value)
                for p in _check(item, structure, None, models, f"{path}[{i}]")
            ]
        return []
    if kind in models and not models[kind].get("interface"):
        if kind.endswith(".Choice"):
            return []
        if not isinstance(value, dict):
            return [f"{path}: {value!r} is not an object ({kind.rsplit('.', 1)[-1]})"]
        problems: Problems = []
        for member in models[kind].values():
            key = member.get("name")
            if isinstance(member, dict) and key in value:
                problems += _check(
                    value[key],
                    member["type"],
                    member.get("structure_name"),
                    models,
                    f"{path}.{key}",
                )
        return problems
    return []  # Map, Object, DateTime, a Choice, an interface: anything goes


@pytest.mark.parametrize("name", list(SDKS))
def test_every_fields_metadata_fits_the_sdks_models(name: str) -> None:
    """Each field of every module the SDK would walk, as that SDK's generated models type it.

    The models (``json_details.json``) are generated by Zoho from each API version's own
    description, so a key that is a string in one version and an object in another (the
    lookup's module, a linking module) shows up here for every key, not only those the
    scenario's SDK calls happen to read.
    """
    sdk = SDKS[name]
    models = sdk_models(name)
    wrapper = next(
        cls
        for key, cls in models.items()
        if re.search(r"\.api\.fields\.(ResponseWrapper|BodyWrapper)$", key)
    )
    field_class = wrapper["fields"]["structure_name"]
    problems: Problems = []
    with recorded_emulator() as (server, _):
        api = httpx.Client(base_url=f"{server.base_url}/crm/{sdk.api_version}")
        api.headers.update(server.auth_headers)
        listed = api.get("/settings/modules").json()["modules"]
        todo = [m["api_name"] for m in listed if m["api_supported"]]
        todo += ["Quoted_Items", "Invoiced_Items"]  # subform modules: served, not listed
        for module in todo:
            r = api.get("/settings/fields", params={"module": module})
            assert r.status_code == 200, (module, r.text)
            for field in r.json()["fields"]:
                problems += _check(
                    field, field_class, None, models, f"{module}.{field['api_name']}"
                )
    assert not problems, "\n".join(problems)


# --- issue 13: Zoho's v8 SDK inserts, upserts, pages, searches and deletes --------------------


def test_zoho_sdk8_inserts_upserts_reads_searches_and_deletes(tmp_path: Path) -> None:
    sdk = SDKS["zohocrmsdk8-0"]
    python = sdk_python("zohocrmsdk8-0")
    tag = "SDK8rec"
    with recorded_emulator() as (server, recorder):
        cfg = {
            "base_url": server.base_url,
            "token": server.token,
            "workdir": str(tmp_path),
            "module": "Deals",
            "records": True,
            "records_module": "Leads",
            "tag": tag,
            "per_page": 2,
            "insert": [
                {"Last_Name": f"{tag} {n}", "Email": f"sdk8.{n}@example.com"} for n in range(3)
            ],
            "upsert": [
                {"Last_Name": f"{tag} 0 again", "Email": "sdk8.0@example.com"},
                {"Last_Name": f"{tag} 3", "Email": "sdk8.3@example.com"},
            ],
        }
        steps = run_driver(python, sdk.driver, cfg)
        leads = httpx.get(f"{server.base_url}/_emulator/records/crm/Leads").json()["data"]

    inserted = successes(steps["insert"], 201, "record added")
    ids = [str(item["details"]["id"]) for item in inserted]
    upserted = steps["upsert"]["object"]["data"]
    assert steps["upsert"]["status_code"] == 200
    assert [(u["action"], u["duplicate_field"]) for u in upserted] == [
        ("update", "Email"),
        ("insert", None),
    ]
    assert str(upserted[0]["details"]["id"]) == ids[0]
    all_ids = [*ids, str(upserted[1]["details"]["id"])]
    # paging: the SDK parsed every page (page 1, then page tokens) and saw each record once
    pages = steps["pages"]
    assert all(p["status_code"] == 200 for p in pages) and len(pages) > 1
    seen = [str(r["id"]) for p in pages for r in p["object"]["data"]]
    assert len(seen) == len(set(seen)) and set(all_ids) <= set(seen)
    assert pages[0]["object"]["info"]["next_page_token"]
    # search found what was written, with the upserted name
    found = {str(r["id"]): r for r in steps["search"]["object"]["data"]}
    assert set(found) == set(all_ids) and found[ids[0]]["Last_Name"] == f"{tag} 0 again"
    # delete: one success per id, then the read answers as for a missing record
    deleted = successes(steps["delete"], 200, "record deleted")
    assert [str(d["details"]["id"]) for d in deleted] == all_ids
    gone = steps["read_deleted"]
    assert gone["status_code"] == 400 and gone["object"]["code"] == "INVALID_DATA"
    assert not {str(r["id"]) for r in leads} & set(all_ids)
    paths = {(r["method"], r["path"]) for r in recorder.seen}
    for expected in [("POST", "/crm/v8/Leads"), ("POST", "/crm/v8/Leads/upsert"),
                     ("GET", "/crm/v8/Leads"), ("GET", "/crm/v8/Leads/search"),
                     ("DELETE", "/crm/v8/Leads")]:  # fmt: skip
        assert expected in paths, (expected, sorted(paths))
