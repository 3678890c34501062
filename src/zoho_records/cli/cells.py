"""Typing CSV cells and checking JSON values by Zoho's field metadata, with specific messages.

A CSV cell is always text; it becomes a JSON value according to the field's type in Zoho's
fields metadata when we have it (numbers, booleans, multi-select lists, lookups), else it stays
a string unless it looks like JSON (starts with ``[`` or ``{``). An empty cell leaves the field
alone (``NOT_GIVEN``) unless ``empty_as_null`` asks for empty cells to clear fields. A JSON Lines
value is checked against the same types (``check_value``). Picklist values, record ids and
unknown field names get messages that say what to write instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import zoho_wire_facts as wire

from .. import NOT_GIVEN
from .._constants import ID_RE
from .rows import Problem, Row, key_twice, loads

_SCI_RE = re.compile(r"^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$")
# an id a spreadsheet formatted as a number: digits in groups of three (1,234,567 / 1 234 567)
_GROUPED_RE = re.compile(r"^[0-9]{1,3}([,' \u00a0\u202f][0-9]{3})+$")
WEB_ID_PREFIX = "zcrm_"  # the record ids of a CRM web export: zcrm_3652397000000281001

INTEGER_TYPES = frozenset({"integer", "bigint"})
NUMBER_TYPES = frozenset({"currency", "double", "decimal", "percent"})
LOOKUP_TYPES = frozenset({"lookup", "ownerlookup", "userlookup"})
ARRAY_TYPES = frozenset(
    {"multiselectlookup", "multiuserlookup", "imageupload", "fileupload", "subform"}
)
TEXT_TYPES = frozenset({"text", "textarea", "phone", "website", "picklist", "email", "autonumber"})
# Record keys that are not fields (the spec's x-zoho-non-field-keys); Zoho's other "$" keys are
# recognised by their prefix.
NON_FIELD_KEYS = wire.NON_FIELD_KEYS
TRUE = frozenset({"true", "yes", "1"})
FALSE = frozenset({"false", "no", "0"})


def fields_command(module: str, product: str = "crm") -> str:
    """The command that lists a module's fields (API names, types, picklist values)."""
    return f"zoho-records fields --module {module}" + (
        " --product bigin" if product == "bigin" else ""
    )


@dataclass(slots=True)
class FieldChecks:
    """What the field metadata says a value must be beyond its type: the picklist values of a
    module's fields, their maximum lengths (``too_long``), and how to list them."""

    values: Mapping[str, Sequence[str]]
    module: str
    product: str
    lengths: Mapping[str, int] = field(default_factory=dict)

    @property
    def hint(self) -> str:
        return fields_command(self.module, self.product)

    def problem(self, column: str, value: str) -> str | None:
        """What is wrong with ``value`` for picklist ``column`` (None: it is one of its values,
        or the values are not known)."""
        allowed = self.values.get(column)
        if not allowed or value in allowed:
            return None
        return picklist_problem(column, value, allowed, self.hint)

    def too_long(self, column: str, value: Any, data_type: str | None) -> str | None:
        """What is wrong with a value longer than field ``column`` takes (None: it fits, or
        its maximum is not known)."""
        maximum = self.lengths.get(column)
        return None if maximum is None else too_long(column, value, data_type, maximum)


def picklist_problem(column: str, value: str, allowed: Sequence[str], hint: str) -> str:
    """A value that is not one of the picklist's: the nearest ones, and where to see them all.
    Zoho answers such a value with INVALID_DATA (see the emulator's picklist rule)."""
    by_case = [v for v in allowed if v.casefold() == value.casefold()]
    near = by_case or difflib.get_close_matches(value, list(allowed), 3, 0.5)
    if near:
        shown = ", ".join(repr(v) for v in near)
        nearest = f"nearest: {shown}" if len(near) > 1 else f"did you mean {shown}?"
    else:
        nearest = f"its values are {', '.join(repr(v) for v in allowed[:8])}" + (
            ", ..." if len(allowed) > 8 else ""
        )
    return (
        f"{value!r} is not one of the values of the picklist {column} ({nearest}); values "
        f"must match exactly (`{hint}` lists them all)"
    )


