"""Checking records against the bundled OpenAPI spec (for ``--dry-run``).

``bundled_spec_path`` is the one place that knows where the spec lives. The validator covers
the JSON Schema subset the spec uses (``KEYWORDS``; a test fails if a bundle starts using
another one, and another compares its verdicts with the ``jsonschema`` library's); each problem
names the path inside the record.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["bundled_spec_path", "load_spec", "request_item_schema", "validate", "KEYWORDS"]

# Assertions this validator checks, and annotations it may ignore (format is an annotation in
# JSON Schema 2020-12 unless a vocabulary says otherwise).
KEYWORDS = frozenset(
    {
        "$ref", "type", "anyOf", "oneOf", "allOf", "properties", "required",
        "additionalProperties", "items", "minItems", "maxItems", "minProperties", "maxProperties",
        "pattern",
        "enum", "const", "minimum", "maximum", "exclusiveMaximum", "minLength", "maxLength",
        "not", "if", "then",
        "else", "dependentRequired",
    }
)  # fmt: skip
ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "format", "deprecated", "readOnly"}
    | {"x-zoho-non-field-keys"}  # our extension: read by codegen/wire_facts.py, not a check
)


def bundled_spec_path(product: str) -> Path:
    """The bundled (single-file JSON) spec of ``product`` (``crm`` or ``bigin``).

    An installed wheel carries the bundles as ``zoho_records/_specs/`` (pyproject's
    force-include); a source checkout or editable install reads ``openapi/dist/``.
    """
    if product not in ("crm", "bigin"):
        raise ValueError(f"unknown product {product!r}: expected 'crm' or 'bigin'")
    name = f"{product}.openapi.json"
    here = Path(__file__).resolve().parent
    for candidate in (here / "_specs" / name, here.parents[1] / "openapi" / "dist" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"no bundled {product} spec found (looked for zoho_records/_specs/{name} and "
        f"openapi/dist/{name}); reinstall zoho-records or run `python -m codegen bundle`"
    )


@functools.cache
def load_spec(product: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(bundled_spec_path(product).read_text(encoding="utf-8"))
    return spec


def _resolve(spec: dict[str, Any], schema: Any) -> Any:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        node: Any = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref loop at {ref}")
    return schema


def request_item_schema(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    """The schema of one element of ``data`` in the request body of ``method path``."""
    op = spec["paths"][path][method.lower()]
    body = _resolve(spec, op["requestBody"])
    schema = _resolve(spec, body["content"]["application/json"]["schema"])
    items: dict[str, Any] = _resolve(spec, _resolve(spec, schema["properties"]["data"])["items"])
    return items


# "integer" means an int, not an integer-valued float as in JSON Schema: an id that was read as
# a float has already lost its digits beyond 2**53, so a dry run must not pass it.
_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def validate(
    spec: dict[str, Any], schema: Any, value: Any, path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], str]]:
    """Problems of ``value`` against ``schema``: ``[(path, message), ...]`` (empty: valid)."""
    return list(_validate(spec, schema, value, path))


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _validate(
    spec: dict[str, Any], schema: Any, value: Any, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    schema = _resolve(spec, schema)
    if schema is False:
        yield path, "is not allowed here"
        return
    if not isinstance(schema, dict):  # True: anything goes
        return
    yield from _combined(spec, schema, value, path)
    if isinstance(value, dict):
        for name, needs in schema.get("dependentRequired", {}).items():
            if name in value:
                for need in needs:
                    if need not in value:
                        yield (*path, need), f"is required when {name} is given"
    if "type" in schema and not _type_ok(schema, value):
        yield path, f"{_describe(value)} is not of type {_type_names(schema)}"
        return
    if "enum" in schema and value not in schema["enum"]:
        yield path, f"{_describe(value)} is not one of {', '.join(map(str, schema['enum']))}"
    if "const" in schema and value != schema["const"]:
        yield path, f"must be {json.dumps(schema['const'])}"
    if isinstance(value, str):
        yield from _string_problems(schema, value, path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        yield from _number_problems(schema, value, path)
    if isinstance(value, list):
        yield from _array_problems(spec, schema, value, path)
    if isinstance(value, dict):
        yield from _object_problems(spec, schema, value, path)


def _combined(
    spec: dict[str, Any], schema: dict[str, Any], value: Any, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Problems under ``anyOf``, ``oneOf``, ``allOf``, ``not`` and ``if``/``then``/``else``."""
    for key in ("anyOf", "oneOf"):
        if key not in schema:
            continue
        options = schema[key]
        fits = sum(1 for opt in options if not validate(spec, opt, value, path))
        if key == "oneOf" and fits > 1:
            yield path, f"{_describe(value)} matches more than one of {_forms(spec, options)}"
        elif not fits:
            # report the closest option's problems if only one option fits the type
            matching = [o for o in options if _type_ok(_resolve(spec, o), value)]
            if len(matching) == 1:
                yield from _validate(spec, matching[0], value, path)
            else:
                yield (
                    path,
                    f"{_describe(value)} matches none of the allowed forms ({_forms(spec, options)})",
                )
    for sub in schema.get("allOf", ()):
        yield from _validate(spec, sub, value, path)
    if "not" in schema and not validate(spec, schema["not"], value, path):
        yield path, f"{_describe(value)} is a form that is not allowed here"
    if "if" in schema:
        branch = "else" if validate(spec, schema["if"], value, path) else "then"
        if branch in schema:
            yield from _validate(spec, schema[branch], value, path)


