"""Our CRM spec against Zoho's official CRM v8 OpenAPI (zoho/crm-oas), both directions.

The official declarations for our operations are transcribed by hand in
``official_oas_inventory.yaml`` (the official files are not part of the project).

* Theirs in ours: every parameter, header, body key and response key they declare is in our
  CRM bundle with a compatible type (ours accepts every JSON type theirs does), and is required
  by ours only where the inventory says why.
* Ours accepts what they send: documents built from their types (``maximum_length`` as a string
  and as an integer, unknown keys, unknown codes) parse with ``generated/zoho_crm_models`` and
  validate against our bundle's response schemas; request bodies with their keys pass our
  request schemas and the client's dry-run validator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
import zoho_crm_models as models
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from zoho_records import _spec

from .conftest import deref, load_bundle, operations

INVENTORY = yaml.safe_load(
    (Path(__file__).with_name("official_oas_inventory.yaml")).read_text(encoding="utf-8")
)
SHAPES: dict[str, dict[str, Any]] = INVENTORY["shapes"]
OPS: dict[str, dict[str, Any]] = INVENTORY["operations"]
CRM = load_bundle("crm")
ALL_TYPES = {"string", "integer", "number", "boolean", "object", "array", "null"}


# ----------------------------------------------------------------------------- helpers


def our_operation(operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, method, op in operations(CRM):
        if op["operationId"] == operation_id:
            return path, method, op
    raise AssertionError(f"{operation_id} is not in the CRM bundle")


def our_parameters(operation_id: str) -> list[dict[str, Any]]:
    path, _, op = our_operation(operation_id)
    item = CRM["paths"][path]
    return [deref(CRM, p) for p in item.get("parameters", []) + op.get("parameters", [])]


def accepted_types(schema: Any) -> set[str]:
    """The JSON types a schema accepts (``integer`` counts as accepted by ``number``)."""
    schema = deref(CRM, schema)
    if not isinstance(schema, dict):
        return set(ALL_TYPES)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        found: set[str] = set()
        for branch in branches:
            found |= accepted_types(branch)
        return found
    if "const" in schema and "type" not in schema:
        json_names = {type(None): "null", str: "string", bool: "boolean", int: "integer"}
        return {json_names[type(schema["const"])]}
    if "type" not in schema:
        return set(ALL_TYPES)
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    found = set(types)
    if "number" in found:
        found.add("integer")
    return found


def assert_compatible(where: str, theirs: dict[str, Any], ours: Any) -> None:
    their_types = set(theirs["type"].split("|"))
    missing = their_types - accepted_types(ours)
    assert not missing, f"{where}: Zoho's OAS says {theirs['type']}, ours does not accept {missing}"
    if theirs["type"] == "array" and "items" in theirs:
        items = [s.get("items", {}) for s in object_schemas(ours) if s.get("type") == "array"]
        assert_compatible(f"{where}[]", {"type": theirs["items"]}, {"anyOf": items or [{}]})


def object_schemas(schema: Any) -> list[dict[str, Any]]:
    """The object schemas a (possibly union) schema can be."""
    schema = deref(CRM, schema)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        return [s for b in branches for s in object_schemas(b)]
    return [schema]


def assert_keys(where: str, keys: dict[str, Any], ours: Any) -> None:
    """Every official key is named by ours (compatible type) or accepted as a documented extra."""
    candidates = object_schemas(ours)
    for name, theirs in keys.items():
        named = [c for c in candidates if name in c.get("properties", {})]
        if "extra" in theirs:
            assert theirs["extra"], f"{where}.{name}: an extra needs its reason"
            if named:
                continue
            open_ = [c for c in candidates if c.get("additionalProperties", True) is not False]
            assert open_, f"{where}.{name}: not named, and our schema is closed"
            continue
        assert named, f"{where}: Zoho's OAS declares {name!r}, ours does not"
        # Where several of our schemas name the key (the members of a union), theirs must fit
        # the union of them.
        union = {"anyOf": [schema["properties"][name] for schema in named]}
        assert_compatible(f"{where}.{name}", theirs, union)
        if "keys" in theirs:
            assert_keys(f"{where}.{name}", theirs["keys"], union)
        if "shape" in theirs:
            inner: list[Any] = []
            for schema in named:
                prop = deref(CRM, schema["properties"][name])
                inner.append(prop["items"] if prop.get("type") == "array" else prop)
            assert_keys(f"{where}.{name}", SHAPES[theirs["shape"]], {"anyOf": inner})


def members(union: Any, status: str) -> dict[str, Any]:
    """The members of a result-item union whose ``status`` is ``status``."""
    found = [
        s for s in object_schemas(union)
        if deref(CRM, s.get("properties", {}).get("status", {})).get("const") == status
    ]  # fmt: skip
    assert found, f"no {status} item in the union"
    return {"anyOf": found}


def response_schema(operation_id: str, status: str = "200") -> Any:
    _, _, op = our_operation(operation_id)
    response = deref(CRM, op["responses"][status])
    return response["content"]["application/json"]["schema"]


def data_items(schema: Any) -> Any:
    for candidate in object_schemas(schema):
        if "data" in candidate.get("properties", {}):
            return deref(CRM, candidate["properties"]["data"])["items"]
    raise AssertionError("no data[] in the response schema")


def validator(schema: Any) -> Draft202012Validator:
    resource = Resource.from_contents(CRM, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:bundle", resource)
    text = json.dumps(schema).replace('"#/components', '"urn:bundle#/components')
    return Draft202012Validator(json.loads(text), registry=registry)


def assert_valid(schema: Any, doc: Any) -> None:
    errors = sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


# ----------------------------------------------------------------------------- the inventory


def test_inventory_covers_every_operation_of_ours() -> None:
    ours = {op["operationId"] for _, _, op in operations(CRM)}
    assert set(OPS) == ours
    for operation_id, entry in OPS.items():
        if entry["official"] is None:
            assert entry["why"], f"{operation_id}: no official declaration needs a reason"


# ----------------------------------------------------------------------------- theirs in ours


@pytest.mark.parametrize("operation_id", sorted(k for k, v in OPS.items() if v["official"]))
def test_method_and_path_match(operation_id: str) -> None:
    path, method, _ = our_operation(operation_id)
    official = OPS[operation_id]["official"]
    assert method == official["method"]
    theirs = official["path"].replace("/crm/v8/", "/crm/{version}/").replace("{id}", "{record_id}")
    assert path == theirs


PARAMETERS = [
    (operation_id, param)
    for operation_id, entry in sorted(OPS.items())
    for param in entry.get("parameters", [])
]


@pytest.mark.parametrize(
    ("operation_id", "theirs"), PARAMETERS, ids=[f"{o}-{p['name']}" for o, p in PARAMETERS]
)
def test_their_parameters_are_ours(operation_id: str, theirs: dict[str, Any]) -> None:
    name = theirs.get("ours", theirs["name"])
    found = [
        p
        for p in our_parameters(operation_id)
        if p["in"] == theirs["in"]
        and (p["name"].lower() == name.lower() if theirs["in"] == "header" else p["name"] == name)
    ]
    assert found, f"{operation_id}: Zoho's OAS declares {theirs['in']} {theirs['name']}, ours not"
    ours = found[0]
    assert_compatible(f"{operation_id} {name}", theirs, ours["schema"])
    if theirs["required"]:
        assert ours.get("required"), f"{operation_id} {name}: required by Zoho's OAS"
    elif ours.get("required"):
        assert theirs.get("ours_required") and theirs.get("why"), (
            f"{operation_id} {name}: ours requires it, Zoho's OAS does not; say why"
        )
    assert ours.get("description"), f"{operation_id} {name}: undescribed"


@pytest.mark.parametrize("operation_id", sorted(k for k, v in OPS.items() if "request_body" in v))
def test_their_body_keys_are_ours(operation_id: str) -> None:
    entry = OPS[operation_id]["request_body"]
    _, _, op = our_operation(operation_id)
    body = deref(CRM, op["requestBody"])
    assert body.get("required") is entry["required"] is True
    schema = body["content"]["application/json"]["schema"]
    keys = SHAPES[entry["shape"]] if "shape" in entry else entry["keys"]
    assert_keys(f"{operation_id} body", keys, schema)
    our_body = deref(CRM, schema)
    for nested in ("territory", "criteria"):
        if nested in entry:
            inner = deref(CRM, our_body["properties"][nested])
            if inner.get("type") == "array":
                inner = inner["items"]
            assert_keys(f"{operation_id} body.{nested}", entry[nested], inner)
    for name in keys:
        described = deref(CRM, our_body["properties"][name])
        assert described.get("description") or name in ("data", "trigger"), (
            f"{operation_id} body.{name}: undescribed"
        )


@pytest.mark.parametrize("operation_id", sorted(k for k, v in OPS.items() if v["official"]))
def test_their_response_keys_are_ours(operation_id: str) -> None:
    entry = OPS[operation_id]["responses"]
    schema = response_schema(operation_id, entry.get("http_status", "200"))
    if "item_shapes" in entry:
        items = data_items(schema)
        for shape in entry["item_shapes"]:
            status = "error" if shape == "error" else "success"
            assert_keys(f"{operation_id} data[] {shape}", SHAPES[shape], members(items, status))
    if "scheduled" in entry:
        scheduled = members(data_items(schema), "success")
        assert_keys(f"{operation_id} data[] scheduled", entry["scheduled"], scheduled)
    if "status" in entry:
        assert_keys(f"{operation_id} data[]", entry["status"], data_items(schema))
    if "body" in entry:
        assert_keys(f"{operation_id} body", entry["body"], schema)
        assert_keys(f"{operation_id} data[]", entry["record"], data_items(schema))
        info = deref(CRM, schema)["properties"]["info"]
        assert_keys(f"{operation_id} info", entry["info"], info)
    if entry.get("top_level_error"):
        assert_keys(
            f"{operation_id} error", SHAPES["error"], {"$ref": "#/components/schemas/ErrorResponse"}
        )


# ----------------------------------------------------------------------------- ours accepts theirs


def sample(name: str, theirs: dict[str, Any]) -> Any:
    """A realistic value of an official key's type (ids are digit strings, times ISO 8601)."""
    kind = theirs["type"].split("|")[0]
    if kind == "string":
        if name == "id" or name.endswith("_id") or name == "cvid":
            return "554023000000527003"
        if name.endswith("_Time"):
            return "2024-01-15T15:26:49+05:30"
        return "x"
    if kind == "integer":
        return 3
    if kind == "boolean":
        return True
    if kind == "array":
        return [] if theirs.get("items") != "string" else ["x"]
    if "shape" in theirs:
        return build(SHAPES[theirs["shape"]])
    if "keys" in theirs:
        return build(theirs["keys"])
    return {}


