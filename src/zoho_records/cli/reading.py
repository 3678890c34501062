"""Reading bulk input files: CSV or TSV with a header row, JSON Lines, or a JSON array of
objects (or one object), into rows with specific errors per row, column or key.

The whole file is decoded (``lines``: UTF-8, or UTF-16 / UTF-32 when it starts with their byte
order mark) and read through before anything is sent; a file that cannot be used at all raises
``InputFileError`` naming the file and line. Cells and values are typed and checked by
``cells``.
"""

from __future__ import annotations

import csv
import difflib
import itertools
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import NOT_GIVEN
from .cells import (
    WEB_ID_PREFIX,
    FieldChecks,
    check_id,
    check_value,
    convert_cell,
    unknown_field,
)
from .lines import lines as _lines
from .rows import InputFileError, NestingError, Problem, Row, digest, doubled_keys, loads


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
    if suffix in WORKBOOKS:
        raise InputFileError(
            f"{path}: a spreadsheet workbook ({suffix}) is not read: save its sheet as CSV "
            "(in Excel: File > Save As > CSV UTF-8 (Comma delimited)) and pass that file"
        )
    raise InputFileError(
        f"{path}: unknown file type {suffix!r}; use a .csv, .tsv, .jsonl or .json file"
    )


# spreadsheet files that are not text (Excel, LibreOffice, Numbers)
WORKBOOKS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers"})


