"""Reading bulk input files (CSV or JSONL) into records, with specific errors per row/column.

A CSV cell is always text; it becomes a JSON value according to the field's type in Zoho's
fields metadata when we have it (numbers, booleans, multi-select lists, lookups), else it stays
a string unless it looks like JSON (starts with ``[`` or ``{``). An empty cell leaves the field
alone (``NOT_GIVEN``) unless ``empty_as_null`` asks for empty cells to clear fields. A row that
cannot be turned into a record keeps its place: it carries its ``problems`` instead.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import hashlib
import itertools
import json
import math
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import zoho_wire_facts as wire

from ._constants import ID_RE
from ._types import NOT_GIVEN

_SCI_RE = re.compile(r"^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$")

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


# How deep lists and objects may nest in one input value (a Zoho record nests a few levels:
# a subform row holding a lookup). Deeper input is refused with a message naming its line,
# rather than ending in a RecursionError (the JSON reader's limit is near 1,000 levels) or
# being sent (the request encoder's limit is lower).
MAX_NESTING = 100


class NestingError(ValueError):
    """A JSON value nests lists or objects deeper than ``MAX_NESTING`` levels."""

    def __init__(self) -> None:
        super().__init__(
            f"a value nests lists or objects more than {MAX_NESTING} levels deep; Zoho records "
            "nest a few levels at most (a subform row holding a lookup): check what wrote it"
        )


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        children = item.values() if type(item) is dict else item
        stack.extend((c, depth + 1) for c in children if type(c) is dict or type(c) is list)
    return False


def loads(text: str, **kw: Any) -> Any:
    """``json.loads``, but a value nested deeper than ``MAX_NESTING`` raises ``NestingError``
    (never ``RecursionError``). The walk runs only for text with that many brackets."""
    try:
        value = json.loads(text, **kw)
    except RecursionError:
        raise NestingError() from None
    if (type(value) is dict or type(value) is list) and (
        text.count("[") + text.count("{") > MAX_NESTING and _too_deep(value)
    ):
        raise NestingError()
    return value


class InputFileError(Exception):
    """The file as a whole cannot be used (unreadable, no header, no id column, …)."""


@dataclass(slots=True)
class Problem:
    """What is wrong with a row: in a CSV ``column``, or under a JSONL object's key."""

    row: int
    column: str | None
    message: str
    kind: str = "column"  # "key" for a JSONL object
    line: int | None = None  # the file line the row starts on (set by ``read_rows``)

    @property
    def place(self) -> str | None:
        return None if self.column is None else f"{self.kind} {self.column}"

    def __str__(self) -> str:
        where = row_name(self.row, self.line) + (f", {self.place}" if self.place else "")
        return f"{where}: {self.message}"


def row_name(number: int, line: int | None) -> str:
    """``row 2 (line 3)``: the data row (header not counted) and the file line it starts on."""
    return f"row {number}" if line is None else f"row {number} (line {line})"


@dataclass(slots=True)
class Row:
    """Data row ``number`` (1-based, header not counted; blank lines keep their numbers but
    yield no row) and the record built from it."""

    number: int
    record: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""  # of the row as written in the file (see ``digest``)
    line: int | None = None  # the file line the row starts on (None: not known, a JSON array)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return row_name(self.number, self.line)


def digest(text: str) -> str:
    """A short fingerprint of a row as written in the input file: a report keeps it, so that
    resuming can tell the report's rows are this file's rows (also for upserts, which have no
    ids to compare)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def file_format(path: Path) -> str:
    """``csv``, ``tsv`` (tab-separated), ``jsonl`` (one object per line) or ``json`` (a JSON
    array of objects, or JSON Lines in a .json file)."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    raise InputFileError(
        f"{path}: unknown file type {suffix!r}; use a .csv, .tsv, .jsonl or .json file"
    )


# A CSV cell may be long (a textarea holds up to 32,000 characters, and the server is the one
# to judge lengths); the csv module's default limit of 131,072 would end the run with an error.
csv.field_size_limit(2**31 - 1)


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except IsADirectoryError:
        raise InputFileError(f"{path} is a directory, not a file") from None
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except PermissionError:
        raise InputFileError(f"{path}: permission denied (cannot read it)") from None