def unknown_field(
    name: str, field_types: Mapping[str, str] | None, module: str, product: str = "crm"
) -> str | None:
    """What to say of a record key that is not a field of ``module`` (None: it is fine, or
    there is no metadata to tell)."""
    if not field_types or name in field_types or name in NON_FIELD_KEYS or name.startswith("$"):
        return None
    lowered = {f.casefold(): f for f in field_types}
    near = [lowered[name.casefold()]] if name.casefold() in lowered else []
    near = near or difflib.get_close_matches(name, list(field_types), 1, 0.6)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return (
        f"{name!r} is not a field of {module} (use field API names; "
        f"`{fields_command(module, product)}` lists them){hint}"
    )


def check_id(row: Row, column: str, value: Any, kind: str = "column") -> str | None:
    """The id as a digit string, or None after recording a problem."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        # (a value of a JSON file: said as it is written there)
        text = json.dumps(value, ensure_ascii=False, default=str)
        text = text if len(text) <= 60 else text[:57] + "..."
        if isinstance(value, float):
            msg = (
                f"{text} is not a record id: a number with a decimal point or an exponent "
                "cannot hold an id's 19 digits; write the id as a digit string, e.g. "
                '"3652397000003852095"'
            )
        else:
            msg = f"{text} is not a record id; ids are digit strings"
        row.problems.append(Problem(row.number, column, msg, kind))
        return None
    text = str(value).strip()
    if ID_RE.fullmatch(text):
        return text
    if _SCI_RE.match(text):
        msg = (
            f"{text!r} is an id mangled by a spreadsheet (scientific notation lost its digits): "
            "format the id column as text and export again"
        )
    elif text.isdigit():
        msg = f"{text!r} has {len(text)} digits; Zoho record ids have 1 to 19 digits"
    elif text.startswith(WEB_ID_PREFIX) and ID_RE.fullmatch(text[len(WEB_ID_PREFIX) :]):
        msg = (
            f"{text!r} is a record id as Zoho's web export writes it: write it without "
            f"{WEB_ID_PREFIX} ({text[len(WEB_ID_PREFIX) :]})"
        )
    elif _GROUPED_RE.match(text):
        msg = (
            f"{text!r} is an id a spreadsheet formatted as a number (digit groups; it keeps "
            "only 15 digits of a number): format the id column as text and export again"
        )
    else:
        msg = f"{text!r} is not a Zoho record id (1 to 19 digits); copy ids from Zoho exactly"
    row.problems.append(Problem(row.number, column, msg, kind))
    return None


def convert_cell(
    row: Row,
    column: str,
    raw: str,
    data_type: str | None,
    empty_as_null: bool,
    picklists: FieldChecks | None = None,
) -> Any:
    """The JSON value for one CSV cell, or NOT_GIVEN (empty cell / after a problem): typed,
    then checked against the field's maximum length (``FieldChecks.too_long``)."""
    value = _converted(row, column, raw, data_type, empty_as_null, picklists)
    if picklists is None or (maximum := picklists.lengths.get(column)) is None:
        return value  # (the usual cell: one lookup)
    if value is not NOT_GIVEN and value is not None:
        if (wrong := too_long(column, value, data_type, maximum)) is not None:
            row.problems.append(Problem(row.number, column, wrong))
            return NOT_GIVEN
    return value