def build(keys: dict[str, Any]) -> dict[str, Any]:
    return {name: sample(name, theirs) for name, theirs in keys.items()}


def success_item() -> dict[str, Any]:
    item = build(SHAPES["success"])
    item.update(status="success", code="SUCCESS", message="record updated")
    return item


def error_item(maximum_length: Any, code: str = "INVALID_DATA") -> dict[str, Any]:
    item = build(SHAPES["error"])
    item.update(status="error", code=code, message="invalid data")
    item["details"]["maximum_length"] = maximum_length
    item["details"]["Brand_New_Detail"] = {"anything": [1, "two"]}  # unknown key
    return item


@pytest.mark.parametrize("maximum_length", ["255", 255], ids=["string", "integer"])
@pytest.mark.parametrize("code", ["INVALID_DATA", "Not Modified", "A_CODE_ZOHO_ADDS_LATER"])
def test_update_answers_built_from_their_types_parse_and_validate(
    maximum_length: Any, code: str
) -> None:
    doc = {"data": [success_item(), error_item(maximum_length, code)], "unknown_top": 1}
    for status in ("200", "207", "400"):
        assert_valid(response_schema("updateRecords", status), doc)
    parsed = models.UpdateRecordsResponse.model_validate(doc)
    error = parsed.data[1].root if hasattr(parsed.data[1], "root") else parsed.data[1]
    assert isinstance(error, models.RecordError)
    assert error.details.maximum_length == maximum_length
    assert error.code == code
    top = error_item(maximum_length, code)
    assert_valid({"$ref": "#/components/schemas/ErrorResponse"}, top)
    assert models.ErrorResponse.model_validate(top).details.maximum_length == maximum_length