def _lines(path: Path) -> Iterator[str]:
    """The file's lines as text: UTF-8 (a leading byte order mark is dropped), or
    ``InputFileError`` naming the line and byte that are not."""
    with _open(path) as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"{path}, line {number}: byte 0x{raw[exc.start]:02x} (character "
                    f"{exc.start + 1}) is not UTF-8 text; save the file as UTF-8 (Excel: "
                    "'CSV UTF-8'), or convert it, e.g. iconv -f latin1 -t utf-8"
                ) from None


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each CSV/TSV record (``line``: where the record starts; a quoted
    cell may span lines). Quoting is strict: a quote that is never closed would otherwise
    swallow every row after it."""
    delimiter = "\t" if file_format(path) == "tsv" else ","
    reader = csv.reader(_lines(path), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(_csv_error(path, reader.line_num, str(exc))) from None


def _csv_error(path: Path, line: int, message: str) -> str:
    if "unexpected end of data" in message:
        return (
            f"{path}: a double quote opened on or before line {line} is never closed, so the "
            "rest of the file would be read as one cell; close it, and write a quote inside a "
            'value as two (""). Nothing was sent'
        )
    if "expected after" in message:
        return (
            f"{path}, line {line}: text after a closing double quote; a value with quotes in it "
            'must be quoted as a whole, each quote inside doubled: "say ""hi"" twice". '
            "Nothing was sent"
        )
    return f"{path}, line {line}: not readable as CSV ({message}). Nothing was sent"


def read_rows(
    path: Path,
    *,
    field_types: Mapping[str, str] | None = None,
    require_id: bool = True,
    empty_as_null: bool = False,
    known_fields: Mapping[str, str] | None = None,
    module: str = "the module",
    picklists: Mapping[str, Sequence[str]] | None = None,
    product: str = "crm",
    columns: Mapping[str, str | None] | None = None,
) -> Iterator[Row]:
    """Rows of ``path`` (CSV with a header row, or JSONL with one JSON object per line).

    ``columns`` renames CSV header cells to field API names (a Zoho web export's labels,
    ``web_export_columns``; a column mapped to None is left out) and takes the ``zcrm_``
    prefix off its record ids.

    ``field_types`` (field API name -> data_type) types CSV cells and checks JSONL values;
    with ``known_fields``, a JSONL key that is not one of them is a problem of its row (for a
    CSV file the header is checked once, by ``header_problems``). ``picklists`` (field API
    name -> its values, from the field metadata) checks picklist values. Each row and its
    problems carry the file line the row starts on."""
    values = PicklistCheck(picklists or {}, module, product)
    rows: Iterator[Row]
    if file_format(path) in ("jsonl", "json"):
        rows = _read_jsonl(
            path,
            require_id=require_id,
            field_types=field_types,
            known_fields=known_fields,
            module=module,
            picklists=values,
        )
    else:
        rows = _read_csv(
            path,
            field_types=field_types,
            require_id=require_id,
            empty_as_null=empty_as_null,
            picklists=values,
            columns=columns,
        )
    for row in rows:
        for p in row.problems:
            if p.line is None:
                p.line = row.line
        yield row


def fields_command(module: str, product: str = "crm") -> str:
    """The command that lists a module's fields (API names, types, picklist values)."""
    return f"zoho-records fields --module {module}" + (
        " --product bigin" if product == "bigin" else ""
    )


@dataclass(slots=True)
class PicklistCheck:
    """The picklist values of a module's fields, and how to list them."""

    values: Mapping[str, Sequence[str]]
    module: str
    product: str

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


def header_problems(
    columns: list[str],
    field_types: Mapping[str, str] | None,
    *,
    require_id: bool,
    module: str,
    product: str = "crm",
) -> list[str]:
    """What is wrong with a CSV header (fatal: nothing can be sent)."""
    problems = []
    if require_id and "id" not in columns:
        lowered = {c.lower(): c for c in reversed(columns)}
        near = difflib.get_close_matches("id", list(lowered), 1, 0.6)
        hint = f" (found {lowered[near[0]]!r}: rename it to 'id')" if near else ""
        problems.append(
            "no 'id' column: the first line must be a header and one column must be called "
            f"'id', holding each record's Zoho id{hint}"
        )
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            problems.append(f"column {col!r} appears twice in the header; keep one")
        seen.add(col)
        if col == "":
            problems.append("a header cell is empty; name every column after a field API name")
        elif (unknown := unknown_field(col, field_types, module, product)) is not None:
            problems.append(f"column {unknown}")
    return problems


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


