"""Modules, fields and the field-type validators.

A dataset declares modules and their fields in a compact form; :func:`compile_schema` turns it
into :class:`ModuleDef` / :class:`FieldDef` objects whose ``validate`` callables are built once,
so the request hot path never re-reads the schema.

A validator is ``validate(value, json_path, ctx, old_value) -> stored_value`` and raises
:class:`~zoho_emulator.exceptions.RecordError` for bad input. ``ctx`` gives access to other
records (lookups), users and fresh ids (linking rows).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import zoho_wire_facts as wire

from .exceptions import RecordError

ID_RE = re.compile(r"^[0-9]{1,19}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

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

Validator = Callable[[Any, str, "Context", Any], Any]


class Context(Protocol):
    """What validators may ask of the backend."""

    def find_record(self, module: str, record_id: str) -> dict[str, Any] | None: ...
    def find_user(self, user_id: str) -> dict[str, Any] | None: ...
    def record_name(self, module: str, record: dict[str, Any]) -> str | None: ...
    def new_id(self) -> str: ...
    def layouts(self, module: str) -> dict[str, dict[str, Any]]: ...
    @property
    def module(self) -> str: ...


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
# error helpers


def type_error(api: str, path: str, expected: str) -> RecordError:
    return RecordError(
        code="INVALID_DATA",
        message="invalid data",
        details={"expected_data_type": expected, "api_name": api, "json_path": path},
    )


def length_error(api: str, path: str, maximum: int) -> RecordError:
    return RecordError(
        code="INVALID_DATA",
        message="invalid data",
        details={"maximum_length": maximum, "api_name": api, "json_path": path},
    )


def invalid_value(api: str, path: str, **extra: Any) -> RecordError:
    details = {"api_name": api, "json_path": path}
    details.update(extra)
    return RecordError(code="INVALID_DATA", message="invalid data", details=details)


def mandatory_error(api: str, path: str) -> RecordError:
    return RecordError(
        code="MANDATORY_NOT_FOUND",
        message="required field not found",
        details={"api_name": api, "json_path": path},
    )


def coerce_id(value: Any) -> str | None:
    """A record id given as digit string or JSON integer -> digit string, else None."""
    if type(value) is str:
        return value if ID_RE.match(value) else None
    if type(value) is int and 0 < value < 10**19:
        return str(value)
    return None


# ---------------------------------------------------------------------------------------------
# validator builders (one closure per field, built once)


def _string_validator(f: FieldDef, pattern: re.Pattern[str] | None = None) -> Validator:
    api, maximum, expected = f.api_name, f.length, f.data_type
    allowed = frozenset(f.values) if (f.restricted and f.values) else None

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        if type(value) is not str:
            raise type_error(api, path, expected)
        if maximum is not None and len(value) > maximum:
            raise length_error(api, path, maximum)
        if pattern is not None and value and not pattern.match(value):
            raise type_error(api, path, expected)
        if allowed is not None and value not in allowed:
            raise invalid_value(api, path)
        return value

    return validate


def _integer_validator(f: FieldDef) -> Validator:
    api, big = f.api_name, f.data_type == "bigint"
    lo, hi = (-(2**63), 2**63 - 1) if big else (-(2**31), 2**31 - 1)
    expected = f.data_type

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        t = type(value)
        if t is str and value.lstrip("-").isdigit():
            value = int(value)
        elif t is float and value.is_integer():
            value = int(value)
        elif t is not int:
            raise type_error(api, path, expected)
        if not lo <= value <= hi:
            raise type_error(api, path, expected)
        return str(value) if big else value

    return validate


def _number_validator(f: FieldDef) -> Validator:
    api, expected = f.api_name, f.data_type
    digits = f.length or 16

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        t = type(value)
        if t is str:
            try:
                value = float(value)
            except ValueError:
                raise type_error(api, path, expected) from None
            t = float
        if t is not int and t is not float:
            raise type_error(api, path, expected)
        if value != value or value in (float("inf"), float("-inf")):
            raise type_error(api, path, expected)
        if len(str(int(abs(value)))) > digits:
            raise length_error(api, path, digits)
        return value

    return validate


def _boolean_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if type(value) is not bool:
            if value is None:
                return False
            raise type_error(api, path, "boolean")
        return value

    return validate


def _date_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        if type(value) is not str or not DATE_RE.match(value):
            raise type_error(api, path, "date")
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise type_error(api, path, "date") from None
        return value

    return validate


def parse_datetime(value: Any) -> _dt.datetime | None:
    """ISO 8601 date-time with an offset (``Z`` accepted) -> aware datetime, else None."""
    if type(value) is not str or not DATETIME_RE.match(value):
        return None
    try:
        parsed = _dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _datetime_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            raise type_error(api, path, "datetime")
        return parsed.isoformat(timespec="seconds")

    return validate


def _multiselect_validator(f: FieldDef) -> Validator:
    api, maximum = f.api_name, f.length
    allowed = frozenset(f.values) if (f.restricted and f.values) else None

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return []
        if type(value) is not list:
            raise type_error(api, path, "jsonarray")
        for i, item in enumerate(value):
            if type(item) is not str:
                raise type_error(api, f"{path}[{i}]", "text")
            if allowed is not None and item not in allowed:
                raise invalid_value(api, f"{path}[{i}]")
        if maximum is not None and len(";".join(value)) > maximum:
            raise length_error(api, path, maximum)
        return value

    return validate


def _ref_id(value: Any, api: str, path: str) -> tuple[str, str]:
    """The id of a lookup value ({id, name?} or a bare id) and the json_path of the id."""
    if type(value) is dict:
        if "id" not in value:
            raise mandatory_error(api, f"{path}.id")
        if "name" in value and type(value["name"]) is not str and value["name"] is not None:
            raise type_error(api, f"{path}.name", "text")
        rid = coerce_id(value["id"])
        if rid is None:
            raise invalid_value(api, f"{path}.id")
        return rid, f"{path}.id"
    rid = coerce_id(value)
    if rid is None:
        raise type_error(api, path, "jsonobject")
    return rid, path


def _lookup_validator(f: FieldDef) -> Validator:
    api, target = f.api_name, f.lookup_module

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        rid, id_path = _ref_id(value, api, path)
        rec = ctx.find_record(target, rid)  # type: ignore[arg-type]
        if rec is None:
            raise invalid_value(api, id_path)
        return {"name": ctx.record_name(target, rec), "id": rid}  # type: ignore[arg-type]

    return validate


def _user_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return None
        rid, id_path = _ref_id(value, api, path)
        user = ctx.find_user(rid)
        if user is None:
            raise invalid_value(api, id_path)
        return {"name": user["full_name"], "id": rid, "email": user.get("email")}

    return validate


def _layout_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if type(value) is not dict:
            raise type_error(api, path, "jsonobject")
        rid, id_path = _ref_id(value, api, path)
        layout = ctx.layouts(ctx.module).get(rid)
        if layout is None:
            raise invalid_value(api, id_path)
        return {"name": layout["name"], "id": rid}

    return validate


def _tag_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if type(value) is not list:
            raise type_error(api, path, "jsonarray")
        tags = []
        for i, item in enumerate(value):
            if type(item) is dict and type(item.get("name")) is str:
                name = item["name"]
            else:
                raise type_error(api, f"{path}[{i}]", "jsonobject")
            if "id" in item and (type(item["id"]) is not str or coerce_id(item["id"]) is None):
                raise invalid_value(api, f"{path}[{i}].id")
            if not name or len(name) > 50:
                raise length_error(api, f"{path}[{i}].name", 50)
            tags.append({"name": name})
        return tags

    return validate


def _linked_rows_validator(f: FieldDef) -> Validator:
    """Multi-select lookup, multi-user lookup and image upload: rows linking to other things.

    Items with ``_delete`` remove an existing linking row (by the linking row's id); other items
    add a linking row with a fresh id. Existing rows not mentioned stay.
    """
    api, kind = f.api_name, f.data_type
    connected, target = f.connected_field, f.lookup_module

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return []
        if type(value) is not list:
            raise type_error(api, path, "jsonarray")
        rows = [dict(r) for r in (old or [])]
        for i, item in enumerate(value):
            ipath = f"{path}[{i}]"
            if type(item) is not dict:
                raise type_error(api, ipath, "jsonobject")
            if "id" in item and coerce_id(item["id"]) is None:
                raise invalid_value(api, f"{ipath}.id")
            if "_delete" in item:
                if item["_delete"] is not None:
                    raise type_error(api, f"{ipath}._delete", "null")
                if "id" not in item:
                    raise mandatory_error(api, f"{ipath}.id")
                lid = coerce_id(item["id"])
                idx = next((k for k, r in enumerate(rows) if r["id"] == lid), None) if lid else None
                if idx is None:
                    raise invalid_value(api, f"{ipath}.id")
                del rows[idx]
                continue
            if kind == "imageupload":
                fid = item.get("File_Id__s")
                if type(fid) is not str or not fid:
                    raise mandatory_error(api, f"{ipath}.File_Id__s")
                row = {k: v for k, v in item.items() if k != "id"}
                row["id"] = ctx.new_id()
                rows.append(row)
                continue
            if connected not in item:
                raise mandatory_error(api, f"{ipath}.{connected}")
            ref = item[connected]
            rid, id_path = _ref_id(ref, api, f"{ipath}.{connected}")
            if kind == "multiuserlookup":
                user = ctx.find_user(rid)
                if user is None:
                    raise invalid_value(api, id_path)
                linked = {"name": user["full_name"], "id": rid}
            else:
                rec = ctx.find_record(target, rid)  # type: ignore[arg-type]
                if rec is None:
                    raise invalid_value(api, id_path)
                linked = {"name": ctx.record_name(target, rec), "id": rid}  # type: ignore[arg-type]
            if any(r.get(connected, {}).get("id") == rid for r in rows):
                continue  # already linked
            rows.append({connected: linked, "id": ctx.new_id()})
        return rows

    return validate


def _subform_validator(f: FieldDef) -> Validator:
    """Subform rows: rows given with an id are kept/updated, new rows added, others removed."""
    api, sub = f.api_name, f.subform_fields

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        if value is None:
            return []
        if type(value) is not list:
            raise type_error(api, path, "jsonarray")
        existing = {r["id"]: r for r in (old or [])}
        rows = []
        for i, item in enumerate(value):
            ipath = f"{path}[{i}]"
            if type(item) is not dict:
                raise type_error(api, ipath, "jsonobject")
            if "id" in item:
                rid = coerce_id(item["id"])
                if rid is None or rid not in existing:
                    raise invalid_value(api, f"{ipath}.id")
                if "_delete" in item:
                    if item["_delete"] is not None:
                        raise type_error(api, f"{ipath}._delete", "null")
                    continue
                row = dict(existing[rid])
            else:
                row = {"id": ctx.new_id()}
            for key, v in item.items():
                if key == "id" or key == "_delete":
                    continue
                sf = sub.get(key)
                if sf is None:
                    row[key] = v
                else:
                    row[key] = sf.validate(v, f"{ipath}.{key}", ctx, row.get(key))
            rows.append(row)
        return rows

    return validate


def _readonly_validator(f: FieldDef) -> Validator:
    api = f.api_name

    def validate(value: Any, path: str, ctx: Context, old: Any) -> Any:
        raise RecordError(
            code="INVALID_DATA",
            message="invalid data",
            details={"api_name": api, "json_path": path, "reason": "read only field"},
        )

    return validate


def build_validator(f: FieldDef) -> Validator:
    t = f.data_type
    if f.read_only and not f.system:
        return _readonly_validator(f)
    if t in ("text", "textarea", "phone", "website", "picklist", "autonumber"):
        return _string_validator(f)
    if t == "email":
        return _string_validator(f, EMAIL_RE)
    if t in ("integer", "bigint"):
        return _integer_validator(f)
    if t in ("currency", "double", "percent"):
        return _number_validator(f)
    if t == "boolean":
        return _boolean_validator(f)
    if t == "date":
        return _date_validator(f)
    if t == "datetime":
        return _datetime_validator(f)
    if t == "multiselectpicklist":
        return _multiselect_validator(f)
    if t == "lookup":
        return _lookup_validator(f)
    if t in ("ownerlookup", "userlookup"):
        return _user_validator(f)
    if t == "layout":
        return _layout_validator(f)
    if t == "tag":
        return _tag_validator(f)
    if t in ("multiselectlookup", "multiuserlookup", "imageupload"):
        return _linked_rows_validator(f)
    if t == "subform":
        return _subform_validator(f)
    raise ValueError(f"unknown field data_type {t!r} for field {f.api_name}")


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


METADATA_LENGTHS = {
    "boolean": 5,
    "date": 20,
    "datetime": 120,
    "lookup": 19,
    "ownerlookup": 19,
    "userlookup": 19,
    "layout": 19,
}


def _child_id(parent: str, n: int) -> str:
    """A digit-string id (at most 19 digits) derived from a parent id."""
    base = parent[:-5] if len(parent) > 5 else ""
    return f"{base}{n:05d}"


def metadata_style(product: str, version: str | None) -> str:
    """The field-metadata shape of a product's API version: "v2", "v3" (v3 to v7) or "v8".

    Field metadata comes in three shapes over the CRM API versions (see COVERAGE.md): v2 and
    v2.1 name modules by plain strings (``"lookup": {"module": "Accounts"}``), v3 to v7 by
    objects (``{"module": {"api_name": "Accounts", "id": ...}}``), and v8 describes
    multi-select and multi-user lookups by ``linking_details`` / ``connected_details`` instead
    of ``linking_module`` / ``connected_module``. Bigin's v2 API has the current (v8) shapes.
    """
    if product != "crm" or version is None:
        return "v8"
    if version in ("v2", "v2.1"):
        return "v2"
    return "v8" if version == "v8" else "v3"


def _module_ref(name: str, modules: dict[str, ModuleDef], style: str) -> Any:
    """A reference to a module: its name up to v2.1, {api_name, id} from v3."""
    if style == "v2":
        return name
    target = modules.get(name)
    return {"api_name": name, "id": target.id if target is not None else None}


def _plural(name: str, modules: dict[str, ModuleDef]) -> str:
    target = modules.get(name)
    return target.plural_label if target is not None else name.replace("_", " ")


def linking_field_names(owner: ModuleDef, f: FieldDef) -> tuple[str, str, str]:
    """(linking module, its lookup to the owner, its lookup to the connected record or user).

    The linking module's lookup to the owning module is named after that module (Zoho's
    "Employees" <-> "Skills" example has the linking module fields Employees and Skills).
    """
    target = f.lookup_module or "Users"
    linking = f.linking_module or f"{owner.api_name}_X_{target}"
    connected = f.connected_field or target
    return linking, owner.api_name, connected


def _linking_metadata(
    owner: ModuleDef, f: FieldDef, modules: dict[str, ModuleDef], style: str
) -> dict[str, Any]:
    linking, lookup_api, connected_api = linking_field_names(owner, f)
    target = f.lookup_module or "Users"
    linking_id = _child_id(f.id, 700)
    if style == "v8":
        linking_module = {
            "api_name": linking,
            "id": linking_id,
            "plural_label": linking.replace("_", " "),
            "visibility": 1,
        }
        target_def = modules.get(target)
        return {
            "linking_details": {
                "module": linking_module,
                "lookup_field": {
                    "api_name": lookup_api,
                    "id": _child_id(f.id, 701),
                    "field_label": lookup_api.replace("_", " "),
                },
                "connected_lookup_field": {
                    "api_name": connected_api,
                    "id": _child_id(f.id, 702),
                    "field_label": connected_api.replace("_", " "),
                },
            },
            "connected_details": {
                "module": {
                    "api_name": target,
                    "id": target_def.id if target_def is not None else None,
                    "plural_label": _plural(target, modules),
                },
                "field": {
                    "api_name": connected_api,
                    "id": _child_id(f.id, 702),
                    "field_label": connected_api.replace("_", " "),
                },
                "layouts": [],
            },
            "related_list": {
                "api_name": f.api_name,
                "id": _child_id(f.id, 703),
                "display_label": f.label,
            },
            "record_access": False,
        }
    out: dict[str, Any] = {
        "display_label": _plural(target, modules),
        "linking_module": linking if style == "v2" else {"api_name": linking, "id": linking_id},
        "lookup_apiname": lookup_api,
        "connected_module": (
            None
            if style == "v2" and f.data_type == "multiuserlookup"
            else _module_ref(target, modules, style)
        ),
        "api_name": f.api_name,
        "connectedlookup_apiname": connected_api,
        "id": _child_id(f.id, 703),
    }
    if style != "v2":
        out["connectedfield_apiname"] = connected_api
        out["record_access"] = False
    return out


def subform_module_name(f: FieldDef) -> str:
    """The module that holds a subform's rows (its own name unless the dataset gives one)."""
    return f.lookup_module or f.api_name


