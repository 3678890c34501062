"""The --dry-run validator (``zoho_records._spec``) against the published bundles: it knows
every keyword they use, and its verdict matches the ``jsonschema`` library's on any record."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoho_records import _spec

PRODUCTS = ("crm", "bigin")


def schemas_in(node: Any) -> list[dict[str, Any]]:
    """Every schema object under ``node`` (a components/schemas value)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for key in ("properties",):
            for sub in node.get(key, {}).values():
                found.extend(schemas_in(sub))
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, ()):
                found.extend(schemas_in(sub))
        for key in ("items", "additionalProperties", "not", "if", "then", "else"):
            if isinstance(node.get(key), dict):
                found.extend(schemas_in(node[key]))
    return found


@pytest.mark.parametrize("product", PRODUCTS)
def test_validator_knows_every_keyword_the_bundle_uses(product: str) -> None:
    spec = _spec.load_spec(product)
    unknown = {
        (name, key)
        for name, schema in spec["components"]["schemas"].items()
        for sub in schemas_in(schema)
        for key in sub
        if key not in _spec.KEYWORDS | _spec.ANNOTATIONS
    }
    assert not unknown, f"teach zoho_records._spec these keywords (or drop them): {unknown}"


def write_operations(product: str) -> list[tuple[str, str]]:
    spec = _spec.load_spec(product)
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("put", "post", "patch") and "requestBody" in op:
                try:
                    _spec.request_item_schema(spec, path, method)
                except (KeyError, TypeError):
                    continue  # no data[] items (e.g. mass update by custom view)
                found.append((path, method))
    return found


OPERATIONS = [(p, path, m) for p in PRODUCTS for path, m in write_operations(p)]


def test_every_bulk_write_operation_is_covered() -> None:
    assert len(OPERATIONS) >= 6, OPERATIONS


# One deliberate difference: JSON Schema counts 1.0 as an integer; the dry run does not (a record
# id read as a float has already lost digits past 2**53), so the reference is told the same.
Reference = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool)
    ),
)


def reference_validator(product: str, path: str, method: str) -> jsonschema.Validator:
    spec = _spec.load_spec(product)
    item = _spec.request_item_schema(spec, path, method)
    # the item schema with the bundle's components beside it, so '#/components/...' resolves
    return Reference({**item, "components": spec["components"]})  # type: ignore[no-any-return]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.text(alphabet="0123456789", min_size=1, max_size=20),
    st.sampled_from(["Closed Won", "2024-01-01", "2024-01-01T10:00:00+05:30", "name", "id"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "name", "api_name", "x"]), inner, max_size=3),
    ),
    max_leaves=8,
)


@st.composite
def records(draw: st.DrawFn, keys: list[str]) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)  # not even an object
    names = draw(st.lists(st.sampled_from(keys) | st.text(max_size=6), max_size=5))
    record = {name: draw(json_values) for name in names}
    if draw(st.booleans()):  # most operations need a well-formed id to pass at all
        record["id"] = draw(
            st.text(alphabet="0123456789", min_size=1, max_size=19)
            | st.integers(min_value=1, max_value=10**19 - 1)
        )
    return record


@pytest.mark.parametrize(("product", "path", "method"), OPERATIONS)
def test_verdicts_match_the_jsonschema_library(product: str, path: str, method: str) -> None:
    spec = _spec.load_spec(product)
    item = _spec.request_item_schema(spec, path, method)
    reference = reference_validator(product, path, method)
    keys = sorted(_spec._resolve(spec, item).get("properties", {})) or ["id"]
    verdicts: set[bool] = set()

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(records(keys))
    def check(record: Any) -> None:
        ours = _spec.validate(spec, item, record)
        assert (not ours) == reference.is_valid(record), (record, ours)
        verdicts.add(not ours)

    check()
    assert verdicts == {True, False}, "the records drawn were all valid or all invalid"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"data": [{"Industry": "x"}], "ids": ["1"]}, None),
        ({"data": [{"Industry": "x"}], "cvid": "554023000000091515"}, None),
        ({"data": [{"Industry": "x"}], "cvid": "5", "territory": {"id": "6"}}, None),
        ({"data": [{"Industry": "x"}]}, (("cvid",), "is required")),
        (
            {"data": [{"Industry": "x"}], "ids": ["1"], "territory": {"id": "6"}},
            (("cvid",), "is required when territory is given"),
        ),
    ],
)
def test_mass_update_needs_ids_or_a_custom_view(body: Any, problem: Any) -> None:
    """The Mass Update page: "either custom view ID or record IDs", and the custom view when a
    territory is given; the dry-run validator and the jsonschema library agree."""
    spec = _spec.load_spec("crm")
    op = spec["paths"]["/crm/{version}/{module_api_name}/actions/mass_update"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    ours = _spec.validate(spec, schema, body)
    assert ours == ([] if problem is None else [problem])
    assert Reference({**schema, "components": spec["components"]}).is_valid(body) == (
        problem is None
    )
