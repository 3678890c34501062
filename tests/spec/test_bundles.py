"""The published bundles: valid OpenAPI 3.1, up to date with the sources, examples valid."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from codegen.bundle import build_bundles, render_bundles
from tests.spec.conftest import DIST, PRODUCTS, deref, load_bundle, operations


def test_bundles_are_valid_openapi_31(bundle):
    product, doc = bundle
    errors = list(OpenAPIV31SpecValidator(doc).iter_errors())
    assert not errors, f"{product}: {errors[0].message} at {list(errors[0].absolute_path)}"
    assert doc["openapi"] == "3.1.0"


def test_bundles_are_up_to_date_with_sources():
    expected = render_bundles(build_bundles())
    stale = [
        name for name, text in expected.items() if (DIST / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"openapi/dist is stale, run `python -m codegen bundle`: {stale}"
    assert sorted(p.name for p in DIST.glob("*.openapi.*")) == sorted(expected)


def test_yaml_and_json_bundles_agree():
    import yaml

    for product in PRODUCTS:
        as_yaml = yaml.safe_load((DIST / f"{product}.openapi.yaml").read_text(encoding="utf-8"))
        assert as_yaml == load_bundle(product)


def _validator(doc, schema):
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:bundle", resource)
    text = json.dumps(schema).replace('"#/components', '"urn:bundle#/components')
    return Draft202012Validator(json.loads(text), registry=registry)


def _examples(doc):
    for path, method, op in operations(doc):
        body = op.get("requestBody")
        if body:
            for media in body["content"].values():
                for name, ex in media.get("examples", {}).items():
                    yield f"{method.upper()} {path} request {name}", media["schema"], deref(doc, ex)
        for status, response in op["responses"].items():
            response = deref(doc, response)
            for media in response.get("content", {}).values():
                for name, ex in media.get("examples", {}).items():
                    yield (
                        f"{method.upper()} {path} {status} {name}",
                        media["schema"],
                        deref(doc, ex),
                    )


def test_every_example_validates_against_its_schema(bundle):
    product, doc = bundle
    count = 0
    for where, schema, example in _examples(doc):
        errors = list(_validator(doc, schema).iter_errors(example["value"]))
        assert not errors, f"{product} {where}: {errors[0].message}"
        count += 1
    assert count >= 30


def test_an_invalid_example_is_caught(bundle):
    """The example check can fail: a request without `data` is rejected by every body schema."""
    product, doc = bundle
    for _path, _method, op in operations(doc):
        if "requestBody" in op:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            assert list(_validator(doc, schema).iter_errors({"trigger": []}))


def test_every_operation_declares_errors_and_statuses(bundle):
    product, doc = bundle
    for path, method, op in operations(doc):
        where = f"{product} {method.upper()} {path}"
        errors = op.get("x-zoho-errors")
        assert errors, f"{where}: no x-zoho-errors"
        responses = op["responses"]
        for status in ("400", "401", "403", "404", "429", "500"):
            assert status in responses, f"{where}: no {status} response"
        for entry in errors:
            status = str(entry["status"])
            assert status in responses, (
                f"{where}: {entry['code']} documented with {status}, no such response"
            )
            description = deref(doc, responses[status])["description"]
            assert entry["code"] in description, (
                f"{where}: response {status} description does not name {entry['code']}"
            )
            assert entry["scope"] in ("record", "request")
            assert entry["message"] and entry["resolution"]


def test_error_codes_are_open_strings(bundle):
    _product, doc = bundle
    code = doc["components"]["schemas"]["ErrorCode"]
    assert code["type"] == "string" and "enum" not in code


def test_ids_are_strings_in_responses_and_string_or_integer_in_requests(bundle):
    _product, doc = bundle
    schemas = doc["components"]["schemas"]
    assert schemas["IdString"]["type"] == "string"
    assert re.fullmatch(schemas["IdString"]["pattern"], "1234567890123456789")
    kinds = {deref(doc, variant).get("type") for variant in schemas["RecordId"]["anyOf"]}
    assert kinds == {"string", "integer"}
    assert "2^53" in schemas["RecordId"]["description"]


def test_servers_cover_every_data_centre(bundle):
    _product, doc = bundle
    urls = {server["url"] for server in doc["servers"]}
    assert urls == {
        "https://www.zohoapis.com",
        "https://www.zohoapis.eu",
        "https://www.zohoapis.com.au",
        "https://www.zohoapis.in",
        "https://www.zohoapis.com.cn",
        "https://www.zohoapis.jp",
    }


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_write_is_secured_with_the_zoho_header_and_scopes(product):
    """One security requirement, the ``Authorization: Zoho-oauthtoken`` header; the scopes in
    ``x-zoho-oauth-scopes`` (an oauth2 requirement beside it made Prism and openapi-generator's
    clients expect a second, ``Bearer`` credential, which Zoho does not take)."""
    doc = load_bundle(product)
    header = doc["components"]["securitySchemes"]["zohoOAuthToken"]
    assert header == header | {"type": "apiKey", "in": "header", "name": "Authorization"}
    assert "Zoho-oauthtoken" in header["description"]
    declared = doc["components"]["securitySchemes"]["zohoOAuth2"]["flows"]["authorizationCode"][
        "scopes"
    ]
    for path, method, op in operations(doc):
        assert op["security"] == [{"zohoOAuthToken": []}], f"{method} {path}"
        assert op["x-zoho-oauth-scopes"], f"{method} {path}"
        for alternative in op["x-zoho-oauth-scopes"]:
            assert alternative and set(alternative) <= set(declared), f"{method} {path}"