WEB_ID_PREFIX = "zcrm_"  # the record ids of a CRM web export: zcrm_3652397000000281001
WEB_ID_LABEL = "Record Id"


def _mapped(columns: Mapping[str, str | None], column: str) -> str:
    if column not in columns:
        return column
    return columns[column] or ""  # "": a column left out (as an unnamed one)


def web_export_columns(
    header: Sequence[str],
    labels: Mapping[str, str],
    api_names: Collection[str],
    read_only: Collection[str] = (),
) -> dict[str, str | None] | None:
    """The header of a Zoho web-UI export (field labels as column names, ``Record Id``) mapped
    to field API names (``labels``: label -> API name); read-only fields map to None (left
    out: an update cannot write them). None when the header is not such an export (it names
    API names, or has no ``Record Id`` and no label that is not also an API name)."""
    if WEB_ID_LABEL not in header and all(c in api_names or c not in labels for c in header):
        return None
    if "id" in header:
        return None
    out: dict[str, str | None] = {}
    for column in header:
        if column == WEB_ID_LABEL:
            out[column] = "id"
        elif column in api_names:
            out[column] = None if column in read_only else column
        elif column in labels:
            api = labels[column]
            out[column] = None if api in read_only else api
    return out


def read_header(path: Path) -> list[str]:
    if file_format(path) not in ("csv", "tsv"):
        return []
    for _, cells in _csv_records(path):
        return [c.strip() for c in cells]
    raise InputFileError(f"{path} is empty: expected a header row")


