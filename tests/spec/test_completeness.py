"""Everything Zoho's five pages document is in the published bundles.

The inventory (openapi/doc_inventory.yaml) was transcribed from the pages independently of the
specs; each of its lines is checked here against the bundles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.spec.conftest import ROOT, deref, load_bundle

INVENTORY = yaml.safe_load((ROOT / "openapi" / "doc_inventory.yaml").read_text(encoding="utf-8"))
DOCUMENTS = INVENTORY["documents"]


def _op(doc, entry):
    item = doc["paths"].get(entry["path"])
    assert item is not None, f"path {entry['path']} missing"
    op = item.get(entry["method"])
    assert op is not None, f"{entry['method'].upper()} {entry['path']} missing"
    assert op["operationId"] == entry["operationId"]
    return item, op


def _params(doc, item, op):
    params = [deref(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return {(p["in"], p["name"]) for p in params}


def _schema_properties(doc, schema) -> set[str]:
    schema = deref(doc, schema)
    props = set(schema.get("properties", {}))
    for variant in schema.get("anyOf", []) + schema.get("allOf", []):
        props |= _schema_properties(doc, variant)
    return props


def _request_schema(doc, op):
    return deref(doc, op["requestBody"]["content"]["application/json"]["schema"])


def _record_schema(doc, op):
    return deref(doc, _request_schema(doc, op)["properties"]["data"]["items"])


SCHEMA_FOR_KEYS = {
    "link_item": "LinkItem",
    "skip_feature": "SkipFeature",
    "territory": "Territory",
    "status": "MassUpdateStatus",
    "scheduled_details": None,  # nested inside MassUpdateScheduled
    "upsert_item": "UpsertSuccess",
    "details": "SuccessDetails",
}


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_operations_parameters_and_headers(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    for entry in page["operations"]:
        item, op = _op(doc, entry)
        params = _params(doc, item, op)
        for name in page["path_parameters"]:
            if "{" + name + "}" in entry["path"]:
                assert ("path", name) in params, f"{doc_id}: path parameter {name}"
        for name in page.get("query_parameters", {}).get(entry["operationId"], []):
            assert ("query", name) in params, f"{doc_id}: query parameter {name}"
        for header in page["headers"]:
            if header == "Authorization":
                assert op["security"], f"{doc_id}: {entry['operationId']} has no security"
            elif op["operationId"].startswith("update"):
                assert ("header", header) in params, f"{doc_id}: header {header}"


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_scopes(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    declared = doc["components"]["securitySchemes"]["zohoOAuth2"]["flows"]["authorizationCode"][
        "scopes"
    ]
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        if entry["method"] == "get":
            continue
        used = {s for alternative in op["x-zoho-oauth-scopes"] for s in alternative}
        for scope in page["scopes"]:
            assert scope in declared, f"{doc_id}: scope {scope} not declared"
            assert scope in used, f"{doc_id}: {entry['operationId']} does not accept {scope}"


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_body_keys(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    write_ops = [e for e in page["operations"] if e["method"] != "get"]
    for entry in write_ops:
        _item, op = _op(doc, entry)
        for group, keys in page["body_keys"].items():
            if group == "request":
                props = _schema_properties(doc, _request_schema(doc, op))
            elif group == "record":
                props = _schema_properties(doc, _record_schema(doc, op))
            else:
                props = _schema_properties(
                    doc, doc["components"]["schemas"][SCHEMA_FOR_KEYS[group]]
                )
            for key in keys:
                assert key in props, f"{doc_id}: {entry['operationId']} {group} lacks key {key!r}"
    for group, keys in page.get("response_keys", {}).items():
        name = SCHEMA_FOR_KEYS[group]
        schema = (
            doc["components"]["schemas"][name]
            if name
            else deref(
                doc, doc["components"]["schemas"]["MassUpdateScheduled"]["properties"]["details"]
            )
        )
        props = _schema_properties(doc, schema)
        for key in keys:
            assert key in props, f"{doc_id}: response {group} lacks key {key!r}"


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_limits(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    limits = page["limits"]
    for entry in page["operations"]:
        _item, op = _op(doc, entry)
        if entry["method"] == "get":
            continue
        data = _request_schema(doc, op)["properties"]["data"]
        if "records_per_call" in limits:
            expected = 1 if entry["operationId"] == "updateRecord" else limits["records_per_call"]
            assert data["maxItems"] == expected, f"{doc_id}: {entry['operationId']} data maxItems"
            assert data["minItems"] == 1
        if "ids_per_call" in limits:
            ids = _request_schema(doc, op)["properties"]["ids"]
            assert ids["maxItems"] == limits["ids_per_call"]
            assert op["x-zoho-limits"]["records_per_job"] == limits["records_per_job"]
            per_call = op["x-zoho-limits"]["fields_per_call"]
            assert per_call == {
                "Deals": limits["fields_per_call_deals"],
                "default": limits["fields_per_call_other"],
            }


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_samples_are_examples(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    examples = doc["components"]["examples"]
    for kind, names in page["samples"].items():
        for name in names:
            assert name in examples, f"{doc_id}: sample {kind} {name} is not an example"
    # each sample is attached to one of the page's operations
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
    for names in page["samples"].values():
        for name in names:
            assert name in attached, f"{doc_id}: sample {name} not used by the page's operations"


def _documented(doc, entry):
    _item, op = _op(doc, entry)
    return op["x-zoho-errors"]


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_every_documented_error_is_in_the_spec(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    for entry in page["operations"]:
        if entry["method"] == "get":
            continue
        errors = _documented(doc, entry)
        for err in page["errors"]:
            matches = [
                e
                for e in errors
                if e["code"] == err["code"]
                and e["status"] == err["status"]
                and (
                    err["message"] in (e["message"], e["resolution"])
                    or err["message"] in e["resolution"]
                )
            ]
            assert matches, (
                f"{doc_id}: {entry['operationId']} lacks {err['status']} {err['code']} {err['message']!r}"
            )
            assert str(err["status"]) in _op(doc, entry)[1]["responses"]


def test_additional_errors_and_operation_wide_facts():
    extra = INVENTORY["all_operations"]
    for product in ("crm", "bigin"):
        doc = load_bundle(product)
        assert [s["url"] for s in doc["servers"]] == extra["servers"]
        for path, item in doc["paths"].items():
            for method in ("get", "put", "post"):
                if method not in item:
                    continue
                codes = {(e["status"], e["code"]) for e in item[method]["x-zoho-errors"]}
                for err in extra["additional_errors"]:
                    assert (err["status"], err["code"]) in codes, (
                        f"{method} {path} lacks {err['code']}"
                    )
    crm = load_bundle("crm")
    assert crm["components"]["schemas"]["ApiVersion"]["enum"] == extra["crm_versions"]
    module = crm["components"]["parameters"]["CrmModuleApiName"]["schema"]
    assert module["x-known-values"] == extra["crm_modules"]


def test_inventory_is_not_read_from_outside_the_repo():
    assert Path(__file__).resolve().is_relative_to(ROOT)


@pytest.mark.parametrize("doc_id", sorted(d for d in DOCUMENTS if "modules" in DOCUMENTS[d]))
def test_module_lists(doc_id):
    page = DOCUMENTS[doc_id]
    doc = load_bundle(page["product"])
    for entry in page["operations"]:
        item, op = _op(doc, entry)
        params = [deref(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
        module = next(p for p in params if p["name"] == "module_api_name")
        assert module["schema"]["x-known-values"] == page["modules"], doc_id
        assert "Companies" in module["description"] or "Accounts" not in page["modules"]
