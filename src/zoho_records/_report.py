"""The result report (one line per input row) and resuming from one.

A report is CSV, TSV or JSONL (by file extension) with the columns ``row, outcome, code,
message, record_id, input_digest`` (a fingerprint of the input row, see ``_rows.digest``). Lines are written (and flushed) as results arrive, so an interrupted run leaves a
valid report of everything that finished; ``--resume`` skips the rows whose last line says
``success`` (or ``skipped``) and runs the rest again. On Ctrl-C nothing new is sent and the
requests already in flight are waited for, so their rows get lines too; only a second Ctrl-C
(abandoning them) or a crash leaves rows without a line, and those run again on resume (every
write here is safe to repeat: updates by id, upserts by duplicate check, relations by id).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ._rows import InputFileError

COLUMNS = ("row", "outcome", "code", "message", "record_id", "input_digest")
DONE = frozenset({"success", "skipped"})
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def report_format(path: Path) -> str:
    """``csv``, ``tsv`` or ``jsonl``, by the file's extension (ValueError for any other)."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"{path}: a report is .csv (or .txt), .tsv, or .jsonl (or .ndjson: one JSON "
            "object per line)"
        ) from None


def _delimiter(fmt: str) -> str:
    return "\t" if fmt == "tsv" else ","


def _one_line(text: str) -> str:
    """Messages stay on one line, so that each report line is one line of the file: a line
    cut short by a crash then spoils only itself."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


class ReportWriter:
    """Appends report lines to ``path`` (creating it, with a header for CSV/TSV, if needed).

    The header is written and flushed at once, so that a report that cannot be written
    (no space, no permission) fails before anything is sent."""

    def __init__(self, path: Path, *, append: bool = False) -> None:
        self.path = path
        self.format = report_format(path)
        if append and path.exists():
            # a last line without its newline was cut short (a crash, a second Ctrl-C): drop
            # it, so that the next line is not glued to it (its row runs again)
            _drop_cut_line(path)
        exists = append and path.exists() and path.stat().st_size > 0
        columns = _header(path) if exists and self.format != "jsonl" else COLUMNS
        self._columns = [c for c in columns if c in COLUMNS]  # an older report's columns
        self._fh: IO[str] = path.open("a" if append else "w", newline="", encoding="utf-8")
        self._csv = None
        if self.format != "jsonl":
            delimiter = _delimiter(self.format)
            self._csv = csv.writer(self._fh, delimiter=delimiter, lineterminator="\n")
            if not exists:
                self._csv.writerow(COLUMNS)
        self._fh.flush()
        self.lines = 0

    def write(
        self,
        row: int,
        outcome: str,
        code: str,
        message: str,
        record_id: str | None,
        input_digest: str = "",
    ) -> None:
        values = {
            "row": row,
            "outcome": outcome,
            "code": code,
            "message": _one_line(message),
            "record_id": record_id or "",
            "input_digest": input_digest,
        }
        if self._csv is not None:
            self._csv.writerow([values[c] for c in self._columns])
        else:
            values["record_id"] = record_id
            self._fh.write(json.dumps(values, ensure_ascii=False) + "\n")
        self.lines += 1

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _drop_cut_line(path: Path) -> None:
    """Truncate ``path`` after its last newline (nothing to do if it ends with one)."""
    with path.open("r+b") as fh:
        size = fh.seek(0, 2)
        if not size:
            return
        fh.seek(max(size - 65536, 0))
        tail = fh.read()
        if tail.endswith(b"\n"):
            return
        cut = tail.rfind(b"\n")
        if cut < 0 and size > len(tail):
            return  # a last line longer than 64 KiB: leave it (read_done ignores it anyway)
        fh.truncate(size - len(tail) + cut + 1)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    delimiter = _delimiter(report_format(path))
    return next(csv.reader([first], delimiter=delimiter), [])


@dataclass(frozen=True, slots=True)
class Done:
    """What a report says of a row it marks done."""

    record_id: str
    input_digest: str


def read_done_rows(path: Path) -> set[int]:
    """Rows a previous run finished (the last line about each row decides)."""
    return set(read_done(path))


def read_done(path: Path) -> dict[int, Done]:
    """Rows a previous run finished, with the record id and input digest it reported: the last
    complete line about a row decides (a last line without its newline was cut short and does
    not count). ``InputFileError`` if ``path`` is not a report."""
    if not path.exists():
        raise InputFileError(f"cannot resume: report {path} does not exist")
    if path.is_dir():
        raise InputFileError(f"cannot resume: {path} is a directory, not a report")
    not_report = InputFileError(
        f"cannot resume: {path} is not a zoho-records report (one line per input row with "
        "row, outcome, code, message, record_id)"
    )
    try:
        fmt = report_format(path)
        text = path.read_text(encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError):
        raise not_report from None
    lines = text.split("\n")[:-1]  # complete lines only
    last: dict[int, tuple[str, Done]] = {}
    if fmt == "jsonl":
        items: list[dict[str, Any]] = []
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line cut short: that row runs again
            if isinstance(item, dict):
                items.append(item)
        if any(line.strip() for line in lines) and not any(
            "row" in i and "outcome" in i for i in items
        ):
            raise not_report
    else:
        delimiter = _delimiter(fmt)
        header = next(csv.reader(lines[:1], delimiter=delimiter), [])
        if "row" not in header or "outcome" not in header:
            raise not_report
        items = []
        for line in lines[1:]:
            try:
                cells = next(csv.reader([line], delimiter=delimiter, strict=True))
            except (csv.Error, StopIteration):
                continue
            items.append(dict(zip(header, cells, strict=False)))
    for item in items:
        try:
            row, outcome = int(item["row"]), str(item["outcome"])
        except (KeyError, TypeError, ValueError):
            continue
        done = Done(str(item.get("record_id") or ""), str(item.get("input_digest") or ""))
        last[row] = (outcome, done)
    return {row: done for row, (outcome, done) in last.items() if outcome in DONE}