def _read_csv(
    path: Path,
    *,
    field_types: Mapping[str, str] | None,
    require_id: bool,
    empty_as_null: bool,
    picklists: PicklistCheck | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> Iterator[Row]:
    records = _csv_records(path)
    first = next(records, None)
    if first is None:
        return
    header = [c.strip() for c in first[1]]
    header_text = "\x1f".join(header)  # in each row's digest: a renamed column changes them all
    if columns:
        header = [_mapped(columns, c) for c in header]
    types = field_types or {}
    for number, (line, cells) in enumerate(records, start=1):
        if not any(c.strip() for c in cells):
            continue  # a blank line: no record, but it keeps its number
        row = Row(number, {}, digest=digest(header_text + "\x1e" + "\x1f".join(cells)), line=line)
        if len(cells) != len(header):
            row.problems.append(
                Problem(
                    number,
                    None,
                    f"has {len(cells)} cells but the header has {len(header)} columns "
                    "(a comma inside a value needs double quotes around the value)",
                )
            )
        for col, raw in zip(header, cells, strict=False):
            if col == "":
                continue
            if columns and col == "id" and raw.startswith(WEB_ID_PREFIX):
                raw = raw[len(WEB_ID_PREFIX) :]
            try:
                value = convert_cell(row, col, raw, types.get(col), empty_as_null, picklists)
            except NestingError as exc:
                raise InputFileError(f"{path}, line {line}, column {col}: {exc}") from None
            if value is not NOT_GIVEN:
                row.record[col] = value
        if require_id and "id" in header and "id" not in row.record:
            if not any(p.column == "id" for p in row.problems):
                row.problems.append(
                    Problem(number, "id", "the id is empty; every row needs the record's id")
                )
        yield row


def check_id(row: Row, column: str, value: Any, kind: str = "column") -> str | None:
    """The id as a digit string, or None after recording a problem."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        row.problems.append(
            Problem(
                row.number, column, f"{value!r} is not a record id; ids are digit strings", kind
            )
        )
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
    picklists: PicklistCheck | None = None,
) -> Any:
    """The JSON value for one CSV cell, or NOT_GIVEN (empty cell / after a problem)."""
    if raw == "" or (raw.strip() == "" and data_type not in ("text", "textarea")):
        return None if empty_as_null and column != "id" else NOT_GIVEN
    if column == "id":
        rid = check_id(row, column, raw)
        return rid if rid is not None else NOT_GIVEN
    text = raw.strip()

    def problem(message: str) -> Any:
        row.problems.append(Problem(row.number, column, message))
        return NOT_GIVEN

    def parse_json(expected: str, example: str) -> Any:
        try:
            return loads(text)
        except json.JSONDecodeError as exc:
            return problem(
                f"cannot read {text[:40]!r} as JSON ({exc.msg} at character {exc.pos + 1}); "
                f"write {expected} such as {example}"
            )

    if data_type in INTEGER_TYPES:
        try:
            return int(text)
        except ValueError:
            return problem(
                f"{text!r} is not a whole number (field type {data_type}); {_whole_hint(text)}"
            )
    if data_type in NUMBER_TYPES:
        try:
            number = float(text)
        except ValueError:
            return problem(
                f"{text!r} is not a number (field type {data_type}); write digits with a dot "
                "for decimals and no thousands separators, e.g. 1250.50"
            )
        if number != number or number in (float("inf"), float("-inf")):
            return problem(f"{text!r} is not a finite number")
        return int(number) if number.is_integer() and "." not in text else number
    if data_type == "boolean":
        low = text.lower()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        return problem(f"{text!r} is not a boolean; write true or false")
    if data_type == "multiselectpicklist":
        if text.startswith("["):
            value = parse_json("a JSON array of strings", '["Korean","Spanish"]')
            if value is not NOT_GIVEN and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                return problem(f'{text[:40]!r} must be a JSON array of strings, e.g. ["A","B"]')
        else:
            value = [part.strip() for part in text.split(";") if part.strip()]
        if picklists is not None and isinstance(value, list):
            for item in value:
                if (wrong := picklists.problem(column, item)) is not None:
                    return problem(wrong)
        return value
    if data_type in LOOKUP_TYPES:
        if ID_RE.fullmatch(text):
            return {"id": text}
        if text.startswith("{"):
            value = parse_json("a JSON object", '{"id":"3652397000000281001"}')
            if value is not NOT_GIVEN and not (isinstance(value, dict) and "id" in value):
                return problem('a lookup must name the linked record: {"id": "<digits>"}')
            return value
        return problem(
            f"{text[:40]!r} is not a lookup: write the linked record's id (digits) or "
            '{"id":"<digits>"}'
        )
    if data_type in ARRAY_TYPES or column == "Tag":
        value = parse_json(
            "a JSON array of objects", '[{"id":"431581000000697244","_delete":null}]'
        )
        if value is not NOT_GIVEN and not isinstance(value, list):
            return problem(f"field type {data_type or 'Tag'} takes a JSON array of objects")
        return value
    if data_type == "date":
        if (why := date_problem(text)) is not None:
            return problem(f"{text!r} is not a date: {why}; {DATE_HINT}")
        return text
    if data_type == "datetime":
        if (why := datetime_problem(text)) is not None:
            return problem(f"{text!r} is not a date-time: {why}; {DATETIME_HINT}")
        return text
    if data_type == "picklist" and picklists is not None:
        if (wrong := picklists.problem(column, raw)) is not None:
            return problem(wrong)
    if (data_type is None and text[:1] in ("[", "{")) or column.startswith("$"):
        return parse_json("valid JSON", '["A","B"] or {"id":"123"}')
    return raw


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


def _is_datetime(text: str) -> bool:
    return datetime_problem(text) is None


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
    row: Row, key: str, value: Any, data_type: str | None, picklists: PicklistCheck | None = None
) -> None:
    """Record a problem if a JSON ``value`` cannot be right for a field of ``data_type``
    (JSONL input; CSV cells are checked while they are converted). ``null`` clears any field."""
    if value is None or data_type is None:
        return

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


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(loads(line), dict)
    except ValueError:
        return False


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (a number must be finite)")


def _read_jsonl(
    path: Path,
    *,
    require_id: bool,
    field_types: Mapping[str, str] | None = None,
    known_fields: Mapping[str, str] | None = None,
    module: str = "the module",
    picklists: PicklistCheck | None = None,
) -> Iterator[Row]:
    """Rows of a JSON Lines file, or of a .json file holding one JSON array of objects."""
    lines = _lines(path)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    checks = {
        "require_id": require_id,
        "field_types": field_types,
        "known_fields": known_fields,
        "picklists": picklists,
    }
    first = head[-1].lstrip()[:1] if head else ""
    if file_format(path) == "json" and first == "{":
        # one object over several lines (pretty-printed), or JSON Lines in a .json file
        text = "".join(itertools.chain(head, lines))
        try:
            whole = loads(text, parse_constant=_no_constants)
        except NestingError as exc:
            raise InputFileError(f"{path}: {exc}. Nothing was sent") from None
        except ValueError as exc:
            whole = None
            if not _is_json_object(head[-1]):
                # not JSON Lines either (its first line is no object): one broken object
                where = f", line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
                raise InputFileError(
                    f"{path}{where}: not valid JSON ({exc}). Nothing was sent"
                ) from None
        if isinstance(whole, dict):
            row = _object_row(1, whole, module=module, **checks)  # type: ignore[arg-type]
            row.digest = digest(json.dumps(whole, sort_keys=True, ensure_ascii=False))
            row.line = len(head)
            yield row
            return
        head, lines = text.splitlines(keepends=True), iter(())
    if file_format(path) == "json" and first == "[":
        text = "".join(itertools.chain(head, lines))
        try:
            items = loads(text, parse_constant=_no_constants)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{path}, line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}). "
                "Nothing was sent"
            ) from None
        except ValueError as exc:
            raise InputFileError(f"{path}: {exc}. Nothing was sent") from None
        if not isinstance(items, list):
            raise InputFileError(f"{path}: expected a JSON array of objects")
        starts = _array_item_lines(text)
        for number, value in enumerate(items, start=1):
            row = _object_row(number, value, module=module, **checks)  # type: ignore[arg-type]
            row.digest = digest(json.dumps(value, sort_keys=True, ensure_ascii=False))
            row.line = starts[number - 1] if starts is not None else None
            yield row
        return
    number = 0
    for line_number, line in enumerate(itertools.chain(head, lines), start=1):
        if not line.strip():
            continue
        number += 1
        fingerprint = digest(line.strip())
        try:
            value = loads(line, parse_constant=_no_constants)
        except NestingError as exc:
            raise InputFileError(f"{path}, line {line_number}: {exc}. Nothing was sent") from None
        except json.JSONDecodeError as exc:
            row = Row(number, {}, digest=fingerprint, line=line_number)
            row.problems.append(
                Problem(
                    number,
                    None,
                    f"not valid JSON ({exc.msg} at character {exc.pos + 1}); "
                    "each line must be one JSON object",
                )
            )
            yield row
            continue
        except ValueError as exc:  # NaN, Infinity
            row = Row(number, {}, digest=fingerprint, line=line_number)
            row.problems.append(Problem(number, None, str(exc)))
            yield row
            continue
        row = _object_row(number, value, module=module, **checks)  # type: ignore[arg-type]
        row.digest = fingerprint
        row.line = line_number
        yield row


_WS = re.compile(r"[ \t\n\r]*")


def _array_item_lines(text: str) -> list[int] | None:
    """The line each item of the JSON array ``text`` starts on (None if it cannot be told)."""
    decoder = json.JSONDecoder()
    starts: list[int] = []
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        if text[pos] != "[":
            return None
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        if text[pos] == "]":
            return starts
        line, counted = 1, 0
        while True:
            line += text.count("\n", counted, pos)
            counted = pos
            starts.append(line)
            _, pos = decoder.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] != ",":
                return starts
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    except (ValueError, IndexError, RecursionError):
        return None


def _object_row(
    number: int,
    value: Any,
    *,
    require_id: bool,
    field_types: Mapping[str, str] | None,
    known_fields: Mapping[str, str] | None,
    module: str,
    picklists: PicklistCheck | None = None,
) -> Row:
    row = Row(number, {})
    if not isinstance(value, dict):
        row.problems.append(
            Problem(
                number, None, f"is a JSON {type(value).__name__}; each record must be an object"
            )
        )
        return row
    row.record = value
    if "id" in value:
        rid = check_id(row, "id", value["id"], "key")
        if rid is not None:
            value["id"] = rid
    elif require_id:
        row.problems.append(
            Problem(number, "id", 'missing "id": each object needs the record id', "key")
        )
    for key, item in value.items():
        if key == "id":
            continue
        unknown = unknown_field(
            key, known_fields, module, picklists.product if picklists else "crm"
        )
        if unknown is not None:
            row.problems.append(Problem(number, key, unknown, "key"))
        elif field_types:
            check_value(row, key, item, field_types.get(key), picklists)
    return row