def _converted(
    row: Row,
    column: str,
    raw: str,
    data_type: str | None,
    empty_as_null: bool,
    picklists: FieldChecks | None,
) -> Any:
    if raw == "" or (raw.strip() == "" and data_type not in ("text", "textarea")):
        return None if empty_as_null and column != "id" else NOT_GIVEN
    if column == "id":
        rid = check_id(row, column, raw)
        return rid if rid is not None else NOT_GIVEN
    cell = _Cell(row, column, raw.strip())
    text = cell.text
    if data_type in INTEGER_TYPES:
        return _whole_number(cell, data_type)
    if data_type in NUMBER_TYPES:
        return _number(cell, data_type)
    if data_type == "boolean":
        return _boolean(cell)
    if data_type == "multiselectpicklist":
        return _multiselect(cell, picklists)
    if data_type in LOOKUP_TYPES:
        return _lookup(cell)
    if data_type in ARRAY_TYPES or column == "Tag":
        return _object_list(cell, data_type)
    if data_type == "date":
        if (why := date_problem(text)) is not None:
            return cell.problem(f"{text!r} is not a date: {why}; {DATE_HINT}")
        return text
    if data_type == "datetime":
        if (why := datetime_problem(text)) is not None:
            return cell.problem(f"{text!r} is not a date-time: {why}; {DATETIME_HINT}")
        return text
    if data_type == "email":
        return text  # (no address has spaces around it: a spreadsheet's stray ones go)
    if data_type == "picklist" and picklists is not None:
        if (wrong := picklists.problem(column, raw)) is not None:
            return cell.problem(wrong)
    if (data_type is None and text[:1] in ("[", "{")) or column.startswith("$"):
        return cell.parse_json("valid JSON", '["A","B"] or {"id":"123"}')
    return raw


@dataclass(slots=True)
class _Cell:
    """A CSV cell being typed: its row (which collects the problems), column and stripped text."""

    row: Row
    column: str
    text: str

    def problem(self, message: str) -> Any:
        """Record ``message`` as a problem of this cell, which then gives no value (NOT_GIVEN)."""
        self.row.problems.append(Problem(self.row.number, self.column, message))
        return NOT_GIVEN

    def parse_json(self, expected: str, example: str) -> Any:
        """The cell read as JSON, or NOT_GIVEN after a problem saying to write ``expected``."""
        try:
            value = loads(self.text)
        except json.JSONDecodeError as exc:
            return self.problem(
                f"cannot read {self.text[:40]!r} as JSON ({exc.msg} at character "
                f"{exc.pos + 1}); write {expected} such as {example}"
            )
        if (twice := key_twice(value)) is not None:
            return self.problem(twice)
        return value


def _whole_number(cell: _Cell, data_type: str) -> Any:
    try:
        return int(cell.text)
    except ValueError:
        return cell.problem(
            f"{cell.text!r} is not a whole number (field type {data_type}); "
            f"{_whole_hint(cell.text)}"
        )


def _number(cell: _Cell, data_type: str) -> Any:
    text = cell.text
    try:
        number = float(text)
    except ValueError:
        return cell.problem(
            f"{text!r} is not a number (field type {data_type}); write digits with a dot "
            "for decimals and no thousands separators, e.g. 1250.50"
        )
    if number != number or number in (float("inf"), float("-inf")):
        return cell.problem(f"{text!r} is not a finite number")
    if number.is_integer() and "." not in text:
        try:
            return int(text)  # exact: a float holds no more than 15 or so digits
        except ValueError:  # 1e3
            return int(number)
    return number


def _boolean(cell: _Cell) -> Any:
    low = cell.text.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    return cell.problem(f"{cell.text!r} is not a boolean; write true or false")


def _multiselect(cell: _Cell, picklists: FieldChecks | None) -> Any:
    """A list of strings: ``A;B`` or a JSON array; each one of the picklist's values."""
    text = cell.text
    if text.startswith("["):
        value = cell.parse_json("a JSON array of strings", '["Korean","Spanish"]')
        if value is not NOT_GIVEN and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return cell.problem(f'{text[:40]!r} must be a JSON array of strings, e.g. ["A","B"]')
    else:
        value = [part.strip() for part in text.split(";") if part.strip()]
    if picklists is not None and isinstance(value, list):
        for item in value:
            if (wrong := picklists.problem(cell.column, item)) is not None:
                return cell.problem(wrong)
    return value