# A CSV cell may be long (a textarea holds up to 32,000 characters, and the server is the one
# to judge lengths); the csv module's default limit of 131,072 would end the run with an error.
csv.field_size_limit(2**31 - 1)


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each CSV/TSV record (``line``: where the record starts; a quoted
    cell may span lines). Quoting is strict: a quote that is never closed would otherwise
    swallow every row after it."""
    reader = csv.reader(_lines(path), delimiter=cell_delimiter(path), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(_csv_error(path, reader.line_num, str(exc))) from None


def _cell_count(cells: int, header: list[str], separator: str) -> str:
    """What to say of a row of ``cells`` cells under ``header`` (another number of columns):
    more cells come of a separator inside a value, fewer of a cell left out."""
    columns = f"{len(header)} column{'s' if len(header) != 1 else ''}"
    said = f"has {cells} cell{'s' if cells != 1 else ''} but the header has {columns}"
    if cells > len(header):
        return f"{said} (a {separator} inside a value needs double quotes around the value)"
    return (
        f"{said}: {len(header) - cells} cell(s) missing (an empty value still needs its "
        f"{separator}: each row has one cell per column)"
    )


def cell_delimiter(path: Path) -> str:
    """A tab for a .tsv file, and for a .txt file whose first line has tabs and no comma
    (Excel's "Text" and "Unicode Text" exports are tab-separated); else a comma."""
    fmt = file_format(path)
    if fmt == "tsv":
        return "\t"
    if path.suffix.lower() == ".txt":
        lines = _lines(path)
        try:
            first = next(lines, "")
        finally:
            lines.close()
        if "\t" in first and "," not in first:
            return "\t"
    return ","


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
    no_id: str = "",
    empty_as_null: bool = False,
    known_fields: Mapping[str, str] | None = None,
    module: str = "the module",
    picklists: Mapping[str, Sequence[str]] | None = None,
    product: str = "crm",
    columns: Mapping[str, str | None] | None = None,
    lengths: Mapping[str, int] | None = None,
) -> Iterator[Row]:
    """Rows of ``path`` (CSV with a header row, or JSONL with one JSON object per line).

    ``columns`` renames CSV header cells to field API names (a Zoho web export's labels,
    ``web_export_columns``; a column mapped to None is left out) and takes the ``zcrm_``
    prefix off its record ids.

    ``field_types`` (field API name -> data_type) types CSV cells and checks JSONL values;
    with ``known_fields``, a JSONL key that is not one of them is a problem of its row (for a
    CSV file the header is checked once, by ``header_problems``). ``picklists`` (field API
    name -> its values, from the field metadata) checks picklist values, ``lengths`` (field
    API name -> the metadata's ``length``) that no value is longer than its field takes. Each
    row and its problems carry the file line the row starts on."""
    values = FieldChecks(picklists or {}, module, product, lengths or {})
    rows: Iterator[Row]
    if file_format(path) in ("jsonl", "json"):
        rows = _read_jsonl(
            path,
            require_id=require_id,
            no_id=no_id,
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


def header_problems(
    columns: list[str],
    field_types: Mapping[str, str] | None,
    *,
    require_id: bool,
    module: str,
    product: str = "crm",
    delimiter: str = ",",
    no_id: str = "",
) -> list[str]:
    """What is wrong with a CSV header (fatal: nothing can be sent); ``delimiter``: the one
    its file is read with (``cell_delimiter``)."""
    if (odd := _not_a_header(columns)) is not None:
        return [odd]  # (what else would be said of its columns follows from it)
    if len(columns) == 1 and (other := _other_separator(columns[0], delimiter)) is not None:
        return [other]  # (what else would be said of the one column follows from it)
    problems = []
    renamed = None  # the column the user is told to rename to 'id'
    if require_id and "id" not in columns:
        lowered = {c.lower(): c for c in reversed(columns)}
        near = difflib.get_close_matches("id", list(lowered), 1, 0.6)
        renamed = lowered[near[0]] if near else None
        hint = f" (found {renamed!r}: rename it to 'id')" if renamed is not None else ""
        problems.append(
            "no 'id' column: the first line must be a header and one column must be called "
            f"'id', holding each record's Zoho id{hint}"
        )
    if no_id and "id" in columns:
        problems.append(f"column 'id': {no_id}")
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            problems.append(f"column {col!r} appears twice in the header; keep one")
        seen.add(col)
        if col == "":
            problems.append("a header cell is empty; name every column after a field API name")
        elif col == renamed:
            continue  # (said above: not a field, but the id)
        elif (unknown := unknown_field(col, field_types, module, product)) is not None:
            problems.append(f"column {unknown}")
    return problems


def _not_a_header(columns: list[str]) -> str | None:
    """What to say of a first line that is no header at all: Excel's separator hint, or the
    names of a UTF-16 file without a byte order mark read as UTF-8 (NUL between letters)."""
    if columns and columns[0].casefold().startswith("sep="):
        hint = ",".join(columns)
        return (
            f"line 1, {hint!r}, is a separator hint for Excel, not a header: delete that line, "
            "so that the file starts with its header"
        )
    if any("\x00" in c for c in columns):
        return (
            "the header holds NUL characters: the file looks like UTF-16 without a byte order "
            "mark; save it as UTF-8 (Excel: 'CSV UTF-8'), or convert it, e.g. iconv -f "
            "utf-16le -t utf-8"
        )
    return None


def _other_separator(column: str, delimiter: str = ",") -> str | None:
    """What to say of a header read as one column that holds another separator's names
    (Excel writes ';' where a comma is the decimal mark), or None. ``delimiter``: the one the
    file is read with (a .tsv file's: a tab)."""
    for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if sep in column and sep != delimiter:
            fix = (
                "name the file .tsv"
                if sep == "\t"
                else "save it as CSV with commas (in Excel: CSV UTF-8 (Comma delimited))"
                + (", named .csv" if delimiter == "\t" else "")
            )
            read = "tabs" if delimiter == "\t" else "commas"
            return (
                f"the header is one column, {column!r}: its names are separated by {name}, "
                f"but the file is read with {read} between cells: {fix}"
            )
    return None


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
    picklists: FieldChecks | None = None,
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
    separator = "tab" if cell_delimiter(path) == "\t" else "comma"
    for number, (line, cells) in enumerate(records, start=1):
        if not any(c.strip() for c in cells):
            continue  # a blank line: no record, but it keeps its number
        row = Row(number, {}, digest=digest(header_text + "\x1e" + "\x1f".join(cells)), line=line)
        if len(cells) != len(header):
            row.problems.append(Problem(number, None, _cell_count(len(cells), header, separator)))
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
    no_id: str = "",
    field_types: Mapping[str, str] | None = None,
    known_fields: Mapping[str, str] | None = None,
    module: str = "the module",
    picklists: FieldChecks | None = None,
) -> Iterator[Row]:
    """Rows of a JSON Lines file, or of a .json file holding one JSON array of objects."""

    def to_row(number: int, value: Any) -> Row:
        return _object_row(
            number,
            value,
            require_id=require_id,
            no_id=no_id,
            field_types=field_types,
            known_fields=known_fields,
            module=module,
            picklists=picklists,
        )

    lines: Iterator[str] = _lines(path)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = head[-1].lstrip()[:1] if head else ""
    if file_format(path) == "json" and first == "{":
        # one object over several lines (pretty-printed), or JSON Lines in a .json file
        text = "".join(itertools.chain(head, lines))
        whole = _whole_object(path, text, head[-1])
        if isinstance(whole, dict):
            row = to_row(1, whole)
            row.digest = digest(json.dumps(whole, sort_keys=True, ensure_ascii=False))
            row.line = len(head)
            yield row
            return
        head, lines = text.splitlines(keepends=True), iter(())
    if file_format(path) == "json" and first == "[":
        yield from _array_rows(path, "".join(itertools.chain(head, lines)), to_row)
        return
    yield from _line_rows(path, itertools.chain(head, lines), to_row)


