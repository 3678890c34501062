"""Every row's fate, counted once: written to the report (flushed as outcomes arrive) or
printed, the progress line, and the summary at the end."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from .. import ClientStats, CreditsExhaustedError, RecordError, RecordOutcome
from .options import MAX_PRINTED_PROBLEMS
from .progress import Progress
from .report import UNKNOWN as UNKNOWN_OUTCOME
from .report import ReportWriter, compact
from .rows import row_name

# codes of ``RecordOutcome`` that the client documents: a record whose request may or may not
# have reached Zoho, and one that ``stop=`` kept from being sent
UNKNOWN = "UNKNOWN"
INTERRUPTED = "INTERRUPTED"

Line = tuple[int, str, str, str, str | None]


_IN_BODY = re.compile(r"^\$\.data\[[0-9]+\]\.?")  # where a json_path's record starts


def detail_text(details: Mapping[str, Any] | None, record_id: str | None = None) -> str:
    """An error's ``details`` after its message, compact and in a fixed order: the field first
    (``api_name``), then each other key by name, e.g. `` [field Next_Step, maximum_length
    100]``. A ``json_path`` is shown only where it says more than the field (inside a value,
    e.g. ``at Subform_1[0].Product``; the record's place in its request means nothing to the
    file), an ``id`` only when it is not the row's own (which the line shows); a value that
    is not a number or text as compact JSON, a long one cut."""
    if not details:
        return ""
    parts = []
    api = details.get("api_name")
    if api:
        parts.append(f"field {api}")
    path = details.get("json_path")
    if isinstance(path, str) and (inner := _IN_BODY.sub("", path)) and inner != api:
        parts.append(f"at {inner}")
    for key in sorted(details):
        value = details[key]
        if key in ("api_name", "json_path") or (key == "id" and value == record_id):
            continue
        if isinstance(value, str):
            text = value
        elif isinstance(value, bool) or value is None or not isinstance(value, int | float):
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        else:
            text = str(value)
        parts.append(f"{key} {text if len(text) <= 80 else text[:77] + '...'}")
    return f" [{', '.join(parts)}]" if parts else ""


class Tally:
    """Counts, report and printed lines of one run."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.report: ReportWriter | None = None
        self.appending = False  # the report is the one resumed from
        self.failed = self.succeeded = self.skipped = 0
        self.unknown = 0  # rows that may or may not have been written (outcome "unknown")
        self.interrupted = 0  # rows not sent because of Ctrl-C (code INTERRUPTED)
        # rows refused, or not sent, because the org's API credits are spent
        self.credits_out: CreditsExhaustedError | None = None
        self.credits_out_rows = 0
        self.total: int | None = None
        self.printed = 0
        self.unlisted = 0  # failed rows not printed (no --report)
        self.digests: dict[int, str] = {}  # input digests of the rows read and not yet reported
        self.lines: dict[int, int | None] = {}  # file lines of the rows read, not yet reported
        self.pending: list[Line] = []  # written, not flushed
        self.report_error: OSError | None = None
        self.stopping = threading.Event()  # Ctrl-C, or the report cannot be written
        self.progress: Progress | None = None

    def read(self, number: int, digest: str, line: int | None) -> None:
        """A row was read: its outcome, when it comes, goes to the report with these."""
        self.digests[number] = digest
        self.lines[number] = line

    def forget(self, number: int) -> None:
        """A row whose line in the report (resumed into) stays as it is."""
        self.digests.pop(number, None)
        self.lines.pop(number, None)

    def emit(self, row: int, outcome: str, code: str, message: str, record_id: str | None) -> None:
        if outcome == "success":
            self.succeeded += 1
        elif outcome == "skipped":
            self.skipped += 1
        else:
            if outcome == UNKNOWN_OUTCOME:
                self.unknown += 1
            elif code == INTERRUPTED:
                self.interrupted += 1
            else:
                self.failed += 1
            if self.report is None and self.printed < MAX_PRINTED_PROBLEMS:
                self.printed += 1
                self.line(
                    f"{row_name(row, self.lines.get(row))}: {code}: {message}"
                    + (f" (id {record_id})" if record_id else "")
                )
            elif self.report is None:
                self.unlisted += 1
        self.lines.pop(row, None)
        digest = self.digests.pop(row, "")
        line = (row, outcome, code, message, record_id)
        if self.report is not None and self.report_error is None:
            try:
                self.report.write(row, outcome, code, message, record_id, digest)
                self.pending.append(line)
            except OSError as exc:
                self.report_failed(exc, [*self.pending, line])
        elif self.report_error is not None:
            self.print_outcome(line)

    def emit_outcome(self, row: int, o: RecordOutcome) -> None:
        if isinstance(o, RecordError) and isinstance(o.error, CreditsExhaustedError):
            self.credits_out, self.credits_out_rows = o.error, self.credits_out_rows + 1
        if o.ok:
            msg = o.message + (f" ({o.action})" if getattr(o, "action", None) else "")
            self.emit(row, "success", o.code, msg, o.id)
        elif o.code == UNKNOWN:
            self.emit(row, UNKNOWN_OUTCOME, o.code, o.message, o.id)
        else:
            self.emit(row, "error", o.code, o.message + detail_text(o.details, o.id), o.id)

    def print_outcome(self, line: Line) -> None:
        row, outcome, code, message, record_id = line
        self.line(
            f"row {row}: {outcome} {code}: {message}" + (f" (id {record_id})" if record_id else "")
        )

    def report_failed(self, exc: OSError, lines: list[Line]) -> None:
        """The report cannot be written: take no more rows, and print what it lacks."""
        self.report_error = exc
        self.stopping.set()
        self.line(
            f"zoho-records: error: cannot write the report ({exc}); taking no more rows; the "
            "outcomes the report lacks follow"
        )
        for line in lines:
            self.print_outcome(line)
        self.pending = []

    def flush(self) -> None:
        """What was written to the report reaches the file."""
        if self.report is not None and self.report_error is None:
            try:
                self.report.flush()
                self.pending.clear()
            except OSError as exc:
                self.report_failed(exc, self.pending)

    def line(self, text: str) -> None:
        if self.progress is not None and self.progress.tty:
            self.err.write("\r\x1b[2K")
        print(text, file=self.err)

    def close_report(self) -> None:
        """Close the report (once); after a resume into it, leave one line per row."""
        report, self.report = self.report, None
        if report is None:
            return
        try:
            report.close()
        except OSError as exc:
            if self.report_error is None:
                self.report_failed(exc, self.pending)
            return
        if self.appending and self.report_error is None:
            try:
                compact(report.path)
            except OSError as exc:
                self.line(
                    f"zoho-records: warning: could not rewrite {report.path} with one line per "
                    f"row ({exc}); it holds every line written, and the last about a row counts"
                )

    def summary(
        self, report: Path | None, stats: ClientStats | None = None, notes: Sequence[str] = ()
    ) -> None:
        """The final line: how many rows had each fate (every row of the file is counted in
        exactly one), and where to find them; before it, ``notes`` and, with the client's
        ``stats``, the calls made, the credits they cost and the 429s seen."""
        for note in notes:
            print(f"zoho-records: {note}", file=self.err)
        if stats is not None:
            print(f"zoho-records: {spent(stats)}", file=self.err)
        parts = [f"{self.succeeded:,} succeeded", f"{self.failed:,} failed"]
        if self.unknown:
            parts.append(
                f"{self.unknown:,} unknown (may have been written: check them before sending "
                "them again)"
            )
        if self.interrupted:
            parts.append(f"{self.interrupted:,} not sent (interrupted)")
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped (done before)")
        counted = self.succeeded + self.failed + self.unknown + self.interrupted + self.skipped
        if self.total is not None and counted < self.total:
            parts.append(f"{self.total - counted:,} not reached")
        where = f" (report: {report})" if report else ""
        print(f"zoho-records: {', '.join(parts)}{where}", file=self.err)
        if self.credits_out is not None:
            out = self.credits_out
            again = (
                f"run the same command with --resume {report} then"
                if report
                else "send those rows then (this run kept no list of the rows done: with "
                "--report FILE, --resume FILE sends only the rows not done)"
            )
            print(
                f"zoho-records: {self.credits_out_rows:,} of the failed rows were refused or "
                f"not sent because the org's API credits are spent for now "
                f"({out.credits_left:,} left, a call needs {out.credits_needed:,}); Zoho "
                "counts them over a rolling 24 hours and they come back as the calls made 24 "
                f"hours earlier age out: {again}",
                file=self.err,
            )
        if self.unlisted:
            print(
                f"zoho-records: {self.unlisted:,} more failed row(s) are not listed above (only "
                f"the first {MAX_PRINTED_PROBLEMS} are); run with --report FILE to have every "
                "row's outcome written down (and to --resume from it)",
                file=self.err,
            )


def spent(stats: ClientStats) -> str:
    """What a run cost: API calls (requests Zoho answered other than with 429 or 5xx), the
    credits they cost by Zoho's credit table, the 429 answers, the requests allowed in
    flight at the end (the adaptive limit and its bound), and the credits Zoho says are left
    when it said so (``X-API-CREDITS-REMAINING``, once half of them are used)."""
    sent = f" ({stats.requests:,} requests sent)" if stats.requests != stats.calls else ""
    left = (
        f"; Zoho says {stats.credits_left:,} API credit(s) are left in its rolling 24 hours"
        if stats.credits_left is not None
        else ""
    )
    return (
        f"{stats.calls:,} API call(s){sent}, {stats.credits:,} API credit(s) by Zoho's credit "
        f"table, {stats.throttled:,} answered 429; concurrency {stats.concurrency}/"
        f"{stats.max_concurrency} at the end, peak {stats.peak_in_flight} in flight{left}"
    )
