"""Field-type validators and the per-record errors they raise.

A validator is ``validate(value, json_path, ctx, old_value) -> stored_value`` and raises
:class:`~zoho_emulator.exceptions.RecordError` for bad input. ``ctx`` gives access to other
records (lookups), users and fresh ids (linking rows). :func:`build_validator` picks one per
field when ``schema`` compiles a dataset's modules.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from .exceptions import RecordError

if TYPE_CHECKING:
    from .schema import FieldDef

ID_RE = re.compile(r"^[0-9]{1,19}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


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