def _string_problems(
    schema: dict[str, Any], value: str, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    if "pattern" in schema and not re.search(schema["pattern"], value):
        yield path, f"{_describe(value)} does not match the pattern {schema['pattern']}"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield path, f"is longer than {schema['maxLength']} characters"
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield path, f"is shorter than {schema['minLength']} characters"


def _number_problems(
    schema: dict[str, Any], value: float, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    if "minimum" in schema and value < schema["minimum"]:
        yield path, f"{value} is below the minimum {schema['minimum']}"
    if "maximum" in schema and value > schema["maximum"]:
        yield path, f"{value} is above the maximum {schema['maximum']}"
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        yield path, f"{value} is not below {schema['exclusiveMaximum']}"


def _array_problems(
    spec: dict[str, Any], schema: dict[str, Any], value: list[Any], path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield path, f"needs at least {schema['minItems']} item(s)"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield path, f"takes at most {schema['maxItems']} items"
    if "items" in schema:
        for i, item in enumerate(value):
            yield from _validate(spec, schema["items"], item, (*path, i))


def _object_problems(
    spec: dict[str, Any], schema: dict[str, Any], value: dict[str, Any], path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    for name in schema.get("required", ()):
        if name not in value:
            yield (*path, name), "is required"
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        yield path, f"needs at least {schema['minProperties']} field(s)"
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        yield path, f"takes at most {schema['maxProperties']} field(s)"
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in props:
            yield from _validate(spec, props[name], item, (*path, name))
        elif extra is False:
            yield (*path, name), "is not an allowed key"
        elif isinstance(extra, dict):
            yield from _validate(spec, extra, item, (*path, name))


def _type_ok(schema: Any, value: Any) -> bool:
    if not isinstance(schema, dict) or "type" not in schema:
        return True
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return any(_TYPES[t](value) for t in types if t in _TYPES)


def _type_names(schema: dict[str, Any]) -> str:
    t = schema["type"]
    return " or ".join(t) if isinstance(t, list) else str(t)


def _forms(spec: dict[str, Any], options: list[Any]) -> str:
    names = []
    for opt in options:
        title = (
            opt.get("$ref", "").rsplit("/", 1)[-1]
            if isinstance(opt, dict) and "$ref" in opt
            else None
        )
        resolved = _resolve(spec, opt)
        if title:
            names.append(title)
        elif isinstance(resolved, dict) and "type" in resolved:
            names.append(_type_names(resolved))
    return ", ".join(names) or "see the spec"
