"""Modules and fields: a dataset's declarations compiled once.

A dataset declares modules and their fields in a compact form; :func:`compile_schema` turns it
into :class:`ModuleDef` / :class:`FieldDef` objects whose ``validate`` callables are built once,
so the request hot path never re-reads the schema.

The validators are in ``validators`` (re-exported here with their error helpers, which the
backend uses too); the metadata shapes of the settings endpoints in ``field_metadata``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import zoho_wire_facts as wire

from .validators import (
    DATE_RE,
    DATETIME_RE,
    EMAIL_RE,
    ID_RE,
    Context,
    Validator,
    build_validator,
    check_generic_value,
    coerce_id,
    invalid_value,
    length_error,
    mandatory_error,
    parse_datetime,
    type_error,
)

__all__ = [
    "Context",
    "DATETIME_RE",
    "DATE_RE",
    "EMAIL_RE",
    "FieldDef",
    "ID_RE",
    "ModuleDef",
    "Validator",
    "build_validator",
    "check_generic_value",
    "coerce_id",
    "compile_module",
    "compile_schema",
    "invalid_value",
    "length_error",
    "mandatory_error",
    "parse_datetime",
    "type_error",
]

#: Fields every module carries; the system ones are read-only and silently ignored in input.
SYSTEM_FIELDS = ("Created_By", "Modified_By", "Created_Time", "Modified_Time")

# data_type aliases accepted in dataset files -> Zoho's data_type names
TYPE_ALIASES = {
    "decimal": "double",
    "multi_select_picklist": "multiselectpicklist",
    "multi-select picklist": "multiselectpicklist",
    "multi_select_lookup": "multiselectlookup",
    "multi_user_lookup": "multiuserlookup",
    "user_lookup": "userlookup",
    "image_upload": "imageupload",
    "multiline": "textarea",
}

DEFAULT_LENGTHS = {
    "text": 255,
    "textarea": 32000,
    "email": 100,
    "phone": 30,
    "website": 255,
    "picklist": 255,
    "multiselectpicklist": 2000,
    "integer": 9,
    "bigint": 18,
    "currency": 16,
    "double": 16,
    "percent": 5,
    "autonumber": 255,
}

JSON_TYPES = {
    "integer": "integer",
    "bigint": "string",
    "currency": "double",
    "double": "double",
    "percent": "double",
    "boolean": "boolean",
    "multiselectpicklist": "jsonarray",
    "lookup": "jsonobject",
    "ownerlookup": "jsonobject",
    "userlookup": "jsonobject",
    "layout": "jsonobject",
    "multiselectlookup": "jsonarray",
    "multiuserlookup": "jsonarray",
    "imageupload": "jsonarray",
    "subform": "jsonarray",
    "tag": "jsonarray",
}


@dataclass(eq=False)
class FieldDef:
    api_name: str
    data_type: str
    label: str
    id: str
    length: int | None = None
    mandatory: bool = False
    unique: str | None = None  # None, "system" or "user"
    read_only: bool = False
    system: bool = False  # system-maintained field (ignored in input)
    custom: bool = False
    values: tuple[str, ...] = ()
    restricted: bool = False
    lookup_module: str | None = None  # lookup target / connected module of a multi-select lookup
    connected_field: str | None = None  # key of the linked record in a linking row
    linking_module: str | None = None
    subform_fields: dict[str, FieldDef] = field(default_factory=dict)
    mass_updatable: bool = True
    validate: Validator = None  # type: ignore[assignment]


@dataclass(eq=False)
class ModuleDef:
    api_name: str
    id: str
    singular_label: str
    plural_label: str
    scope_name: str
    display_field: str | None
    fields: dict[str, FieldDef]
    api_supported: bool = True
    generated_type: str = "default"
    mass_update_max_fields: int = 1
    related_lists: list[dict[str, Any]] = field(default_factory=list)
    layouts: list[dict[str, Any]] = field(default_factory=list)
    # derived
    unique_fields: list[FieldDef] = field(default_factory=list)
    mandatory_fields: list[FieldDef] = field(default_factory=list)
    related_by_name: dict[str, dict[str, Any]] = field(default_factory=dict)
    layouts_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# compiling dataset declarations

NOT_MASS_UPDATABLE = {
    "email",
    "lookup",
    "layout",
    "textarea",
    "subform",
    "multiselectlookup",
    "multiuserlookup",
    "imageupload",
    "tag",
    "ownerlookup",
    "autonumber",
}


def _child_id(parent: str, n: int) -> str:
    """A digit-string id (at most 19 digits) derived from a parent id."""
    base = parent[:-5] if len(parent) > 5 else ""
    return f"{base}{n:05d}"


def _make_field(api: str, spec: dict[str, Any], id_: str, custom: bool) -> FieldDef:
    t = str(spec.get("type", "text")).lower()
    t = TYPE_ALIASES.get(t, t)
    unique = spec.get("unique")
    if unique is True:
        unique = "user"
    f = FieldDef(
        api_name=api,
        data_type=t,
        label=spec.get("label", api.replace("__s", "").replace("_", " ")),
        id=str(spec.get("id", id_)),
        length=spec.get("length", DEFAULT_LENGTHS.get(t)),
        mandatory=bool(spec.get("mandatory", False)),
        unique=unique or None,
        read_only=bool(spec.get("read_only", False)),
        system=bool(spec.get("system", False)),
        custom=bool(spec.get("custom", custom)),
        values=tuple(spec.get("values", ())),
        # A picklist takes the values its metadata lists and nothing else. Zoho's pages do not
        # spell out what a value outside the list gets; what they do say: API users send an
        # option's display_value on create, update and upsert (Kaizen #205, "Use the
        # display_value in API requests during create, update, and upsert operations",
        # https://help.zoho.com/portal/en-gb/community/topic/kaizen-205-answering-your-questions-managing-picklists-and-enabling-history-tracking-via-zoho-crm-apis),
        # the options are those the fields metadata lists (Picklist Values API,
        # https://zoho.com/crm/developer/docs/api/v7/picklist-values.html), and a field
        # value the field cannot take is the per-record INVALID_DATA "invalid data" naming
        # details.api_name and json_path (Update Records,
        # https://zoho.com/crm/developer/docs/api/v2.1/update-records.html; transcribed in
        # openapi/errors/crm-update-records.yaml). So: INVALID_DATA, and the zoho-records dry
        # run says the same. A dataset may set ``restricted: false`` on a field to take any
        # text; a picklist without values takes any text.
        restricted=bool(spec.get("restricted", True)),
        lookup_module=spec.get("module"),
        connected_field=spec.get("connected_field", "User" if t == "multiuserlookup" else None),
        linking_module=spec.get("linking_module"),
    )
    if t == "subform":
        f.subform_fields = {
            k: _make_field(k, v or {}, _child_id(f.id, n + 500), custom)
            for n, (k, v) in enumerate(spec.get("fields", {}).items())
        }
    # a unique field cannot take one value on many records
    f.mass_updatable = (
        t not in NOT_MASS_UPDATABLE
        and not f.read_only
        and not f.unique
        and not spec.get("no_mass_update")
    )
    f.validate = build_validator(f)
    return f


def compile_module(api: str, spec: dict[str, Any], product: str) -> ModuleDef:
    mid = str(spec.get("id", "0"))
    custom = spec.get("generated_type") == "custom"
    fields: dict[str, FieldDef] = {}
    declared = dict(spec.get("fields") or {})
    base = [
        ("Owner", {"type": "ownerlookup"}),
    ]
    system = [
        ("Created_By", {"type": "ownerlookup", "read_only": True, "system": True}),
        ("Modified_By", {"type": "ownerlookup", "read_only": True, "system": True}),
        ("Created_Time", {"type": "datetime", "read_only": True, "system": True}),
        ("Modified_Time", {"type": "datetime", "read_only": True, "system": True}),
        ("Tag", {"type": "tag"}),
    ]
    if spec.get("layouts"):
        system.append(("Layout", {"type": "layout"}))
    defaults: dict[str, Any] = dict([*base, *system])
    order = ["Owner", *declared.keys(), *(k for k, _ in system)]
    n = 0
    for api_name in order:
        if api_name in fields:
            continue
        fspec = declared[api_name] if api_name in declared else defaults[api_name]
        n += 1
        fields[api_name] = _make_field(api_name, fspec or {}, _child_id(mid, n), custom)
    m = ModuleDef(
        api_name=api,
        id=mid,
        singular_label=spec.get("singular_label", api.rstrip("s")),
        plural_label=spec.get("plural_label", api.replace("__s", "").replace("_", " ")),
        scope_name=spec.get("scope", "custom" if custom else api.replace("__s", "").lower()),
        display_field=spec.get("display_field"),
        fields=fields,
        api_supported=bool(spec.get("api_supported", True)),
        generated_type=spec.get("generated_type", "default"),
        # the Mass Update page: "up to three fields in the Deals module and only one field in
        # all other modules" (a dataset may say otherwise per module)
        mass_update_max_fields=int(spec.get("mass_update_max_fields", _mass_update_fields(api))),
        related_lists=list(spec.get("related_lists") or []),
        layouts=[{"id": str(x["id"]), "name": x["name"]} for x in spec.get("layouts") or []],
    )
    system_unique = [f for f in fields.values() if f.unique == "system"]
    user_unique = [f for f in fields.values() if f.unique == "user"]
    m.unique_fields = system_unique + user_unique
    m.mandatory_fields = [f for f in fields.values() if f.mandatory]
    m.related_by_name = {r["api_name"]: r for r in m.related_lists}
    m.layouts_by_id = {x["id"]: x for x in m.layouts}
    return m


def _mass_update_fields(module: str) -> int:
    limits = wire.MASS_UPDATE_FIELDS_PER_CALL
    return limits.get(module, limits["default"])


def compile_schema(modules: dict[str, Any], product: str) -> dict[str, ModuleDef]:
    return {api: compile_module(api, spec or {}, product) for api, spec in modules.items()}