def _whole_object(path: Path, text: str, first_line: str) -> Any:
    """``text`` (a .json file starting with ``{``) read as one JSON value, or None when it is
    not one but its first line is a JSON object (JSON Lines in a .json file)."""
    try:
        return loads(text, parse_constant=_no_constants)
    except NestingError as exc:
        raise InputFileError(f"{path}: {exc}. Nothing was sent") from None
    except ValueError as exc:
        if not _is_json_object(first_line):
            # not JSON Lines either (its first line is no object): one broken object
            where = f", line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise InputFileError(
                f"{path}{where}: not valid JSON ({exc}). Nothing was sent"
            ) from None
        return None


def _array_rows(path: Path, text: str, to_row: Callable[[int, Any], Row]) -> Iterator[Row]:
    """Rows of a .json file holding one JSON array of objects (``text``), each with the line
    its item starts on."""
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
        row = to_row(number, value)
        row.digest = digest(json.dumps(value, sort_keys=True, ensure_ascii=False))
        row.line = starts[number - 1] if starts is not None else None
        yield row


def _line_rows(
    path: Path, lines: Iterable[str], to_row: Callable[[int, Any], Row]
) -> Iterator[Row]:
    """Rows of JSON Lines: one object per non-blank line; a line that is not JSON is a row
    with a problem (a value nested too deep stops the reading)."""
    number = 0
    for line_number, line in enumerate(lines, start=1):
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
        row = to_row(number, value)
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
    no_id: str = "",
    field_types: Mapping[str, str] | None,
    known_fields: Mapping[str, str] | None,
    module: str,
    picklists: FieldChecks | None = None,
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
    row.problems.extend(doubled := doubled_keys(number, value))
    if "id" in value and no_id:
        row.problems.append(Problem(number, "id", no_id, "key"))
    elif "id" in value:
        rid = check_id(row, "id", value["id"], "key")
        if rid is not None:
            value["id"] = rid
    elif require_id:
        row.problems.append(
            Problem(number, "id", 'missing "id": each object needs the record id', "key")
        )
    for key, item in value.items():
        if key == "id" or any(p.column == key for p in doubled):
            continue
        unknown = unknown_field(
            key, known_fields, module, picklists.product if picklists else "crm"
        )
        if unknown is not None:
            row.problems.append(Problem(number, key, unknown, "key"))
        elif field_types:
            check_value(row, key, item, field_types.get(key), picklists)
    return row