def field_metadata(
    f: FieldDef, owner: ModuleDef, modules: dict[str, ModuleDef], style: str = "v8"
) -> dict[str, Any]:
    """A field in the shape of Zoho's fields metadata API, as API version ``style`` has it.

    ``owner`` is the module the field belongs to and ``modules`` every module (for the ids and
    labels of the modules a lookup names).
    """
    out: dict[str, Any] = {
        "api_name": f.api_name,
        "id": f.id,
        "field_label": f.label,
        "display_label": f.label,
        "data_type": f.data_type,
        "json_type": JSON_TYPES.get(f.data_type, "string"),
        "length": f.length if f.length is not None else METADATA_LENGTHS.get(f.data_type, 255),
        "read_only": f.read_only,
        "field_read_only": f.read_only,
        "system_mandatory": f.mandatory,
        "custom_field": f.custom,
        "visible": True,
        "mass_update": f.mass_updatable,
        "unique": {"casesensitive": "false"} if f.unique else {},
        "lookup": {},
        "pick_list_values": [],
    }
    if f.values:
        out["pick_list_values"] = [
            {
                "display_value": v,
                "actual_value": v,
                "reference_value": v,
                "id": _child_id(f.id, 900 + i),
            }
            for i, v in enumerate(f.values)
        ]
    if f.lookup_module and f.data_type == "lookup":
        # display_label / api_name / id: the related list the lookup puts in the target module
        lookup: dict[str, Any] = {
            "display_label": owner.plural_label,
            "api_name": owner.api_name,
            "module": _module_ref(f.lookup_module, modules, style),
            "id": _child_id(f.id, 800),
        }
        if style != "v2":
            lookup["revalidate_filter_during_edit"] = False
            lookup["query_details"] = {}
        out["lookup"] = lookup
    if f.data_type in ("multiselectlookup", "multiuserlookup"):
        out[f.data_type] = _linking_metadata(owner, f, modules, style)
    if f.data_type == "subform":
        ref = {"module": subform_module_name(f), "id": _child_id(f.id, 600)}
        out["subform"] = ref
        if style != "v2":
            out["associated_module"] = {"api_name": ref["module"], **ref}
    return out


