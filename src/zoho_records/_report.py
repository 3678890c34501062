"""The result report (one line per input row) and resuming from one.

A report is CSV or JSONL (by file extension) with the columns ``row, outcome, code, message,
record_id``. Lines are written (and flushed) as results arrive, so an interrupted run leaves a
valid report of everything that finished; ``--resume`` skips the rows whose last line says
``success`` (or ``skipped``) and runs the rest again. On Ctrl-C nothing new is sent and the
requests already in flight are waited for, so their rows get lines too; only a second Ctrl-C
(abandoning them) or a crash leaves rows without a line, and those run again on resume (every
write here is safe to repeat: updates by id, upserts by duplicate check, relations by id).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from ._rows import InputFileError

COLUMNS = ("row", "outcome", "code", "message", "record_id")
DONE = frozenset({"success", "skipped"})


def report_format(path: Path) -> str:
    return "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"


class ReportWriter:
    """Appends report lines to ``path`` (creating it, with a header for CSV, if needed)."""

    def __init__(self, path: Path, *, append: bool = False) -> None:
        self.path = path
        self.format = report_format(path)
        exists = append and path.exists() and path.stat().st_size > 0
        cut_short = exists and _last_byte(path) != b"\n"
        self._fh: IO[str] = path.open("a" if append else "w", newline="", encoding="utf-8")
        if cut_short:
            # the last line was cut short (a crash, a second Ctrl-C): end it, so that the next
            # line is not glued to it (read_done_rows passes over the broken one)
            self._fh.write("\n")
        self._csv = csv.writer(self._fh) if self.format == "csv" else None
        if self._csv is not None and not exists:
            self._csv.writerow(COLUMNS)
        self.lines = 0

    def write(self, row: int, outcome: str, code: str, message: str, record_id: str | None) -> None:
        if self._csv is not None:
            self._csv.writerow((row, outcome, code, message, record_id or ""))
        else:
            self._fh.write(
                json.dumps(
                    {
                        "row": row,
                        "outcome": outcome,
                        "code": code,
                        "message": message,
                        "record_id": record_id,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        self.lines += 1

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as fh:
        fh.seek(-1, 2)
        return fh.read(1)


def read_done_rows(path: Path) -> set[int]:
    """Rows a previous run finished (the last line about each row decides)."""
    return set(read_done(path))


def read_done(path: Path) -> dict[int, str]:
    """Rows a previous run finished and the record id it reported for each ("" if none): the
    last line about a row decides. ``InputFileError`` if ``path`` is not a report."""
    if not path.exists():
        raise InputFileError(f"cannot resume: report {path} does not exist")
    if path.is_dir():
        raise InputFileError(f"cannot resume: {path} is a directory, not a report")
    last: dict[int, tuple[str, str]] = {}
    not_report = InputFileError(
        f"cannot resume: {path} is not a zoho-records report (one line per input row with "
        "row, outcome, code, message, record_id)"
    )
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            if report_format(path) == "jsonl":
                lines = seen = 0
                for line in fh:
                    if not line.strip():
                        continue
                    lines += 1
                    try:
                        item = json.loads(line)
                        row, outcome = int(item["row"]), str(item["outcome"])
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by an interruption: that row runs again
                    last[row] = (outcome, str(item.get("record_id") or ""))
                    seen += 1
                if lines and not seen:
                    raise not_report
            else:
                reader = csv.DictReader(fh)
                if (
                    reader.fieldnames is None
                    or "row" not in reader.fieldnames
                    or "outcome" not in reader.fieldnames
                ):
                    raise not_report
                for item in reader:
                    try:
                        last[int(item["row"])] = (
                            item["outcome"] or "",
                            item.get("record_id") or "",
                        )
                    except (ValueError, TypeError):
                        continue
    except UnicodeDecodeError:
        raise not_report from None
    return {row: rid for row, (outcome, rid) in last.items() if outcome in DONE}