def _lookup(cell: _Cell) -> Any:
    """A link to a record: its id as digits, or a JSON object naming it."""
    text = cell.text
    if ID_RE.fullmatch(text):
        return {"id": text}
    if text.startswith("{"):
        value = cell.parse_json("a JSON object", '{"id":"3652397000000281001"}')
        if value is not NOT_GIVEN and not (isinstance(value, dict) and "id" in value):
            return cell.problem('a lookup must name the linked record: {"id": "<digits>"}')
        return value
    return cell.problem(
        f"{text[:40]!r} is not a lookup: write the linked record's id (digits) or "
        '{"id":"<digits>"}'
    )


def _object_list(cell: _Cell, data_type: str | None) -> Any:
    """A JSON array of objects (subform rows, files, tags, multi-lookups)."""
    value = cell.parse_json(
        "a JSON array of objects", '[{"id":"431581000000697244","_delete":null}]'
    )
    if value is not NOT_GIVEN and not isinstance(value, list):
        return cell.problem(f"field type {data_type or 'Tag'} takes a JSON array of objects")
    return value


# How the emulator (src/zoho_emulator/validators.py, the reference for Zoho's answers here)
# holds a value to its field's metadata ``length``, and so how rows are checked before they
# are sent, no stricter: the characters of a text value; the digits before the decimal point
# of a currency, decimal (``double``) or percent value; the characters of a multi-select
# picklist's values joined by ";". Whole numbers, dates, booleans and lookups have a
# ``length`` in the metadata that the emulator does not check. Each is INVALID_DATA with
# ``details.maximum_length``. (The spec says only that ``length`` is "the maximum length of
# text values", openapi/components/schemas/FieldMeta.yaml. Zoho's field-type page, e.g.
# https://www.bigin.com/developer/docs/toppings/custom-field-types.html, counts a decimal's
# length in digits "including the decimal places" and gives whole numbers up to 9 digits:
# stricter than the emulator, so real Zoho may refuse a value these checks let through.)
DIGIT_LENGTH_TYPES = frozenset({"currency", "double", "percent"})


def too_long(column: str, value: Any, data_type: str | None, maximum: int) -> str | None:
    """What is wrong with ``value`` when it is longer than field ``column`` takes (``maximum``,
    the metadata's ``length``); None when it fits or its type has no such limit."""
    t = type(value)
    if data_type in TEXT_TYPES and t is str:
        size, unit = len(value), "characters long"
    elif data_type in DIGIT_LENGTH_TYPES and t in (int, float, str):
        try:
            number = float(value) if t is str else value
            size, unit = len(str(int(abs(number)))), "digits before the decimal point"
        except (ValueError, OverflowError):
            return None  # not a finite number: the type check says so
    elif data_type == "multiselectpicklist" and t is list and all(type(v) is str for v in value):
        size, unit = len(";".join(value)), "characters with its values joined by ';'"
    else:
        return None
    if size <= maximum:
        return None
    shown = repr(value) if t is not str or len(value) <= 30 else repr(value[:27] + "...")
    return (
        f"{shown} is {size:,} {unit}, but {column} takes at most {maximum:,} (the field "
        "metadata's length); Zoho would refuse the row (INVALID_DATA): "
        + ("check the number" if data_type in DIGIT_LENGTH_TYPES else "shorten it")
    )


