"""The run of a command that sends rows: read them, skip what a resumed report marks done,
hand the good rows to the command, report each row exactly once, and stop gently on Ctrl-C.

A command plugs in through ``Command`` (commands/base.py); nothing here knows one by name."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .. import (
    AuthenticationError,
    RecordOutcome,
    TokenRefreshError,
    ZohoClient,
    ZohoError,
    estimate_credits,
    while_waiting,
)
from .calls import CallPlan, record_keys, short_of_credits
from .dry_run import dry_run
from .errors import UsageError
from .interrupt import Interrupt, gentle_interrupt
from .metadata import FieldTypes, lengths_of, picklists_of
from .options import id_of, parse_set, same_file
from .progress import Progress
from .reading import (
    cell_delimiter,
    file_format,
    header_problems,
    read_header,
    read_rows,
    web_export_columns,
)
from .report import UNKNOWN as UNKNOWN_OUTCOME
from .report import Done, ReportWriter, read_done
from .rows import Row
from .scan import EarlyCount, RowCount, count_rows
from .tally import UNKNOWN, Tally

if TYPE_CHECKING:
    from typing import TextIO

    from .commands.base import Command


class Sent:
    """The rows handed to the client, by the index its outcomes carry, and which of them
    have been reported (for a second Ctrl-C, which abandons the others)."""

    def __init__(self, taking: Callable[[Row], object] | None = None) -> None:
        self.rows: list[int] = []
        self.reported = bytearray()
        self.taking = taking  # told of each row ``records`` hands over

    def records(self, rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
        """The rows' records, for a client call that numbers its outcomes from 0."""
        for row in rows:
            self.rows.append(row.number)
            if self.taking is not None:
                self.taking(row)
            yield row.record

    def add(self, rows: list[Row]) -> int:
        """Rows handed over together; the index of the first."""
        base = len(self.rows)
        self.rows.extend(r.number for r in rows)
        return base

    def taken(self, index: int) -> int:
        """The row of an outcome, marked reported."""
        if len(self.reported) < len(self.rows):
            self.reported.extend(bytes(len(self.rows) - len(self.reported)))
        self.reported[index] = 1
        return self.rows[index]

    def unreported(self) -> Iterator[int]:
        for index, row in enumerate(self.rows):
            if index >= len(self.reported) or not self.reported[index]:
                yield row


def indexed(
    outcomes: Iterator[RecordOutcome], base: int = 0
) -> Generator[tuple[int, RecordOutcome], None, None]:
    """A client stream's outcomes by their index in ``Sent`` (``base`` + ``outcome.index``).
    A ``KeyboardInterrupt`` thrown in (a second Ctrl-C) is passed on to the client, which
    then does not wait for its requests in flight."""
    try:
        for o in outcomes:
            yield base + o.index, o
    except KeyboardInterrupt:
        if isinstance(outcomes, Generator):
            outcomes.throw(KeyboardInterrupt)
        raise


# rows reported between two writes of the report to the disk at most (it is written each time
# the client waits for answers, see ``Run.take``)
FLUSH_EVERY = 1000