def check_generic_value(value: Any, api: str, path: str) -> None:
    """A value for a field the module does not have (ignored, as Zoho does) must still be a
    well-formed field value: a scalar, a lookup ``{id}``, or an array of scalars / link items."""
    t = type(value)
    if value is None or t is str or t is int or t is float or t is bool:
        return
    if t is dict:
        _ref_id(value, api, path)
        return
    if t is not list:
        raise type_error(api, path, "jsonobject")
    for i, item in enumerate(value):
        it = type(item)
        if it is str or it is int or it is float:
            continue
        if it is not dict:
            raise type_error(api, f"{path}[{i}]", "jsonobject")
        if "id" in item and coerce_id(item["id"]) is None:
            raise invalid_value(api, f"{path}[{i}].id")
        if "_delete" in item and item["_delete"] is not None:
            raise type_error(api, f"{path}[{i}]._delete", "null")
        if "File_Id__s" in item and type(item["File_Id__s"]) is not str:
            raise type_error(api, f"{path}[{i}].File_Id__s", "text")


def metadata_only_modules(modules: dict[str, ModuleDef], product: str) -> dict[str, ModuleDef]:
    """The modules Zoho serves field metadata for besides the declared ones.

    "the field metadata for the specified module including standard module, custom module,
    subform module, and linking module" (the v8 Fields Metadata page): the linking module of
    each multi-select and multi-user lookup (``Deals_X_Listings``: a lookup to the owning
    module and one to the connected module or user, plus the system fields), and the module of
    each subform's rows (``Parent_Id`` and the subform's fields). Their records are not
    emulated (the linking rows live in the owning record's field).
    """
    out: dict[str, ModuleDef] = {}
    for owner in modules.values():
        for f in owner.fields.values():
            if f.data_type in ("multiselectlookup", "multiuserlookup"):
                linking, lookup_api, connected_api = linking_field_names(owner, f)
                if linking in modules or linking in out:
                    continue
                connected: dict[str, Any] = (
                    {"type": "userlookup"}
                    if f.data_type == "multiuserlookup"
                    else {"type": "lookup", "module": f.lookup_module}
                )
                spec = {
                    "id": _child_id(f.id, 700),
                    "generated_type": "linking",
                    "singular_label": linking.replace("_", " "),
                    "plural_label": linking.replace("_", " "),
                    "scope": owner.scope_name,
                    "fields": {
                        lookup_api: {"type": "lookup", "module": owner.api_name, "mandatory": True},
                        connected_api: dict(connected, mandatory=True),
                    },
                }
                m = compile_module(linking, spec, product)
                for name in ("Owner", "Tag"):  # linking rows have neither
                    m.fields.pop(name, None)
                out[linking] = m
            elif f.data_type == "subform":
                name = subform_module_name(f)
                if name in modules or name in out:
                    continue
                mid = _child_id(f.id, 600)
                parent = {"type": "lookup", "module": owner.api_name, "read_only": True}
                parent_id = _make_field(
                    "Parent_Id", dict(parent, system=True), _child_id(mid, 1), False
                )
                fields = {"Parent_Id": parent_id}
                fields.update(f.subform_fields)
                out[name] = ModuleDef(
                    api_name=name,
                    id=mid,
                    singular_label=name.replace("_", " "),
                    plural_label=name.replace("_", " "),
                    scope_name=owner.scope_name,
                    display_field=None,
                    fields=fields,
                    generated_type="subform",
                )
    return out
