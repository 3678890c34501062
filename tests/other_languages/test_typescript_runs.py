"""The typescript-fetch clients generated from the published bundles work against the emulator.

``test_typescript.py`` proves the generated TypeScript compiles; this runs it. openapi-generator
(the venv's pinned ``openapi-generator-cli``, one JVM ``batch`` run for both bundles) writes the
``typescript-fetch`` client of each bundle, the pinned ``tsc`` compiles them with
``typescript_runs/flow.ts`` to CommonJS, and Node (its built-in ``fetch``) runs that program
against an emulator started here on 127.0.0.1. The program does what a TypeScript user does,
through the generated ``RecordsApi`` of each product: inserts CRM Deals and Bigin Pipelines,
reads them back by id, updates one by its 19-digit id (a null clears a field), updates many,
upserts (one match, one new), deletes, and meets a per-record error (a bad value, a missing
mandatory field: HTTP 207 and 400) and top-level errors (an unknown module, a bad token). It
checks what the client parsed (ids are the server's digit strings, custom fields survive,
errors carry code, details, message and status) and prints them as one JSON line; the tests
below assert on those checks and read the emulator's state to see that what was written is
what was meant.

A third client, the CRM one generated with ``modelPropertyNaming=original``, shows the remedy
for what the default naming does to the record keys the spec declares (the xfails below).
Everything is built once per module (one generation run, one tsc run, one run of the program:
6-9 s on two idle cores, 15-19 s with the machine loaded, 2026-12-05). Without java or node
the tests skip, and fail under ``CI=true``. Nothing leaves 127.0.0.1.

Found by this test (2.3.0, CHANGELOG): a per-record result's ``anyOf`` of success and error
was merged by openapi-generator into one interface whose ``status`` is only ``"error"`` (the
program's ``item.status === "success"`` did not compile), and the 400 body's ``anyOf`` of
per-record results and ``ErrorResponse`` into a model whose ``FromJSON`` threw a TypeError on a
top-level error. The spec now says ``oneOf``. What remains is the generator's and is pinned
below as strict xfails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer

from . import DIST, need, node_tool

PROGRAM = Path(__file__).resolve().parent / "typescript_runs" / "flow.ts"
PRODUCTS = ("crm", "bigin")
MODULES = {"crm": "Deals", "bigin": "Pipelines"}
BIGIN_RECORD = "2034020000000489124"  # the dataset's "Himalayan Trek", Amount 6000

pytestmark = pytest.mark.timeout(300)


@dataclass
class Build:
    root: Path
    errors: str  # tsc's output (empty when everything compiled)


@dataclass
class Run:
    summary: dict[str, Any]
    stderr: str
    # the emulator's records (product → id → record) and its log of writes
    state: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    need("java", "`make setup` as root installs default-jre-headless (openapi-generator's jar)")
    need("node", "install Node.js 20 or later (the program runs on its built-in fetch)")
    tsc = node_tool("tsc")
    root = tmp_path_factory.mktemp("typescript-runs")
    configs = []
    for product in PRODUCTS:
        config = root / f"{product}.json"
        config.write_text(json.dumps({
            "generatorName": "typescript-fetch",
            "inputSpec": str(DIST / f"{product}.openapi.yaml"),
            "outputDir": str(root / product),
        }), encoding="utf-8")  # fmt: skip
        configs.append(str(config))
    # The remedy for the renamed record keys (the xfails below): Zoho's names kept.
    config = root / "crm-original.json"
    config.write_text(json.dumps({
        "generatorName": "typescript-fetch",
        "inputSpec": str(DIST / "crm.openapi.yaml"),
        "outputDir": str(root / "crm-original"),
        "additionalProperties": {"modelPropertyNaming": "original"},
    }), encoding="utf-8")  # fmt: skip
    configs.append(str(config))
    gen = subprocess.run(
        [str(Path(sys.executable).parent / "openapi-generator-cli"), "batch", "--fail-fast", *configs],
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert gen.returncode == 0, (
        f"openapi-generator batch failed:\n{(gen.stdout + gen.stderr)[-4000:]}"
    )
    shutil.copy(PROGRAM, root / "flow.ts")
    (root / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {
            "target": "ES2022", "module": "commonjs", "moduleResolution": "node",
            "lib": ["ES2022", "DOM"], "strict": True, "skipLibCheck": True, "types": [],
            "outDir": "out", "rootDir": ".",
        },
        "files": ["flow.ts"],
    }), encoding="utf-8")  # fmt: skip
    compiled = subprocess.run(
        [str(tsc), "-p", str(root / "tsconfig.json"), "--pretty", "false"],
        capture_output=True, text=True, check=False, timeout=240, cwd=root,
    )  # fmt: skip
    return Build(root, compiled.stdout + compiled.stderr)


@pytest.fixture(scope="module")
def run(build: Build) -> Run:
    program = build.root / "out" / "flow.js"
    assert program.exists(), f"tsc wrote no JavaScript:\n{build.errors}"
    with EmulatorServer() as server:
        settings = {"baseUrl": server.base_url, "token": server.token, "biginRecord": BIGIN_RECORD}
        proc = subprocess.run(
            ["node", str(program), json.dumps(settings)],
            capture_output=True, text=True, check=False, timeout=120, cwd=build.root,
            env={**os.environ, "NODE_OPTIONS": ""},
        )  # fmt: skip
        lines = proc.stdout.strip().splitlines()
        assert lines, (
            f"the program printed nothing (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
        )
        summary = json.loads(lines[-1])
        assert "fatal" not in summary, summary["fatal"]
        result = Run(summary, proc.stderr)
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            for product, module in MODULES.items():
                rows = http.get(f"/_emulator/records/{product}/{module}").json()["data"]
                result.state[product] = {row["id"]: row for row in rows}
            result.log = http.get("/_emulator/requests").json()["requests"]
    return result


def checks(run: Run, product: str, group: str) -> list[dict[str, Any]]:
    found = [c for c in run.summary["checks"] if c["product"] == product and c["group"] == group]
    assert found, f"the program made no {group!r} check for {product}"
    return found


def assert_checks(run: Run, product: str, group: str) -> None:
    bad = [c for c in checks(run, product, group) if not c["ok"]]
    assert not bad, f"{product} {group}: " + json.dumps(bad, indent=1)[:4000]


def test_the_program_compiles_under_strict(build: Build) -> None:
    # It narrows per-record results on `status` (`item.status === "success"`, then
    # `item.details.id` is a string): that did not compile while the spec said anyOf.
    assert not build.errors.strip(), build.errors


@pytest.mark.parametrize("product", PRODUCTS)
def test_no_step_threw(run: Run, product: str) -> None:
    threw = [c for c in run.summary["checks"] if c["product"] == product and c["group"] == "threw"]
    assert not threw, "\n\n".join(f"{c['name']}: {c['got']}" for c in threw)


@pytest.mark.parametrize("product", PRODUCTS)
def test_ids_are_the_servers_digit_strings(run: Run, product: str) -> None:
    assert_checks(run, product, "ids")
    written = run.summary["written"][product]
    assert written and all(len(i) == 19 and i.isdigit() for i in written.values()), written
    # what the client parsed is what the emulator holds (the deleted one aside)
    deleted = {"crm": "upserted", "bigin": "cruise"}[product]
    for name, record_id in written.items():
        assert (record_id in run.state[product]) == (name != deleted), (name, record_id)


@pytest.mark.parametrize("product", PRODUCTS)
def test_custom_fields_survive_deserialisation(run: Run, product: str) -> None:
    assert_checks(run, product, "fields")


@pytest.mark.parametrize("product", PRODUCTS)
def test_null_clears_a_field(run: Run, product: str) -> None:
    assert_checks(run, product, "null")
    if product == "crm":
        record = run.state["crm"][run.summary["written"]["crm"]["first"]]
        assert record.get("Next_Step") is None, record
        assert (record["Stage"], record["Amount"]) == ("Closed Won", 2000), record
    else:
        record = run.state["bigin"][BIGIN_RECORD]
        assert record.get("Amount") is None, record
        assert (record["Stage"], record["Deal_Name"]) == ("Negotiation/Review", "Himalayan Trek")


@pytest.mark.parametrize("product", PRODUCTS)
def test_upsert_and_delete(run: Run, product: str) -> None:
    assert_checks(run, product, "upsert")
    assert_checks(run, product, "delete")
    written, state = run.summary["written"][product], run.state[product]
    if product == "crm":
        second = state[written["second"]]
        assert (second["Stage"], second["Description"]) == ("Closed Lost", "from TypeScript")
        deleted = written["upserted"]
    else:
        assert state[written["trek"]]["Stage"] == "Closed Won"
        deleted = written["cruise"]
    deletes = [e for e in run.log if e.get("op", "").startswith("delete")]
    assert any(deleted in e.get("ids", ()) for e in deletes), deletes


@pytest.mark.parametrize("product", PRODUCTS)
def test_per_record_errors_are_parsed(run: Run, product: str) -> None:
    assert_checks(run, product, "record_errors")
    names = {r.get("Deal_Name") for r in run.state[product].values()}
    meant = {"crm": ("TS partly", {"TS bad amount", "TS no stage"}),
             "bigin": ("TS fine", {"TS no sub-pipeline"})}[product]  # fmt: skip
    assert meant[0] in names and not meant[1] & names, names


@pytest.mark.parametrize("product", PRODUCTS)
def test_top_level_errors_surface_their_code(run: Run, product: str) -> None:
    assert_checks(run, product, "top_errors")
    assert not any(r.get("Deal_Name") == "TS nowhere" for r in run.state[product].values())


def test_writes_reach_the_server_as_meant(run: Run) -> None:
    # The emulator's log of what it wrote, by operation and record id: every id the client
    # sent (in a path, a body or ?ids=) arrived as the 19 digits it read, not a rounded number.
    w = {p: run.summary["written"][p] for p in PRODUCTS}
    crm, big = w["crm"], w["bigin"]
    # refused (400) while the generated names go out besides Zoho's (an xfail below)
    leak_fixed = all(c["ok"] for c in checks(run, "crm", "generator_names"))
    meant = [
        ("insert", "crm", [crm["first"], crm["second"]]),
        ("update", "crm", [crm["first"]]),
        ("update", "crm", [crm["second"]]),  # updateRecords, the id in the body
        ("update", "crm", [crm["second"]]),  # Zoho's key names (default naming)
        ("update", "crm", [crm["second"]] if leak_fixed else []),  # the generated names
        ("update", "crm", [crm["second"]]),  # modelPropertyNaming=original
        ("upsert", "crm", [crm["second"], crm["upserted"]]),
        ("delete", "crm", [crm["upserted"]]),
        ("insert", "crm", [crm["partly"]]),
        ("insert", "crm", []),  # every record failed
        ("insert", "bigin", [big["trek"]]),
        ("update", "bigin", [BIGIN_RECORD]),
        ("upsert", "bigin", [big["trek"], big["cruise"]]),
        ("delete", "bigin", [big["cruise"]]),
        ("insert", "bigin", [big["fine"]]),
    ]
    assert [(e["op"], e["product"], e["ids"]) for e in run.log] == meant


RENAMED = (
    "openapi-generator typescript-fetch's default modelPropertyNaming=camelCase renames the "
    "record keys the spec declares (Layout -> layout, Tag -> tag, $append_values -> "
    "$appendValues) and serialises a record as `{...value, Tag: value.tag, ...}` (records "
    "take any field: additionalProperties). "
)


@pytest.mark.xfail(
    strict=True,
    reason=RENAMED + "A key written with Zoho's name is overwritten by the undefined renamed "
    "one and silently left out of the body (tsc accepts it: the index signature is "
    "`[key: string]: FieldValue | any`). Not the spec's to fix (the wire names are Zoho's): "
    "generate with --additional-properties=modelPropertyNaming=original",
)
def test_keys_written_with_zohos_names_are_sent(run: Run) -> None:
    assert_checks(run, "crm", "zoho_names")


@pytest.mark.xfail(
    strict=True,
    reason=RENAMED + "A key written with the generated name goes out twice, as `Tag` and as "
    "`tag` (a field Zoho does not have: the emulator answers 400 MANDATORY_NOT_FOUND for "
    "`$appendValues`). Not the spec's to fix: generate with "
    "--additional-properties=modelPropertyNaming=original",
)
def test_keys_written_with_the_generated_names_are_sent_once(run: Run) -> None:
    assert_checks(run, "crm", "generator_names")


def test_with_original_property_names_zohos_keys_are_sent(run: Run) -> None:
    # The remedy for the two above: the client generated with modelPropertyNaming=original
    # sends `$append_values` and `Tag` as written, and the server appends.
    assert_checks(run, "crm", "original_names")
    second = run.state["crm"][run.summary["written"]["crm"]["second"]]
    assert second["Languages_Known"] == ["Spanish", "German"], second