class Run:
    """Streams rows through a command, reporting each row exactly once."""

    def __init__(
        self,
        args: argparse.Namespace,
        client: ZohoClient,
        product: str,
        command: Command,
        err: TextIO,
    ) -> None:
        self.args, self.client, self.product, self.err = args, client, product, err
        self.command = command
        self.tally = Tally(err)
        self.stop = self.tally.stopping.is_set  # the clients' stop=: Ctrl-C or no report
        # the rows handed to the client, counted under the calls they go out in (``calls``):
        # what rows of one record cost is said in the summary, as --dry-run says it
        self.calls = CallPlan()
        self._calls_lock = threading.Lock()  # rows are taken on the clients' threads
        self.sent = Sent(self._taking)
        self.refused: ZohoError | None = None  # the credentials were refused mid-run
        self.done_rows: dict[int, Done] = {}
        self.field_map: dict[str, str] | None = None
        self.known_fields: dict[str, str] | None = None
        self.constant: dict[str, Any] = {}
        self.header_problems: list[str] = []
        # a Zoho web export's columns -> field API names (None: left out), see ``web_columns``
        self.columns: dict[str, str | None] | None = None
        self.interrupt = Interrupt(self.tally.stopping)  # Ctrl-C's state while streaming

    def _taking(self, row: Row) -> None:
        with self._calls_lock:
            self.command.plan_sent(self, row, self.calls)

    def count_call(self, row: Row, operation: str, group: str | None = None) -> dict[str, Any]:
        """A row handed to the client in a series of calls of its own (``group``), counted
        under the call it goes out in; its record."""
        with self._calls_lock:
            self.calls.add(operation, group, record_keys(row.record), row.number)
        return row.record

    def notes(self) -> list[str]:
        """What the summary says before its counts: what rows of one record cost."""
        with self._calls_lock:
            repeated = self.calls.repeated(self.command.repeats_advice(self.args))
        return [] if repeated is None else [repeated]

    @property
    def stopping(self) -> bool:
        """Ctrl-C was pressed, or the report cannot be written: send nothing new."""
        return self.tally.stopping.is_set()

    def reject(self, row: Row, code: str, message: str) -> None:
        """A row the command refuses before sending."""
        self.tally.emit(row.number, "error", code, message, row.record.get("id"))
        assert self.tally.progress is not None
        self.tally.progress.advance(1, errors=1)

    def rows(self) -> Iterator[Row]:
        """Good rows for sending; bad and already-done rows are reported here."""
        progress = self.tally.progress
        assert progress is not None
        names_lines = self.command.names_lines(self.args)
        for row in read_rows(
            self.args.file,
            field_types=self.field_map,
            known_fields=self.known_fields,
            module=self.args.module,
            require_id=self.command.require_id,
            no_id=self.command.no_id,
            empty_as_null=self.args.empty_as_null,
            picklists=picklists_of(self.field_map),
            lengths=lengths_of(self.field_map),
            product=self.product,
            columns=self.columns,
        ):
            if not names_lines:
                row.line = None
            self.tally.read(row.number, row.digest, row.line)
            done = self.done_rows.get(row.number)
            if done is not None and done.outcome == UNKNOWN_OUTCOME:
                if self.command.resend_unknown(self.args):
                    yield row
                    continue
                self._keep_unknown(row, done)
                progress.advance(1, errors=1)
            elif done is not None:
                self._keep_done(row)
                progress.advance(1, skipped=1)
            elif row.problems:
                message = "; ".join(
                    p.message if p.place is None else f"{p.place}: {p.message}"
                    for p in row.problems
                )
                self.tally.emit(row.number, "error", "INVALID_INPUT", message, id_of(row))
                progress.advance(1, errors=1)
            else:
                yield row

    def _keep_unknown(self, row: Row, done: Done) -> None:
        """A row that may have been written: not sent again unless --resend-unknown."""
        if self.tally.report is not None and not self.tally.appending:
            self.tally.emit(
                row.number,
                UNKNOWN_OUTCOME,
                done.code or UNKNOWN,
                "not sent again: an earlier run says it may have been written; check "
                "it, then rerun with --resend-unknown to send it",
                done.record_id or None,
            )
        else:
            self.tally.unknown += 1  # its line in the report stays
            self.tally.forget(row.number)

    def _keep_done(self, row: Row) -> None:
        if self.tally.report is not None and not self.tally.appending:
            self.tally.emit(
                row.number,
                "skipped",
                "ALREADY_DONE",
                "done in an earlier run",
                row.record.get("id"),
            )
        else:
            self.tally.skipped += 1
            self.tally.forget(row.number)

    def prescan(self, early: EarlyCount | None) -> int:
        """Read the whole input once before anything is sent: count the rows (for progress),
        surface what makes the file unusable (``InputFileError``), and check that a report to
        resume from belongs to this file: each row it marks done must be this file's row (same
        input digest; for reports without digests, the same record id). ``early``: the count
        made while the metadata was read (``scan``; none with a report to resume from), used
        unless the file is a web export (its columns change what a row is)."""
        args = self.args
        if early is not None and self.columns is None:
            return self.checked_count(early.result())
        if early is not None:
            early.cancel()
        mismatched: list[str] = []
        each = (lambda row: self.check_done(row, mismatched)) if self.done_rows else None
        scan = count_rows(args.file, self.columns, each=each)
        if mismatched:
            raise UsageError(
                f"{args.resume} is not the report of {args.file} as it is now: "
                f"{mismatched[0]} ({len(mismatched)} such row(s)); resume with this file's own "
                "report, or drop --resume to start afresh"
            )
        return self.checked_count(scan)

    def check_done(self, row: Row, mismatched: list[str]) -> None:
        """A row the report resumed from marks done must be this row."""
        done = self.done_rows.get(row.number)
        if done is None:
            return
        rid = id_of(row)
        if done.input_digest and done.input_digest != row.digest:
            mismatched.append(f"row {row.number} differs from the row the report marks done")
        elif not done.input_digest and done.record_id and rid and done.record_id != rid:
            mismatched.append(
                f"row {row.number} is record {rid} in the file but {done.record_id} in the report"
            )

    def checked_count(self, scan: RowCount) -> int:
        """The prescan's checks of the whole input: the command's, some rows, and the rows
        a report resumed from marks done all in the file."""
        args, count, last_row = self.args, scan.rows, scan.last_row
        self.command.check_rows(args, count, scan.fields, self.constant)
        if not count:
            raise UsageError(f"{args.file} has no rows to send")
        beyond = [n for n in self.done_rows if n > last_row]
        if beyond:
            raise UsageError(
                f"{args.resume} is not the report of {args.file} as it is now: it marks row "
                f"{min(beyond)} done but the file's last row is {last_row}"
            )
        return count

    def prepare(self) -> None:
        """Metadata, header, ``--set`` values and the report resumed from, before the report is
        opened and anything is sent."""
        args = self.args
        early = None
        if args.file is not None and args.resume is None and not args.no_metadata:
            early = EarlyCount(args.file)  # while the metadata is read
        try:
            self._prepare(early)
        finally:
            if early is not None:  # no longer needed (done, or an earlier step failed)
                early.cancel()

    def _prepare(self, early: EarlyCount | None) -> None:
        args, module = self.args, self.args.module
        if not args.no_metadata:
            self.field_map, self.known_fields = self.command.field_maps(self)
        self.command.check_fields(self)
        if args.file is not None and file_format(args.file) in ("csv", "tsv"):
            header = self.web_columns(read_header(args.file))
            problems = header_problems(
                header,
                self.known_fields,
                require_id=self.command.require_id,
                no_id=self.command.no_id,
                module=module,
                product=self.product,
                delimiter=cell_delimiter(args.file),
            )
            if problems and not args.dry_run:
                raise UsageError(f"{args.file}: " + "; ".join(problems))
            self.header_problems = problems  # a dry run reports them with the rows' problems
        # --set values are checked now: a bad one stops the run before the report is opened
        self.constant = parse_set(getattr(args, "set", None) or [], self.field_map, module)
        self.command.check_constant(args, self.constant)
        if args.resume is not None:
            if args.resume.exists() or args.resume.is_symlink():
                self.done_rows = read_done(args.resume)
            elif not args.dry_run:
                # the first night of a nightly `--resume R --report R`: nothing to resume yet
                self.tally.line(
                    f"zoho-records: {args.resume} does not exist yet: nothing to resume, "
                    "starting a fresh run"
                )
        self.tally.total = self.prescan(early) if args.file is not None else None

    def web_columns(self, header: list[str]) -> list[str]:
        """A CSV exported from Zoho's web UI (field labels, ``Record Id`` as ``zcrm_<id>``)
        is read through the module's field metadata: say which column became which field
        (and which are left out, read-only), and return the header as field API names."""
        known = self.known_fields
        if not isinstance(known, FieldTypes):
            return header
        columns = web_export_columns(header, known.labels, known, known.read_only)
        if columns is None:
            return header
        self.columns = columns
        mapped = [f"{c!r} -> {api}" for c, api in columns.items() if api and api != c]
        left = [repr(c) for c, api in columns.items() if api is None]
        self.tally.line(
            f"zoho-records: {self.args.file} is a Zoho web export: columns read as fields: "
            + (", ".join(mapped) or "none renamed")
            + (f"; left out (read-only): {', '.join(left)}" if left else "")
        )
        return [api for c in header if (api := columns.get(c, c))]

    def open_report(self) -> None:
        args = self.args
        if args.resume is not None and args.report is None:
            args.report = args.resume  # carry on in the same report
        if args.report is not None:
            appending = args.resume is not None and same_file(args.report, args.resume)
            self.tally.appending = appending
            try:
                self.tally.report = ReportWriter(args.report, append=appending)
            except OSError as exc:
                raise UsageError(f"cannot write the report {args.report}: {exc}") from None

    def warn_of_credits(self) -> None:
        """Before anything is sent: when the field metadata read's answer said how many API
        credits are left (Zoho does once half are used) and the rows need more, say so (the
        run goes on: it stops when they run out, and ``--resume`` sends the rest later)."""
        left, op = self.client.stats.credits_left, self.command.priced_by_count(self.args)
        if left is None or op is None or self.tally.total is None:
            return
        rows = max(0, self.tally.total - len(self.done_rows))
        needed = estimate_credits(op, rows).credits
        if needed > left:
            needs = f"the up to {needed:,} the {rows:,} row(s) to send need"
            self.tally.line(short_of_credits(left, needs, "the run stops when they run out"))

    def execute(self) -> int:
        args = self.args
        self.prepare()
        if args.dry_run:
            return dry_run(self)
        self.open_report()
        self.warn_of_credits()
        tally = self.tally
        tally.progress = Progress(
            tally.total,
            label=f"{args.command} {args.module}",
            stream=self.err,
            enabled=not args.no_progress,
            stats=lambda: self.client.stats,
        )
        try:
            status = self.command.run(self)
            if status is not None:
                return status
            self.stream()
        except KeyboardInterrupt:
            tally.progress.finish()
            tally.close_report()
            tally.summary(args.report, self.client.stats, self.notes())
            where = f"; rerun with --resume {args.report}" if args.report else ""
            print(f"zoho-records: interrupted{where}", file=self.err)
            return 130
        finally:
            tally.close_report()
        tally.progress.finish()
        tally.summary(args.report, self.client.stats, self.notes())
        return self.exit_status()

    def exit_status(self) -> int:
        args, tally = self.args, self.tally
        if tally.report_error is not None:
            print(
                f"zoho-records: error: the report {args.report} could not be written "
                f"({tally.report_error}); no more rows were taken, and the outcomes it lacks were "
                f"printed above; make room and rerun with --resume {args.report}",
                file=self.err,
            )
            return 2
        if self.refused is not None:
            print(
                f"zoho-records: error: Zoho refused the credentials ({self.refused}); nothing "
                "more was sent and the rows not sent say so"
                + (f" in {args.report}" if args.report else "")
                + "; fix the credentials and rerun"
                + (f" with --resume {args.report}" if args.report else ""),
                file=self.err,
            )
            return 2 if not tally.succeeded else 1
        if tally.unknown:
            return 3
        return 1 if tally.failed or tally.interrupted else 0

    def take(self, index: int, o: RecordOutcome) -> None:
        """Report one outcome and advance the progress. The report reaches the disk each time
        the client waits for answers with none ready (``_bulk.IDLE``: once per answered call,
        not once per row, a write each) and every ``FLUSH_EVERY`` rows."""
        self.tally.emit_outcome(self.sent.taken(index), o)
        if not o.ok and isinstance(o.error, AuthenticationError | TokenRefreshError):
            self.refused = o.error
        if len(self.tally.pending) >= FLUSH_EVERY:
            self.tally.flush()
        assert self.tally.progress is not None
        self.tally.progress.advance(1, errors=0 if o.ok else 1)

    def stream(self) -> None:
        """Ctrl-C: take no more rows, let the requests already handed to the client finish and
        report them, then stop (exit 130). A second Ctrl-C abandons them at once: their rows
        are reported as such (outcome unknown, code ABANDONED)."""
        try:
            with while_waiting(self.idle):
                self._stream(self.interrupt)
        finally:
            self.tally.flush()

    def idle(self) -> None:
        """While the client waits for answers (``while_waiting``): the report reaches the
        disk; a second Ctrl-C waits for that write, then abandons the requests in flight."""
        state = self.interrupt
        state.busy = True
        try:
            self.tally.flush()
        finally:
            state.busy = False
        if state.abandon:
            raise KeyboardInterrupt

    def _stream(self, state: Interrupt) -> None:
        announced = False
        with gentle_interrupt(state):
            outcomes = self.command.send(self, self.rows())
            try:
                for index, outcome in outcomes:
                    state.busy = True
                    self.take(index, outcome)
                    state.busy = False
                    if state.abandon:  # a second Ctrl-C came while the outcome was reported
                        # thrown into the client, which then does not wait for them either
                        outcomes.throw(KeyboardInterrupt)
                        raise KeyboardInterrupt
                    if self.stopping and not announced and self.tally.report_error is None:
                        announced = True
                        self.tally.line(
                            "zoho-records: interrupted: reading no more rows; waiting for the "
                            "requests in flight so that their rows are reported (Ctrl-C again "
                            "to abandon them)"
                        )
            except KeyboardInterrupt:
                state.busy = True  # a further Ctrl-C waits until the rows are written down
                self.abandon()
                raise
        if self.stopping and self.tally.report_error is None:
            raise KeyboardInterrupt

    def abandon(self) -> None:
        """Report the rows handed to the client whose outcome never came (a second Ctrl-C):
        their requests may or may not have reached Zoho."""
        for row in self.sent.unreported():
            self.tally.emit(
                row,
                UNKNOWN_OUTCOME,
                "ABANDONED",
                "abandoned in flight by a second Ctrl-C: it may or may not have been written",
                None,
            )
        self.tally.flush()
