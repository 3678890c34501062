"""The result report (one line per input row) and resuming from one.

A report is CSV, TSV or JSONL (by file extension) with the columns ``row, outcome, code,
message, record_id, input_digest`` (a fingerprint of the input row, see ``rows.digest``).
``outcome`` is ``success``, ``error``, ``unknown`` (the row may have been written: an upsert
whose request was lost after it may have reached Zoho, code ``UNKNOWN``, or a row abandoned in
flight by a second Ctrl-C, code ``ABANDONED``), ``skipped`` (done in an earlier run), or, for a
dry run, ``valid``/``invalid``. Lines are written (and flushed) as results arrive, so an
interrupted run leaves a valid report of everything that finished.

``--resume`` skips the rows whose last line says ``success`` (or ``skipped``), holds back the
``unknown`` rows of an upsert (an insert sent twice makes two records) unless
``--resend-unknown`` is given, and runs the rest again. Resuming into the same report appends
lines as results arrive and, when the run ends (also after Ctrl-C), rewrites the report with one
line per row, its final outcome, in row order (``compact``). Should that rewrite not happen (a
crash), the reader still takes the last complete line about each row.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .rows import InputFileError

COLUMNS = ("row", "outcome", "code", "message", "record_id", "input_digest")
DONE = frozenset({"success", "skipped"})
UNKNOWN = "unknown"  # the outcome of a row that may or may not have been written
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
        if exists and not set(columns) & set(COLUMNS) and not path.read_bytes().strip():
            path.write_bytes(b"")  # blank lines only (a "\n"): no header to follow, start afresh
            exists, columns = False, COLUMNS
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
    """What a report says of a row it marks done (or whose fate it says is unknown)."""

    record_id: str
    input_digest: str
    outcome: str = "success"
    code: str = ""
    message: str = ""


def read_done_rows(path: Path) -> set[int]:
    """Rows a previous run finished (the last line about each row decides)."""
    return {row for row, done in read_done(path).items() if done.outcome in DONE}


def read_done(path: Path) -> dict[int, Done]:
    """Rows a previous run finished or left ``unknown``, with the record id and input digest it
    reported: the last complete line about a row decides (a last line without its newline was
    cut short and does not count). ``InputFileError`` if ``path`` is not a report."""
    return {
        row: done
        for row, (_, done) in _last_lines(path).items()
        if done.outcome in DONE or done.outcome == UNKNOWN
    }


def compact(path: Path) -> None:
    """Rewrite the report with one line per row (the last complete one about it), in row
    order: what a resume into the same report leaves behind. Written to a temporary file that
    then replaces the report, so a failure leaves the report as it was."""
    fmt = report_format(path)
    last = _last_lines(path)
    text = path.read_text(encoding="utf-8-sig")
    head = "" if fmt == "jsonl" else text[: text.find("\n") + 1]
    tmp = path.with_name(path.name + ".compacting")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(head)
        for row in sorted(last):
            fh.write(last[row][0] + "\n")
    tmp.replace(path)


def _last_lines(path: Path) -> dict[int, tuple[str, Done]]:
    """The last complete line about each row: its text and what it says."""
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
    items: list[tuple[str, dict[str, Any]]] = []
    if fmt == "jsonl":
        for line in lines:
            try:
                item = json.loads(line)
            except (ValueError, RecursionError):
                continue  # a line cut short: that row runs again
            if isinstance(item, dict):
                items.append((line, item))
        if any(line.strip() for line in lines) and not any(
            "row" in i and "outcome" in i for _, i in items
        ):
            raise not_report
    else:
        delimiter = _delimiter(fmt)
        header = next(csv.reader(lines[:1], delimiter=delimiter), [])
        if "row" not in header or "outcome" not in header:
            raise not_report
        for line in lines[1:]:
            try:
                cells = next(csv.reader([line], delimiter=delimiter, strict=True))
            except (csv.Error, StopIteration):
                continue
            items.append((line, dict(zip(header, cells, strict=False))))
    for line, item in items:
        try:
            row, outcome = int(item["row"]), str(item["outcome"])
        except (KeyError, TypeError, ValueError):
            continue
        done = Done(
            str(item.get("record_id") or ""),
            str(item.get("input_digest") or ""),
            outcome,
            str(item.get("code") or ""),
            str(item.get("message") or ""),
        )
        last[row] = (line, done)
    return last