DATETIME_HINT = "write ISO 8601 with an offset, e.g. 2024-01-15T15:26:49+05:30"
DATE_HINT = "write YYYY-MM-DD, e.g. 2024-01-31"
_DATE_PARTS_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_FIRST_RE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a YYYY-MM-DD date that exists (None: it is one)."""
    parts = _DATE_PARTS_RE.match(text)
    if parts is None:
        if _DAY_FIRST_RE.match(text):
            return "the year must come first"
        return "not in the form YYYY-MM-DD"
    year, month, day = (int(p) for p in parts.groups())
    if year == 0:
        return "there is no year 0000"
    if not 1 <= month <= 12:
        return f"there is no month {parts.group(2)} (months are 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return (
            f"{calendar.month_name[month]} {year} has {days} days, so day {parts.group(3)} "
            "does not exist"
        )
    return None


def datetime_problem(text: str) -> str | None:
    """Why ``text`` is not an ISO 8601 date-time with an offset (None: it is one)."""
    date, sep, time = text.partition("T")
    if not sep:
        return "the time is missing (a T and the time after the date)"
    if (why := date_problem(date)) is not None:
        return why
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return f"{time!r} is not a time of day with an offset"
    if parsed.tzinfo is None:
        return "the offset from UTC is missing (e.g. +05:30 or Z)"
    return None


def _whole_hint(text: str) -> str:
    """How to write ``text`` as a whole number, with an example."""
    bare = text.replace(",", "").replace("_", "").replace(" ", "")
    try:
        number = float(bare)
    except ValueError:
        return "write it in digits, e.g. 42"
    if not math.isfinite(number):
        return "write it in digits, e.g. 42"
    if bare != text and number.is_integer():
        return f"write digits without separators, e.g. {int(number)}"
    if not number.is_integer():
        return f"this field takes no decimals, e.g. {round(number)}"
    return f"write it as {int(number)}"


def check_value(
    row: Row, key: str, value: Any, data_type: str | None, picklists: FieldChecks | None = None
) -> None:
    """Record a problem if a JSON ``value`` cannot be right for a field of ``data_type``
    (JSONL input; CSV cells are checked while they are converted). ``null`` clears any field."""
    if value is None or data_type is None:
        return
    before = len(row.problems)
    _check_type(row, key, value, data_type, picklists)
    if picklists is not None and len(row.problems) == before:
        if (wrong := picklists.too_long(key, value, data_type)) is not None:
            row.problems.append(Problem(row.number, key, wrong, "key"))


def _check_type(
    row: Row, key: str, value: Any, data_type: str, picklists: FieldChecks | None
) -> None:
    def problem(expected: str) -> None:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        row.problems.append(
            Problem(
                row.number, key, f"{shown} does not fit field type {data_type}: {expected}", "key"
            )
        )

    t = type(value)
    if data_type in TEXT_TYPES:
        if t is not str:
            problem("write text as a JSON string")
        elif data_type == "picklist" and picklists is not None:
            if (wrong := picklists.problem(key, value)) is not None:
                row.problems.append(Problem(row.number, key, wrong, "key"))
    elif data_type in INTEGER_TYPES:
        ok = (t is int) or (t is float and value.is_integer())
        if not ok and t is str:
            ok = value.strip().lstrip("-").isdigit()
        if not ok:
            problem(
                "write a whole number, e.g. 42"
                if t is not str
                else f"write a whole number; {_whole_hint(value)}"
            )
    elif data_type in NUMBER_TYPES:
        ok = t is int or t is float
        if t is str:
            try:
                ok = math.isfinite(float(value))  # "NaN" and "Infinity" parse, but are no numbers
            except ValueError:
                ok = False
        if not ok:
            problem("write a number, e.g. 1250.5")
    elif data_type == "boolean":
        if t is not bool:
            problem("write true or false")
    elif data_type == "date":
        if t is not str:
            problem("write a date as a string, YYYY-MM-DD, e.g. 2024-01-31")
        elif (why := date_problem(value)) is not None:
            problem(f"{why}; {DATE_HINT}")
    elif data_type == "datetime":
        if t is not str:
            problem(DATETIME_HINT)
        elif (why := datetime_problem(value)) is not None:
            problem(f"{why}; {DATETIME_HINT}")
    elif data_type == "multiselectpicklist":
        if t is not list or not all(type(v) is str for v in value):
            problem('write a list of strings, e.g. ["Korean","Spanish"]')
        elif picklists is not None:
            for item in value:
                if (wrong := picklists.problem(key, item)) is not None:
                    row.problems.append(Problem(row.number, key, wrong, "key"))
                    break
    elif data_type in LOOKUP_TYPES or data_type == "layout":
        ref = value.get("id") if t is dict else value
        if not ((type(ref) is str and ID_RE.fullmatch(ref)) or (type(ref) is int and ref > 0)):
            problem('link the record by its id: {"id": "<digits>"}')
    elif data_type in ARRAY_TYPES or data_type == "tag":
        if t is not list or not all(type(v) is dict for v in value):
            problem("write a list of objects")
