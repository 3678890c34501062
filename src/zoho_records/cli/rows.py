"""A row of a bulk input file and what is wrong with it, the errors that stop reading a file,
and JSON values read within a nesting limit.

The readers (``reading``) and the cell typing (``cells``) both build on these; a row that
cannot be turned into a record keeps its place: it carries its ``problems`` instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

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


class Twice(dict[str, Any]):
    """A JSON object that names a key more than once (``twice``: those keys, in order). JSON
    readers keep the last value of such a key and drop the others in silence; ``loads`` gives
    this type instead, so that the row can say so rather than send half of what was written."""

    twice: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    marked = Twice(obj)
    marked.twice = tuple(k for k, n in counts.items() if n > 1)
    return marked


def key_twice(value: Any) -> str | None:
    """What is wrong when ``value`` (read by ``loads``) holds an object that names a key
    twice, or None."""
    # (only objects and arrays are walked: a number, true, false or null has no keys)
    stack = [value] if isinstance(value, dict) or type(value) is list else []
    while stack:
        item = stack.pop()
        if type(item) is Twice:
            names = ", ".join(repr(k) for k in item.twice)
            return (
                f"an object names {names} twice (JSON keeps only the last value and drops "
                "the other): keep one"
            )
        children = item.values() if isinstance(item, dict) else item
        stack.extend(c for c in children if isinstance(c, dict) or type(c) is list)
    return None


def loads(text: str, **kw: Any) -> Any:
    """``json.loads``, but a value nested deeper than ``MAX_NESTING`` raises ``NestingError``
    (never ``RecursionError``). The walk runs only for text with that many brackets. An
    object that names a key twice is a ``Twice`` (``key_twice`` finds it)."""
    try:
        value = json.loads(text, object_pairs_hook=_object, **kw)
    except RecursionError:
        raise NestingError() from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits (sys.int_info)
        raise json.JSONDecodeError(f"a value JSON cannot be read here ({exc})", text, 0) from None
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


def doubled_keys(number: int, value: dict[str, Any]) -> list[Problem]:
    """The problems of row ``number``'s JSON object ``value`` that names a key twice, or
    holds (under a key) an object that does."""
    out = [
        Problem(
            number,
            key,
            "appears twice in the object (JSON keeps only the last value and drops the "
            "other): keep one",
            "key",
        )
        for key in (value.twice if type(value) is Twice else ())
    ]
    for key, item in value.items():
        if (isinstance(item, dict) or type(item) is list) and (twice := key_twice(item)):
            out.append(Problem(number, key, twice, "key"))
    return out
