"""Schema forms every generator we test can write (codegen/README.md, "What the specs must do").

* No lone ``type: 'null'`` (nor ``type: ['null']``): openapi-generator's typescript-fetch and
  typescript-axios turn it into a ``Null`` model they never write. Nullable values are
  ``type: [X, 'null']``; a null-only value is ``const: null``.
* No component schema is named like a property that holds it: datamodel-code-generator then
  renames the property (``Tag`` of ``list[Tag]`` became ``Tag_1``).
* No ``anyOf`` of objects: openapi-generator's TypeScript clients merge its branches into one
  interface (a per-record result's ``status`` was typed ``"error"`` only, and the 400 body's
  model required ``data`` and threw on a top-level error). A union of objects is a ``oneOf``
  (its branches disjoint, by ``status`` or by required keys): a union type narrowed on them.
"""

from __future__ import annotations

from typing import Any

from .conftest import deref


def _walk(node: Any, where: str):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


def test_no_lone_null_type(bundle: tuple[str, dict[str, Any]]) -> None:
    product, doc = bundle
    lone = [
        where
        for where, node in _walk(doc, "#")
        if node.get("type") == "null" or node.get("type") == ["null"]
    ]
    assert not lone, f"{product}: lone type 'null' (write const: null or type: [X, 'null']): {lone}"


def test_no_property_named_like_the_component_it_holds(bundle: tuple[str, dict[str, Any]]) -> None:
    product, doc = bundle
    clashes = []
    for name, schema in doc["components"]["schemas"].items():
        for prop, sub in schema.get("properties", {}).items():
            refs = [sub, deref(doc, sub).get("items", {})] if isinstance(sub, dict) else []
            for ref in refs:
                target = ref.get("$ref", "").rsplit("/", 1)[-1] if isinstance(ref, dict) else ""
                if target == prop:
                    clashes.append(f"{name}.{prop}")
    assert not clashes, f"{product}: properties named like their schema: {clashes}"


def _is_object(doc: dict[str, Any], schema: Any) -> bool:
    schema = deref(doc, schema)
    return isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema)


# A scheduled mass update and a record's success are both `status: success`, their `details`
# not exclusive in JSON Schema: a oneOf would be wrong (MassUpdateResponse.yaml says more).
OVERLAPPING = "#/components/schemas/MassUpdateResponse/properties/data/items"


def test_no_anyof_of_objects(bundle: tuple[str, dict[str, Any]]) -> None:
    product, doc = bundle
    merged = [
        where
        for where, node in _walk(doc, "#")
        if isinstance(node.get("anyOf"), list)
        and all(_is_object(doc, branch) for branch in node["anyOf"])
        and where != OVERLAPPING
    ]
    assert not merged, f"{product}: anyOf of objects (write oneOf, branches disjoint): {merged}"
