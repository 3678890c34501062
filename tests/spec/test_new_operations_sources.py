"""The issue-13 operations' spec sources, checked before (and after) they are wired in.

``openapi/paths/new_operations.yaml`` says which path items each root must reference and which
OAuth scopes the shared scheme must declare. These tests apply it to a temporary copy of
``openapi/`` (a no-op where the roots already do so), bundle that copy with the project's
bundler (``codegen.bundle.build_bundles``, which validates with openapi-spec-validator), and
check the bundles:

* the generic rules every published bundle obeys (tests/spec/test_bundles.py and
  test_generator_forms.py, run on these bundles);
* every line of ``openapi/doc_inventory_records.yaml`` (the pages transcribed independently);
* the operations already published are unchanged;
* Redocly's lint, as ``make spec-lint`` runs it on the published bundles.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.bundle import SpecError, build_bundles, render_bundles
from tests.spec import test_bundles as bundle_rules
from tests.spec import test_generator_forms as form_rules
from tests.spec.conftest import PRODUCTS, ROOT, deref, load_bundle, operations

OPENAPI = ROOT / "openapi"
WIRING = yaml.safe_load((OPENAPI / "paths" / "new_operations.yaml").read_text(encoding="utf-8"))
INVENTORY = yaml.safe_load((OPENAPI / "doc_inventory_records.yaml").read_text(encoding="utf-8"))
DOCUMENTS: dict[str, Any] = INVENTORY["documents"]
SCOPES_FILE = Path("components") / "securitySchemes" / "zohoOAuth2.yaml"
NEW_OPERATION_IDS = {
    "crm": {"insertRecords", "upsertRecords", "getRecords", "searchRecords", "deleteRecords",
            "deleteRecord"},
    "bigin": {"insertRecords", "getRecords", "searchRecords", "deleteRecords", "deleteRecord"},
}  # fmt: skip


def wire(openapi_dir: Path) -> None:
    """Apply ``new_operations.yaml`` to the sources in ``openapi_dir`` (idempotent)."""
    for product, wiring in WIRING["products"].items():
        root_file = openapi_dir / f"{product}.yaml"
        root = yaml.safe_load(root_file.read_text(encoding="utf-8"))
        for path, target in wiring["paths"].items():
            root["paths"][path] = {"$ref": target}
        root_file.write_text(yaml.safe_dump(root, sort_keys=False), encoding="utf-8")
    scheme_file = openapi_dir / SCOPES_FILE
    scheme = yaml.safe_load(scheme_file.read_text(encoding="utf-8"))
    scheme["flows"]["authorizationCode"]["scopes"].update(WIRING["scopes"])
    scheme_file.write_text(yaml.safe_dump(scheme, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    work = tmp_path_factory.mktemp("wired") / "openapi"
    shutil.copytree(OPENAPI, work, ignore=shutil.ignore_patterns("dist"))
    wire(work)
    try:
        bundles = build_bundles(work)  # bundles and validates (openapi-spec-validator)
    except SpecError as exc:  # pragma: no cover - the message is the diagnosis
        pytest.fail(f"the wired sources do not bundle: {exc}")
    return work, bundles


def _op(doc: dict[str, Any], entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    item = doc["paths"].get(entry["path"])
    assert item is not None, f"path {entry['path']} missing"
    op = item.get(entry["method"])
    assert op is not None, f"{entry['method'].upper()} {entry['path']} missing"
    assert op["operationId"] == entry["operationId"]
    return item, op


def _params(doc: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    return [deref(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]


def _props(doc: dict[str, Any], schema: Any) -> set[str]:
    schema = deref(doc, schema)
    props = set(schema.get("properties", {}))
    for variant in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        props |= _props(doc, variant)
    return props


def _request(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    return deref(doc, op["requestBody"]["content"]["application/json"]["schema"])


# ----------------------------------------------------------------------------- wiring


def test_wiring_is_idempotent(tmp_path: Path) -> None:
    """Applying the wiring twice gives the same sources (so this file works after wiring in)."""
    work = tmp_path / "openapi"
    shutil.copytree(OPENAPI, work, ignore=shutil.ignore_patterns("dist"))
    wire(work)
    once = {p: (work / p).read_text() for p in ("crm.yaml", "bigin.yaml", str(SCOPES_FILE))}
    wire(work)
    assert once == {p: (work / p).read_text() for p in once}


def test_the_wired_bundles_have_every_new_operation(wired) -> None:
    _work, bundles = wired
    for product, expected in NEW_OPERATION_IDS.items():
        ids = [op["operationId"] for _, _, op in operations(bundles[product])]
        assert len(ids) == len(set(ids)), f"{product}: duplicate operationIds"
        assert expected <= set(ids), f"{product}: missing {expected - set(ids)}"
        for _path, _method, op in operations(bundles[product]):
            if op["operationId"] in expected:
                assert op["tags"] == ["Records"]


def test_published_operations_are_unchanged(wired) -> None:
    """The existing methods come into the new path items unchanged."""
    _work, bundles = wired
    for product in PRODUCTS:
        published = load_bundle(product)
        for path, method, op in operations(published):
            wired_item = bundles[product]["paths"][path]
            assert wired_item[method] == op, f"{product} {method} {path}"
            assert wired_item.get("parameters") == published["paths"][path].get("parameters")
        for kind, members in published["components"].items():
            for name, value in members.items():
                ours = bundles[product]["components"][kind][name]
                if (kind, name) == ("securitySchemes", "zohoOAuth2"):
                    # the wiring only adds scopes
                    scopes = ours["flows"]["authorizationCode"]["scopes"]
                    assert scopes.items() >= value["flows"]["authorizationCode"]["scopes"].items()
                    ours = copy.deepcopy(ours)
                    ours["flows"]["authorizationCode"]["scopes"] = value["flows"][
                        "authorizationCode"
                    ]["scopes"]
                assert ours == value, f"{product}: component {kind}/{name} changed"


# ----------------------------------------------------------------------------- generic rules


@pytest.mark.parametrize("product", PRODUCTS)
def test_the_rules_of_every_published_bundle_hold(wired, product: str) -> None:
    _work, bundles = wired
    pair = (product, bundles[product])
    bundle_rules.test_every_example_validates_against_its_schema(pair)
    bundle_rules.test_an_invalid_example_is_caught(pair)
    bundle_rules.test_every_operation_declares_errors_and_statuses(pair)
    bundle_rules.test_error_codes_are_open_strings(pair)
    bundle_rules.test_ids_are_strings_in_responses_and_string_or_integer_in_requests(pair)
    bundle_rules.test_servers_cover_every_data_centre(pair)
    form_rules.test_no_lone_null_type(pair)
    form_rules.test_no_property_named_like_the_component_it_holds(pair)
    doc = bundles[product]
    header = doc["components"]["securitySchemes"]["zohoOAuthToken"]
    for path, method, op in operations(doc):
        assert op["security"], f"{method} {path}"
        assert op["security"] == [{"zohoOAuthToken": []}], f"{method} {path}"
        assert op["x-zoho-oauth-scopes"], f"{method} {path}"
    assert "Zoho-oauthtoken" in header["description"]


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_new_operation_has_the_shared_errors_and_a_cited_page(wired, product: str) -> None:
    _work, bundles = wired
    doc = bundles[product]
    for path, method, op in operations(doc):
        if op["operationId"] not in NEW_OPERATION_IDS[product]:
            continue
        codes = {(e["status"], e["code"]) for e in op["x-zoho-errors"]}
        for err in INVENTORY["all_operations"]["additional_errors"]:
            assert (err["status"], err["code"]) in codes, f"{method} {path} lacks {err['code']}"
        assert "https://www." in op["description"], f"{method} {path}: no source page cited"
        assert op["x-zoho-limits"], f"{method} {path}: no x-zoho-limits"
        for entry in op["x-zoho-errors"]:
            assert entry["source"], f"{method} {path}: {entry['code']} has no source"


@pytest.mark.parametrize("product", PRODUCTS)
def test_new_optional_parameters_have_no_default(wired, product: str) -> None:
    """openapi-python-client sends a declared default on every call: a default `page=1` beside
    `page_token` would be Zoho's AMBIGUITY_DURING_PROCESSING. Zoho's defaults are described."""
    doc = wired[1][product]
    for path, method, op in operations(doc):
        if op["operationId"] not in NEW_OPERATION_IDS[product]:
            continue
        for param in _params(doc, doc["paths"][path], op):
            if not param.get("required"):
                assert "default" not in param["schema"], f"{method} {path} {param['name']}"


# ----------------------------------------------------------------------------- the inventory


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_parameters_headers_and_statuses(wired, doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    doc = wired[1][page["product"]]
    for entry in page["operations"]:
        item, op = _op(doc, entry)
        params = _params(doc, item, op)
        found = {(p["in"], p["name"].lower() if p["in"] == "header" else p["name"]) for p in params}
        for name in page["path_parameters"]:
            if "{" + name + "}" in entry["path"]:
                assert ("path", name) in found, f"{doc_id}: path parameter {name}"
        for name in page.get("query_parameters", {}).get(entry["operationId"], []):
            assert ("query", name) in found, f"{doc_id}: query parameter {name}"
            described = next(p for p in params if p["in"] == "query" and p["name"] == name)
            assert described.get("description"), f"{doc_id}: {name} undescribed"
        for name in page.get("required_query_parameters", {}).get(entry["operationId"], []):
            required = next(p for p in params if p["in"] == "query" and p["name"] == name)
            assert required.get("required") is True, f"{doc_id}: {name} must be required"
        for header in page["headers"]:
            if header == "Authorization":
                assert op["security"], f"{doc_id}: {entry['operationId']} has no security"
            else:
                assert ("header", header.lower()) in found, f"{doc_id}: header {header}"
        for name, values in page.get("parameter_values", {}).items():
            schema = next(p for p in params if p["name"] == name)["schema"]
            assert schema["enum"] == values, f"{doc_id}: {name} values"
        for name, maximum in page.get("parameter_maximums", {}).items():
            schema = next(p for p in params if p["name"] == name)["schema"]
            assert schema["maximum"] == maximum, f"{doc_id}: {name} maximum"
        for status in page.get("statuses", []):
            assert status in op["responses"], f"{doc_id}: no {status} response"
        if "criteria_operators" in page:
            criteria = next(p for p in params if p["name"] == "criteria")
            for operator in page["criteria_operators"]:
                assert f"`{operator}`" in criteria["description"], f"{doc_id}: {operator}"


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_scopes(wired, doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    doc = wired[1][page["product"]]
    declared = doc["components"]["securitySchemes"]["zohoOAuth2"]["flows"]["authorizationCode"][
        "scopes"
    ]
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        alternatives = op["x-zoho-oauth-scopes"]
        used = {s for alternative in alternatives for s in alternative}
        for scope in page["scopes"]:
            assert scope in declared, f"{doc_id}: scope {scope} not declared"
            assert scope in used, f"{doc_id}: {entry['operationId']} does not accept {scope}"
        also = page.get("all_scopes_required_with")
        if also:
            for alternative in alternatives:
                assert also in alternative, f"{doc_id}: {alternative} lacks {also}"


SCHEMA_FOR_KEYS = {
    "upsert_skip_feature": "UpsertSkipFeature",
    "upsert_item": "UpsertSuccess",
    "info": "PageInfo",
    "delete_details": "DeleteDetails",
}


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_body_and_response_keys(wired, doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    doc = wired[1][page["product"]]
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        for group, keys in page.get("body_keys", {}).items():
            if group == "request":
                props = _props(doc, _request(doc, op))
            elif group == "record":
                props = _props(doc, _request(doc, op)["properties"]["data"]["items"])
            else:
                props = _props(doc, doc["components"]["schemas"][SCHEMA_FOR_KEYS[group]])
            for key in keys:
                assert key in props, f"{doc_id}: {entry['operationId']} {group} lacks {key!r}"
    for group, keys in page.get("response_keys", {}).items():
        props = _props(doc, doc["components"]["schemas"][SCHEMA_FOR_KEYS[group]])
        for key in keys:
            assert key in props, f"{doc_id}: response {group} lacks {key!r}"


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_limits(wired, doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    doc = wired[1][page["product"]]
    for entry in page["operations"]:
        item, op = _op(doc, entry)
        limits = op["x-zoho-limits"]
        one = entry["operationId"] == "deleteRecord"
        for name, value in page["limits"].items():
            expected = 1 if one and name == "records_per_call" else value
            assert limits.get(name) == expected, f"{doc_id}: {entry['operationId']} {name}"
        if "requestBody" in op and "records_per_call" in page["limits"]:
            data = _request(doc, op)["properties"]["data"]
            assert (data["minItems"], data["maxItems"]) == (1, page["limits"]["records_per_call"])
        if entry["operationId"] == "deleteRecords":
            ids = next(p for p in _params(doc, item, op) if p["name"] == "ids")
            pattern = ids["schema"]["pattern"]
            assert pattern.endswith(f"{{0,{page['limits']['records_per_call'] - 1}}}$")


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_samples_are_examples_of_the_pages_operations(wired, doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    doc = wired[1][page["product"]]
    examples = doc["components"]["examples"]
    attached = set()
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        refs = []
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        refs += [ex.get("$ref", "") for ex in body.get("examples", {}).values()]
        for response in op["responses"].values():
            media = deref(doc, response).get("content", {}).get("application/json", {})
            refs += [ex.get("$ref", "") for ex in media.get("examples", {}).values()]
        attached |= {ref.rsplit("/", 1)[-1] for ref in refs}
    for kind, names in page["samples"].items():
        for name in names:
            assert name in examples, f"{doc_id}: sample {kind} {name} is not an example"
            assert name in attached, f"{doc_id}: sample {name} not used by the page's operations"


def _check_errors(doc: dict[str, Any], doc_id: str) -> None:
    page = DOCUMENTS[doc_id]
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        for err in page["errors"]:
            matches = [
                e
                for e in op["x-zoho-errors"]
                if e["code"] == err["code"]
                and e["status"] == err["status"]
                and (err["message"] in e["message"] or err["message"] in e["resolution"])
            ]
            assert matches, (
                f"{doc_id}: {entry['operationId']} lacks {err['status']} {err['code']} "
                f"{err['message']!r}"
            )
            assert str(err["status"]) in op["responses"]


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_every_documented_error_is_in_the_spec(wired, doc_id: str) -> None:
    _check_errors(wired[1][DOCUMENTS[doc_id]["product"]], doc_id)


def test_the_error_check_can_fail(wired) -> None:
    """A documented error the spec lacks, or gives another status, is caught."""
    doc = copy.deepcopy(wired[1]["crm"])
    op = doc["paths"]["/crm/{version}/{module_api_name}"]["delete"]
    kept = [e for e in op["x-zoho-errors"] if e["code"] != "RECORD_LOCKED"]
    op["x-zoho-errors"] = kept
    with pytest.raises(AssertionError, match="RECORD_LOCKED"):
        _check_errors(doc, "crm-delete-records")
    doc = copy.deepcopy(wired[1]["crm"])
    op = doc["paths"]["/crm/{version}/{module_api_name}/search"]["get"]
    for e in op["x-zoho-errors"]:
        if e["code"] == "LIMIT_REACHED":
            e["status"] = 429
    with pytest.raises(AssertionError, match="LIMIT_REACHED"):
        _check_errors(doc, "crm-search-records")


# ----------------------------------------------------------------------------- Redocly


def test_redocly_lint(wired, tmp_path: Path) -> None:
    redocly = ROOT / "node_modules" / ".bin" / "redocly"
    if not redocly.exists():
        reason = "node_modules has no redocly: run `make setup`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    work, bundles = wired
    files = []
    for name, text in render_bundles(bundles).items():
        if name.endswith(".yaml"):
            (tmp_path / name).write_text(text, encoding="utf-8")
            files.append(str(tmp_path / name))
    shutil.copy(ROOT / "redocly.yaml", tmp_path / "redocly.yaml")
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    run = subprocess.run(
        [str(redocly), "lint", "--config", str(tmp_path / "redocly.yaml"), *files],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=240, env=env,
    )  # fmt: skip
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert json.dumps(bundles["crm"])  # the bundles are plain JSON data


# ----------------------------------------------------------------------------- Zoho's OAS

# The new operations' entries of the official inventory (moved there when they were wired in).
OFFICIAL = {
    operation_id: entry
    for operation_id, entry in yaml.safe_load(
        (Path(__file__).with_name("official_oas_inventory.yaml")).read_text(encoding="utf-8")
    )["operations"].items()
    if operation_id in NEW_OPERATION_IDS["crm"]
}


def test_the_official_inventory_covers_every_new_crm_operation() -> None:
    assert set(OFFICIAL) == NEW_OPERATION_IDS["crm"]


@pytest.mark.parametrize("operation_id", sorted(OFFICIAL))
def test_zoho_official_declarations_are_ours(
    wired, monkeypatch: pytest.MonkeyPatch, operation_id: str
) -> None:
    """test_official_oas.py's checks, run on the wired CRM bundle for the new operations."""
    from tests.spec import test_official_oas as official

    monkeypatch.setattr(official, "CRM", wired[1]["crm"])
    monkeypatch.setattr(official, "OPS", {**official.OPS, **OFFICIAL})
    official.test_method_and_path_match(operation_id)
    for theirs in OFFICIAL[operation_id]["parameters"]:
        official.test_their_parameters_are_ours(operation_id, theirs)
    if "request_body" in OFFICIAL[operation_id]:
        official.test_their_body_keys_are_ours(operation_id)
    if "responses" in OFFICIAL[operation_id]:
        official.test_their_response_keys_are_ours(operation_id)