def test_get_record_answer_built_from_their_types_parses_and_validates() -> None:
    entry = OPS["getRecord"]["responses"]
    record = build(entry["record"])
    record["Tag"] = [build(SHAPES["tag"])]
    record["Tag"][0].update(
        color_code="#57B1FD", created_by=build(SHAPES["user"]), modified_by=build(SHAPES["user"])
    )
    record["Some_Custom_Field__c"] = {"nested": True}
    info = build(entry["info"])
    info["next_page_token"] = None
    doc = {"data": [record], "info": info}
    assert_valid(response_schema("getRecord"), doc)
    parsed = models.RecordsResponse.model_validate(doc)
    assert parsed.data[0].Tag is not None and parsed.data[0].Tag[0].name == "x"


def test_mass_update_answers_built_from_their_types_parse_and_validate() -> None:
    scheduled = build(OPS["massUpdateRecords"]["responses"]["scheduled"])
    scheduled.update(status="success", code="SUCCESS", message="mass update scheduled successfully")
    doc = {"data": [scheduled, success_item(), error_item("10")]}
    for status in ("200", "202", "207"):
        assert_valid(response_schema("massUpdateRecords", status), doc)
    models.MassUpdateResponse.model_validate(doc)
    status_doc = {"data": [build(OPS["getMassUpdateStatus"]["responses"]["status"])]}
    status_doc["data"][0]["Status"] = "RUNNING"
    status_doc["data"][0]["Extra_Count"] = 1
    assert_valid(response_schema("getMassUpdateStatus"), status_doc)
    models.MassUpdateStatusResponse.model_validate(status_doc)


