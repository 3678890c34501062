"""Emit ``generated/zoho_wire_facts``: the wire facts every layer relies on, read from the bundles.

The bundles state them; this module only reads them out, so the client, the emulator and the
contract suite import one stdlib-only module instead of copying numbers by hand:

- ``CRM_VERSIONS``: the enum of the CRM ``{version}`` path parameter (``ApiVersion``);
  ``BIGIN_VERSIONS``: the version segment of the Bigin paths (``/bigin/v2/...``);
- ``RECORDS_PER_REQUEST``: ``maxItems`` of ``data`` in every record-write request body (they must
  agree); ``MASS_UPDATE_IDS_PER_REQUEST``: ``maxItems`` of the mass update's ``ids``;
  ``MASS_UPDATE_RECORDS_PER_JOB`` and ``MASS_UPDATE_FIELDS_PER_CALL``: the mass update's
  ``x-zoho-limits``;
- ``NON_FIELD_KEYS``: the union of ``x-zoho-non-field-keys`` of the record schemas (keys of a
  record that are instructions, not field values).

A bundle that does not state a fact, or states two different values for it, is a
:class:`~codegen.bundle.SpecError`: nothing is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from codegen.bundle import SpecError

PACKAGE = "zoho_wire_facts"

_BIGIN_PATH = re.compile(r"^/bigin/(v[0-9][0-9.]*)/")


def _fail(what: str) -> SpecError:
    return SpecError("openapi/dist", "/", f"wire facts: {what} (see codegen/wire_facts.py)")


def _schemas(bundle: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = bundle.get("components", {}).get("schemas", {})
    return schemas


def _one(values: set[Any], what: str) -> Any:
    if len(values) != 1:
        raise _fail(f"{what}: expected one value across the bundles, found {sorted(values)}")
    return next(iter(values))


def _request_schemas(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The request bodies (resolved one level) of every operation of a bundle."""
    out = []
    for item in bundle.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            ref = schema.get("$ref", "")
            out.append(_schemas(bundle)[ref.rsplit("/", 1)[-1]] if ref else schema)
    return out


def collect(bundles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The facts, read from the ``crm`` and ``bigin`` bundles."""
    crm, bigin = bundles["crm"], bundles["bigin"]
    versions = _schemas(crm).get("ApiVersion", {}).get("enum")
    if not versions:
        raise _fail("the crm bundle has no components.schemas.ApiVersion.enum")
    bigin_versions = sorted({m.group(1) for p in bigin["paths"] if (m := _BIGIN_PATH.match(p))})
    if not bigin_versions:
        raise _fail("the bigin bundle has no /bigin/<version>/ path")
    per_request: set[int] = set()
    ids: set[int] = set()
    limits: dict[str, Any] = {}
    non_field: set[str] = set()
    for bundle in (crm, bigin):
        for body in _request_schemas(bundle):
            props = body.get("properties", {})
            if "ids" in props:  # the mass update: data is its one set of fields
                ids.add(props["ids"]["maxItems"])
            elif "data" in props and props["data"].get("maxItems", 1) > 1:
                per_request.add(props["data"]["maxItems"])
        for item in bundle["paths"].values():
            mass = item.get("post", {}).get("x-zoho-limits", {})
            if "fields_per_call" in mass:
                limits = mass
        for schema in _schemas(bundle).values():
            non_field.update(schema.get("x-zoho-non-field-keys", ()))
    if not limits:
        raise _fail("no operation states x-zoho-limits.fields_per_call (the mass update)")
    if not non_field:
        raise _fail("no schema states x-zoho-non-field-keys")
    return {
        "CRM_VERSIONS": tuple(versions),
        "BIGIN_VERSIONS": tuple(bigin_versions),
        "RECORDS_PER_REQUEST": _one(per_request, "maxItems of data in the record writes"),
        "MASS_UPDATE_IDS_PER_REQUEST": _one(ids, "maxItems of the mass update's ids"),
        "MASS_UPDATE_RECORDS_PER_JOB": int(limits["records_per_job"]),
        "MASS_UPDATE_FIELDS_PER_CALL": dict(sorted(limits["fields_per_call"].items())),
        "NON_FIELD_KEYS": frozenset(non_field),
    }


_DOCS = {
    "CRM_VERSIONS": "The CRM API versions of ``/crm/{version}/...`` (the ApiVersion enum).",
    "BIGIN_VERSIONS": "The Bigin API versions of ``/bigin/{version}/...`` (its paths).",
    "RECORDS_PER_REQUEST": "Records per update, upsert or related-list update (maxItems).",
    "MASS_UPDATE_IDS_PER_REQUEST": "Record ids per mass update by ids (maxItems of ids).",
    "MASS_UPDATE_RECORDS_PER_JOB": "Records one scheduled mass update may touch (x-zoho-limits).",
    "MASS_UPDATE_FIELDS_PER_CALL": "Fields per mass update by module; ``default`` for the rest.",
    "NON_FIELD_KEYS": 'Record keys that are not field values (other "$" keys: by prefix).',
}


def _literal(value: Any) -> str:
    """A Python literal in ruff's format (double quotes; a set one item a line)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, frozenset):
        return (
            "frozenset(\n    {\n"
            + "".join(f"        {json.dumps(v)},\n" for v in sorted(value))
            + "    }\n)"
        )
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def render(facts: dict[str, Any]) -> str:
    """The module's source: constants with a one-line docstring each, stdlib only."""
    lines = [
        '"""Wire facts of the Zoho CRM and Bigin record APIs, read from openapi/dist by',
        "``python -m codegen`` (codegen/wire_facts.py). Generated: never edit by hand.",
        '"""',
        "",
        "from typing import Final",
        "",
        "__all__ = [",
        *(f"    {json.dumps(k)}," for k in facts),
        "]",
        "",
    ]
    types = {
        tuple: "tuple[str, ...]",
        int: "int",
        dict: "dict[str, int]",
        frozenset: "frozenset[str]",
    }
    for name, value in facts.items():
        lines.append(f"{name}: Final[{types[type(value)]}] = {_literal(value)}")
        lines.append(f'"""{_DOCS[name]}"""')
        lines.append("")
    return "\n".join(lines)


def write_package(bundles: dict[str, dict[str, Any]], out_dir: Path) -> Path:
    """Write ``out_dir/zoho_wire_facts`` (``__init__.py`` and ``py.typed``); returns its path."""
    package = out_dir / PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(render(collect(bundles)), encoding="utf-8")
    (package / "py.typed").write_text("", encoding="utf-8")
    return package