@settings(max_examples=60, deadline=None)
@given(
    maximum_length=st.one_of(st.integers(0, 2**31 - 1), st.from_regex(r"\A[0-9]{1,9}\Z")),
    code=st.text(min_size=1, max_size=40),
    extra=st.dictionaries(
        st.text(min_size=1, max_size=12).filter(
            lambda k: k not in SHAPES["error"]["details"]["keys"]
        ),
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
        max_size=3,
    ),
)
def test_any_error_details_zoho_may_send_parse_and_validate(
    maximum_length: Any, code: str, extra: dict[str, Any]
) -> None:
    doc = {"code": code, "message": "m", "status": "error",
           "details": {"maximum_length": maximum_length, "api_name": "Last_Name", **extra}}  # fmt: skip
    assert_valid({"$ref": "#/components/schemas/ErrorResponse"}, doc)
    assert models.ErrorResponse.model_validate(doc).details.maximum_length == maximum_length


BODIES = {
    "updateRecords": {
        "data": [{"id": "554023000000527003", "Stage": "Closed Won"}],
        "trigger": ["workflow"], "process": ["review_process"], "wf_trigger": "true",
        "duplicate_check_fields": ["Email"], "lar_id": "554023000000332001",
    },
    "updateRecord": {
        "data": [{"Stage": "Closed Won"}], "process": [], "wf_trigger": "false",
    },
    "massUpdateRecords": {
        "data": [{"Industry": "Education"}], "cvid": "554023000000091515", "over_write": True,
        "territory": {"id": "554023000000430409", "include_child": True},
        "criteria": [{"group_operator": "and", "group": [
            {"field": "Industry", "comparator": "equal", "value": "Retail"},
            {"field": "Annual_Revenue", "comparator": "between", "value": [10, 20]},
        ]}],
    },
}  # fmt: skip


@pytest.mark.parametrize("operation_id", sorted(BODIES))
def test_bodies_with_their_keys_pass_our_request_schema_and_the_dry_run(operation_id: str) -> None:
    path, method, op = our_operation(operation_id)
    schema = deref(CRM, op["requestBody"])["content"]["application/json"]["schema"]
    body = BODIES[operation_id]
    assert_valid(schema, body)
    assert _spec.validate(CRM, schema, body) == []
    if operation_id != "massUpdateRecords":
        item = _spec.request_item_schema(CRM, path, method)
        assert _spec.validate(CRM, item, body["data"][0]) == []
    model = {
        "updateRecords": models.UpdateRecordsRequest,
        "updateRecord": models.UpdateRecordRequest,
        "massUpdateRecords": models.MassUpdateRequest,
    }[operation_id]
    dumped = model.model_validate(body).model_dump(by_alias=True, exclude_unset=True, mode="json")
    assert {k: v for k, v in dumped.items() if k != "data"} == {
        k: v for k, v in body.items() if k != "data"
    }


def test_the_dry_run_still_refuses_a_bad_value_of_a_new_key() -> None:
    _, _, op = our_operation("updateRecords")
    schema = deref(CRM, op["requestBody"])["content"]["application/json"]["schema"]
    body = {"data": [{"id": "554023000000527003"}], "process": "review_process"}
    problems = _spec.validate(CRM, schema, body)
    assert problems and problems[0][0] == ("process",)
