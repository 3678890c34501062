"""``zoho-records``: bulk updates from CSV or JSONL files, with progress, a report and resume.

    zoho-records update --module Deals --file deals.csv [--product crm|bigin]
    zoho-records upsert --module Pipelines --file pipelines.jsonl --duplicate-check-fields Deal_Name
    zoho-records mass-update --module Deals --file ids.csv --set Stage="Closed Won"
    zoho-records mass-update --module Accounts --cvid 554023000000091515 --set Industry=Education
    zoho-records update-related --module Pipelines --record-id 2034020000000644063 \\
        --related-list Products --file products.csv
    zoho-records fields --module Deals [--product bigin]   # API names, types, picklist values

Target: ``--dc`` (us, eu, in, cn, jp, au, ca, sa) with ``--environment`` (production, sandbox,
developer) or ``--base-url`` (or ZOHO_DC / ZOHO_BASE_URL).
Credentials come from the environment: ZOHO_ACCESS_TOKEN, or ZOHO_REFRESH_TOKEN +
ZOHO_CLIENT_ID + ZOHO_CLIENT_SECRET. With no target at all, the command runs against an
embedded Zoho emulator on 127.0.0.1 (and says so), so you can try it safely.

Exit status: 0 every row succeeded, 1 some rows failed (see the report), 2 the command or its
input could not be used, 3 some rows may or may not have been written (outcome ``unknown`` in
the report: check them before sending them again), 130 interrupted (rerun with
``--resume REPORT``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, TextIO

from . import _constants as C
from . import _logging
from ._bulk import INTERRUPTED, UNKNOWN
from ._client import ZohoClient
from ._config import DATA_CENTERS, ENVIRONMENTS
from ._exceptions import (
    AuthenticationError,
    PermissionDeniedError,
    TokenRefreshError,
    ZohoError,
)
from ._fields_cmd import field_types_of, picklists_of, print_fields
from ._operations import if_unmodified_since_header
from ._outcomes import RecordOutcome
from ._progress import Progress
from ._report import UNKNOWN as UNKNOWN_OUTCOME
from ._report import Done, ReportWriter, compact, read_done, report_format
from ._resources import _BiginRequests, _CrmRequests
from ._retry import unique_fields_of
from ._rows import (
    InputFileError,
    NestingError,
    PicklistCheck,
    Row,
    convert_cell,
    file_format,
    header_problems,
    loads,
    read_header,
    read_rows,
    row_name,
    unknown_field,
)
from ._version import __version__

ENV_HELP = (
    "credentials: set ZOHO_ACCESS_TOKEN, or ZOHO_REFRESH_TOKEN, ZOHO_CLIENT_ID and "
    "ZOHO_CLIENT_SECRET (a Zoho self-client gives you these)"
)
MAX_PRINTED_PROBLEMS = 50


class UsageError(Exception):
    """Something the user must fix before anything is sent (exit status 2)."""


# ------------------------------------------------------------------------------------------------
# arguments
# ------------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoho-records",
        description="Bulk-update Zoho CRM and Bigin records from CSV or JSONL files.",
        epilog=ENV_HELP + ". With no --dc/--base-url an embedded emulator is used.",
    )
    parser.add_argument("--version", action="version", version=f"zoho-records {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    targets = argparse.ArgumentParser(add_help=False)
    target = targets.add_argument_group("target")
    target.add_argument(
        "--product",
        choices=("crm", "bigin"),
        help="default: crm (bigin for upsert and update-related)",
    )
    target.add_argument(
        "--dc",
        choices=sorted(DATA_CENTERS),
        default=os.environ.get("ZOHO_DC") or None,
        help="Zoho data centre (env ZOHO_DC)",
    )
    target.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENTS),
        default=os.environ.get("ZOHO_ENVIRONMENT") or None,
        help="environment within --dc (env ZOHO_ENVIRONMENT; default production)",
    )
    target.add_argument(
        "--base-url",
        default=os.environ.get("ZOHO_BASE_URL") or None,
        help="API base URL instead of --dc (env ZOHO_BASE_URL)",
    )
    target.add_argument(
        "--accounts-url",
        default=os.environ.get("ZOHO_ACCOUNTS_URL") or None,
        help="OAuth server URL (env ZOHO_ACCOUNTS_URL; default: from --dc/--base-url)",
    )
    target.add_argument(
        "--api-version",
        default=C.DEFAULT_CRM_VERSION,
        choices=C.CRM_VERSIONS,
        help="CRM API version (default %(default)s)",
    )
    common = argparse.ArgumentParser(add_help=False, parents=[targets])
    run = common.add_argument_group("run")
    run.add_argument("--module", required=True, help="module API name, e.g. Deals")
    run.add_argument(
        "--concurrency",
        type=int,
        default=C.DEFAULT_CONCURRENCY,
        help="requests in flight (default %(default)s)",
    )
    run.add_argument(
        "--max-retries",
        type=int,
        default=C.DEFAULT_MAX_RETRIES,
        help="retries per request on 429/5xx/connection errors (default %(default)s)",
    )
    run.add_argument(
        "--report", type=Path, help="write one line per input row (.csv, .tsv or .jsonl)"
    )
    run.add_argument(
        "--resume",
        type=Path,
        metavar="REPORT",
        help="skip the rows a previous run's report marks as done (appending to that report "
        "unless --report names another file, and leaving it with one line per row); a report "
        "that does not exist yet starts a fresh run",
    )
    run.add_argument(
        "--resend-unknown",
        action="store_true",
        help="with --resume: send again the upsert rows the report says may have been written "
        "(outcome unknown); check them first: a second insert makes a second record",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row against the API spec and send nothing",
    )
    run.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    run.add_argument(
        "--no-metadata",
        action="store_true",
        help="do not read field metadata to type CSV cells (cells stay strings)",
    )
    run.add_argument(
        "--empty-as-null",
        action="store_true",
        help="an empty CSV cell clears the field (default: leaves it unchanged)",
    )
    run.add_argument(
        "--trigger",
        action="append",
        metavar="NAME",
        help="automation to run (repeatable: workflow, approval, blueprint)",
    )
    run.add_argument("--no-trigger", action="store_true", help="run no automation (trigger: [])")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help, description=help)

    p = add("update", "update records: one row per record, an 'id' column and field columns")
    p.add_argument(
        "--file",
        type=Path,
        required=True,
        help=".csv/.tsv with a header row, .jsonl (one object per line) or .json",
    )
    p.add_argument("--if-unmodified-since", help="ISO 8601 time: skip records changed since (CRM)")

    p = add("upsert", "insert or update records (Bigin)")
    p.add_argument(
        "--file",
        type=Path,
        required=True,
        help=".csv/.tsv with a header row, .jsonl (one object per line) or .json; an 'id' "
        "column is optional",
    )
    p.add_argument("--duplicate-check-fields", help="comma-separated field API names, in order")

    p = add("mass-update", "set the same fields on many records (CRM)")
    p.add_argument(
        "--file",
        type=Path,
        help="rows of 'id' (and field columns: rows with equal values are grouped)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field value for every record (repeatable; VALUE may be JSON)",
    )
    p.add_argument("--cvid", help="mass update a custom view instead of ids (a scheduled job)")
    p.add_argument("--territory", help="territory id (with --cvid)")
    p.add_argument(
        "--over-write",
        action="store_true",
        help="replace multi-select values rather than add to them",
    )
    p.add_argument("--no-wait", action="store_true", help="with --cvid: do not wait for the job")

    p = add("update-related", "relate records to one record through a related list (Bigin)")
    p.add_argument(
        "--file",
        type=Path,
        required=True,
        help="rows of the related records' 'id' and relation fields",
    )
    p.add_argument("--record-id", required=True, help="the parent record")
    p.add_argument("--related-list", required=True, help="related list API name, e.g. Products")

    fields_help = "list a module's fields: API names, types, labels and picklist values"
    p = sub.add_parser("fields", parents=[targets], help=fields_help, description=fields_help)
    p.add_argument("--module", required=True, help="module API name, e.g. Deals")
    p.add_argument("--json", action="store_true", help="print the fields metadata as JSON")
    p.set_defaults(concurrency=1, max_retries=C.DEFAULT_MAX_RETRIES)
    for each in sub.choices.values():
        _logging.add_logging_options(each)
    return parser


# ------------------------------------------------------------------------------------------------
# target and client
# ------------------------------------------------------------------------------------------------
@contextlib.contextmanager
def open_client(args: argparse.Namespace, err: TextIO) -> Iterator[ZohoClient]:
    env = os.environ
    common = {"concurrency": args.concurrency, "max_retries": args.max_retries}
    if args.environment is not None and args.dc is None and args.base_url is None:
        raise UsageError(f"--environment {args.environment} needs --dc (the data centre it is in)")
    if args.dc is None and args.base_url is None:
        # The one place zoho_records touches the emulator: a safe default target for trying out.
        try:
            from zoho_emulator.testing import EmulatorServer
        except ModuleNotFoundError as exc:  # installed without the [emulator] extra
            raise UsageError(
                f"no target given (--dc/--base-url), and the embedded emulator needs the "
                f"'emulator' extra ({exc.name} is not installed): pip install "
                "'zoho-records[emulator]', or name a target with --dc or --base-url"
            ) from None

        with EmulatorServer() as server:
            print(
                f"zoho-records: no target given (--dc/--base-url): using an embedded Zoho emulator "
                f"at {server.base_url} with its demo data; nothing is sent to Zoho.",
                file=err,
            )
            with ZohoClient(
                base_url=server.base_url, access_token=server.token, **common
            ) as client:
                yield client
        return
    access = env.get("ZOHO_ACCESS_TOKEN") or None
    refresh = {
        k: env.get(f"ZOHO_{k.upper()}") or None
        for k in ("refresh_token", "client_id", "client_secret")
    }
    if access is None and not all(refresh.values()):
        missing = [f"ZOHO_{k.upper()}" for k, v in refresh.items() if not v]
        raise UsageError(
            f"no credentials for {args.base_url or args.dc}: {ENV_HELP} (missing {', '.join(missing)})"
        )
    use_refresh = all(refresh.values())
    try:
        client = ZohoClient(
            dc=args.dc,
            environment=args.environment,
            base_url=args.base_url,
            accounts_url=args.accounts_url,
            access_token=access,
            refresh_token=refresh["refresh_token"] if use_refresh else None,
            client_id=refresh["client_id"] if use_refresh else None,
            client_secret=refresh["client_secret"] if use_refresh else None,
            concurrency=args.concurrency,
            max_retries=args.max_retries,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with client:
        yield client


def check_names(args: argparse.Namespace) -> None:
    """Module and related-list API names, and ids given as options, before anything is sent."""
    names = [("--module", args.module), ("--related-list", getattr(args, "related_list", None))]
    for option, value in names:
        if value is not None and not C.API_NAME_RE.fullmatch(value):
            raise UsageError(
                f"{option} {value!r} is not a Zoho API name (a letter, then letters, digits or "
                "_; e.g. Deals, Price_Books): use the API name, not the display name"
            )
    ids = [(o, getattr(args, a, None)) for o, a in _ID_OPTIONS]
    for option, value in ids:
        if value is not None and not C.ID_RE.fullmatch(value):
            raise UsageError(f"{option} {value!r} is not a Zoho id (1 to 19 digits)")


_ID_OPTIONS = (("--record-id", "record_id"), ("--cvid", "cvid"), ("--territory", "territory"))


def check_paths(args: argparse.Namespace) -> None:
    """The input, report and resume files are usable, and none of them is another's file."""
    if args.file is not None:
        if not args.file.exists():
            raise UsageError(f"{args.file}: no such file")
        if not args.file.is_file():
            raise UsageError(f"{args.file} is not a file (a directory?)")
    if getattr(args, "cvid", None) and (args.report is not None or args.resume is not None):
        raise UsageError(
            "--report and --resume go with --file rows; a --cvid mass update prints its job's "
            "status as JSON on stdout"
        )
    for option, path in (("--report", args.report), ("--resume", args.resume)):
        if path is None:
            continue
        if args.file is not None and _same_file(path, args.file):
            raise UsageError(f"{option} {path} is the input file: name another file for the report")
        if path.is_dir():
            raise UsageError(f"{option} {path} is a directory: name a file")
        try:
            report_format(path)
        except ValueError as exc:
            raise UsageError(f"{option} {exc}") from None
    if args.report is not None and not args.report.resolve().parent.is_dir():
        raise UsageError(f"--report {args.report}: the folder {args.report.parent} does not exist")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links, hard links included)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def product_of(args: argparse.Namespace) -> str:
    if args.command in ("upsert", "update-related"):
        if args.product == "crm":
            raise UsageError(f"{args.command} is a Bigin operation here; drop --product crm")
        return "bigin"
    if args.command == "mass-update":
        if args.product == "bigin":
            raise UsageError("mass-update is a CRM operation; drop --product bigin")
        return "crm"
    return args.product or "crm"


def trigger_of(args: argparse.Namespace) -> list[str] | None:
    if args.no_trigger:
        if args.trigger:
            raise UsageError("--no-trigger and --trigger exclude each other")
        return []
    return list(args.trigger) if args.trigger else None


def field_types(
    client: ZohoClient, product: str, module: str, version: str, err: TextIO
) -> dict[str, str] | None:
    """Field API name -> data_type, read once per run (None if unavailable)."""
    try:
        if product == "crm":
            fields = client.crm.get_fields(module, version=version)
        else:
            fields = client.bigin.get_fields(module)
    except ZohoError as exc:
        code = getattr(exc, "code", None)
        if code == "INVALID_MODULE":
            raise UsageError(f"module {module!r} does not exist in {product}: {exc}") from None
        if not _metadata_refused(exc):
            raise _metadata_failure(module, exc) from None
        # the token may write records without the settings scope that metadata needs
        print(
            f"zoho-records: warning: field metadata of {module} is not readable with this token "
            f"({exc}); CSV cells are sent as text unless they look like JSON (add the scope "
            f"{'ZohoCRM' if product == 'crm' else 'ZohoBigin'}.settings.fields.READ to type "
            "them, or pass --no-metadata to skip this read)",
            file=err,
        )
        return None
    if product == "bigin":  # kept for the upsert's retry safety: no second metadata read
        client._unique_fields.setdefault(module, unique_fields_of(fields))
    return field_types_of(fields)


def _metadata_refused(exc: ZohoError) -> bool:
    """A refusal of the metadata read alone (scope or permission): writes may still work."""
    return isinstance(exc, PermissionDeniedError) or getattr(exc, "code", None) in (
        "OAUTH_SCOPE_MISMATCH",
        "NO_PERMISSION",
    )


def _metadata_failure(module: str, exc: ZohoError) -> UsageError:
    """The first request failed for a reason every write would meet too: stop, nothing sent."""
    if isinstance(exc, AuthenticationError | TokenRefreshError):
        return UsageError(f"Zoho refused the credentials ({exc}); nothing was sent")
    return UsageError(
        f"could not read the field metadata of {module} ({exc}); nothing was sent: check the "
        "target and retry, or pass --no-metadata to send cells without reading it"
    )


# ------------------------------------------------------------------------------------------------
# the run
# ------------------------------------------------------------------------------------------------
def parse_set(
    values: list[str], field_types: dict[str, str] | None = None, module: str = "the module"
) -> dict[str, Any]:
    """``--set FIELD=VALUE`` options as fields. With field metadata a VALUE is read like a CSV
    cell of that field (``--set Zip=01234`` stays text, ``--set Amount=12`` is a number); without,
    a VALUE that is valid JSON is taken as JSON, anything else as text."""
    out: dict[str, Any] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set {item!r}: write FIELD=VALUE, e.g. --set Stage='Closed Won'")
        if name in out:
            raise UsageError(f"--set {name}=... is given twice; keep one")
        if field_types:
            unknown = unknown_field(name, field_types, module)
            if unknown is not None:
                raise UsageError(f"--set {unknown}")
            data_type = field_types.get(name)
            if data_type is not None:
                probe = Row(0, {})
                check = PicklistCheck(picklists_of(field_types) or {}, module, "crm")
                try:
                    value = convert_cell(probe, name, raw, data_type, True, check)
                except NestingError as exc:
                    raise UsageError(f"--set {name}: {exc}") from None
                if probe.problems:
                    raise UsageError(f"--set {name}: {probe.problems[0].message}")
                out[name] = value
                continue
        try:
            out[name] = loads(raw)
        except NestingError as exc:
            raise UsageError(f"--set {name}: {exc}") from None
        except ValueError:
            out[name] = raw
    return out


def _id_of(row: Row) -> str | None:
    """The row's record id, if it has a well-formed one."""
    rid = row.record.get("id")
    return rid if isinstance(rid, str) and C.ID_RE.fullmatch(rid) else None


class _Interrupt:
    """Ctrl-C while rows are being sent: the first sets ``stop``; the second abandons the
    requests in flight (``KeyboardInterrupt``), but never in the middle of reporting a batch
    (``busy``): then ``abandon`` is set and the batch is finished first."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.busy = False
        self.abandon = False


@contextlib.contextmanager
def _gentle_interrupt(state: _Interrupt) -> Iterator[None]:
    """While inside, the first Ctrl-C (SIGINT) only sets ``state.stop``; the next raises
    ``KeyboardInterrupt`` (deferred while ``state.busy``). Only the main thread can take
    signals: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: object) -> None:
        if not state.stop.is_set():
            state.stop.set()
        elif state.busy:
            state.abandon = True
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Run:
    """Streams rows through the bulk engine, reporting each row exactly once."""

    def __init__(
        self, args: argparse.Namespace, client: ZohoClient, product: str, err: TextIO
    ) -> None:
        self.args, self.client, self.product, self.err = args, client, product, err
        self.report: ReportWriter | None = None
        self.failed = 0
        self.succeeded = 0
        self.skipped = 0
        self.unknown = 0  # rows that may or may not have been written (outcome "unknown")
        self.interrupted = 0  # rows not sent because of Ctrl-C (code INTERRUPTED)
        self.total: int | None = None
        self.printed = 0
        self.unlisted = 0  # failed rows not printed (no --report)
        self.done_rows: dict[int, Done] = {}
        self.digests: dict[int, str] = {}  # input digests of the rows read and not yet reported
        self.pending: list[tuple[int, str, str, str, str | None]] = []  # written, not flushed
        self.report_error: OSError | None = None
        self.refused: ZohoError | None = None  # the credentials were refused mid-run
        self.stopping = threading.Event()  # Ctrl-C, or the report cannot be written
        self.progress: Progress | None = None
        self.field_map: dict[str, str] | None = None
        self.known_fields: dict[str, str] | None = None
        self.constant: dict[str, Any] = {}
        self.header_problems: list[str] = []
        self.lines: dict[int, int | None] = {}  # file lines of the rows read, not yet reported

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
                self._line(
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
                self._report_failed(exc, [*self.pending, line])
        elif self.report_error is not None:
            self._print_outcome(line)

    def _print_outcome(self, line: tuple[int, str, str, str, str | None]) -> None:
        row, outcome, code, message, record_id = line
        self._line(
            f"row {row}: {outcome} {code}: {message}" + (f" (id {record_id})" if record_id else "")
        )

    def _report_failed(
        self, exc: OSError, lines: list[tuple[int, str, str, str, str | None]]
    ) -> None:
        """The report cannot be written: take no more rows, and print what it lacks."""
        self.report_error = exc
        self.stopping.set()
        self._line(
            f"zoho-records: error: cannot write the report ({exc}); taking no more rows; the "
            "outcomes the report lacks follow"
        )
        for line in lines:
            self._print_outcome(line)
        self.pending = []

    def emit_outcome(self, row: int, o: RecordOutcome) -> None:
        if o.ok:
            msg = o.message + (f" ({o.action})" if getattr(o, "action", None) else "")
            self.emit(row, "success", o.code, msg, o.id)
        elif o.code == UNKNOWN:
            self.emit(row, UNKNOWN_OUTCOME, o.code, o.message, o.id)
        else:
            detail = ""
            if o.details:
                api = o.details.get("api_name")
                detail = (
                    f" [field {api}]"
                    if api
                    else f" {json.dumps(dict(o.details), ensure_ascii=False)[:200]}"
                )
            self.emit(row, "error", o.code, o.message + detail, o.id)

    def _line(self, text: str) -> None:
        if self.progress is not None and self.progress.tty:
            self.err.write("\r\x1b[2K")
        print(text, file=self.err)

    def rows(self, field_map: dict[str, str] | None, require_id: bool) -> Iterator[Row]:
        """Good rows for sending; bad and already-done rows are reported here."""
        assert self.progress is not None
        for row in read_rows(
            self.args.file,
            field_types=field_map,
            known_fields=self.known_fields,
            module=self.args.module,
            require_id=require_id,
            empty_as_null=self.args.empty_as_null,
            picklists=picklists_of(field_map),
            product=self.product,
        ):
            self.digests[row.number] = row.digest
            self.lines[row.number] = row.line
            done = self.done_rows.get(row.number)
            if done is not None and done.outcome == UNKNOWN_OUTCOME:
                if self._resend(done):
                    yield row
                    continue
                # may have been written: not sent again unless --resend-unknown
                if self.report is not None and not self._appending:
                    self.emit(
                        row.number,
                        UNKNOWN_OUTCOME,
                        done.code or UNKNOWN,
                        "not sent again: an earlier run says it may have been written; check "
                        "it, then rerun with --resend-unknown to send it",
                        done.record_id or None,
                    )
                else:
                    self.unknown += 1  # its line in the report stays
                    self.digests.pop(row.number, None)
                    self.lines.pop(row.number, None)
                self.progress.advance(1, errors=1)
            elif done is not None:
                if self.report is not None and not self._appending:
                    self.emit(
                        row.number,
                        "skipped",
                        "ALREADY_DONE",
                        "done in an earlier run",
                        row.record.get("id"),
                    )
                else:
                    self.skipped += 1
                    self.digests.pop(row.number, None)
                    self.lines.pop(row.number, None)
                self.progress.advance(1, skipped=1)
            elif row.problems:
                self.emit(
                    row.number,
                    "error",
                    "INVALID_INPUT",
                    "; ".join(
                        p.message if p.place is None else f"{p.place}: {p.message}"
                        for p in row.problems
                    ),
                    _id_of(row),
                )
                self.progress.advance(1, errors=1)
            else:
                yield row

    _appending = False

    def _resend(self, done: Done) -> bool:
        """Whether a row whose fate an earlier run did not learn is sent again: always for a
        write that is safe to repeat (update, mass update, related list), for an upsert only
        with --resend-unknown (a second insert makes a second record)."""
        return self.args.command != "upsert" or bool(self.args.resend_unknown)

    def prescan(self, require_id: bool) -> int:
        """Read the whole input once before anything is sent: count the rows (for progress),
        surface what makes the file unusable (``InputFileError``), and check that a report to
        resume from belongs to this file: each row it marks done must be this file's row (same
        input digest; for reports without digests, the same record id)."""
        args = self.args
        count, mismatched, fields, last_row = 0, [], False, 0
        for row in read_rows(args.file, require_id=False):
            count += 1
            last_row = row.number
            fields = fields or any(k != "id" for k in row.record)
            done = self.done_rows.get(row.number)
            if done is None:
                continue
            rid = _id_of(row)
            if done.input_digest and done.input_digest != row.digest:
                mismatched.append(f"row {row.number} differs from the row the report marks done")
            elif not done.input_digest and done.record_id and rid and done.record_id != rid:
                mismatched.append(
                    f"row {row.number} is record {rid} in the file but {done.record_id} in the "
                    "report"
                )
        if mismatched:
            raise UsageError(
                f"{args.resume} is not the report of {args.file} as it is now: "
                f"{mismatched[0]} ({len(mismatched)} such row(s)); resume with this file's own "
                "report, or drop --resume to start afresh"
            )
        if args.command == "mass-update" and count and not fields and not self.constant:
            raise UsageError(
                f"{args.file} has only ids: give the fields to set with --set FIELD=VALUE, or "
                "add field columns"
            )
        if not count:
            raise UsageError(f"{args.file} has no rows to send")
        beyond = [n for n in self.done_rows if n > last_row]
        if beyond:
            raise UsageError(
                f"{args.resume} is not the report of {args.file} as it is now: it marks row "
                f"{min(beyond)} done but the file's last row is {last_row}"
            )
        return count

    def execute(self) -> int:
        args = self.args
        module, version = args.module, args.api_version
        if args.command == "update-related":
            # cells are typed by the related module's fields (when the list is named after it);
            # relation fields need not be fields of it, so unknown columns are not fatal here
            field_map = None if args.no_metadata else self.related_field_types()
            header_map = None
        else:
            field_map = (
                None
                if args.no_metadata
                else field_types(self.client, self.product, module, version, self.err)
            )
            header_map = field_map
        self.field_map = field_map
        self.known_fields = header_map
        require_id = args.command != "upsert"
        header: list[str] = []
        if args.file is not None and file_format(args.file) in ("csv", "tsv"):
            header = read_header(args.file)
            problems = header_problems(
                header, header_map, require_id=require_id, module=module, product=self.product
            )
            if problems and not args.dry_run:
                raise UsageError(f"{args.file}: " + "; ".join(problems))
            self.header_problems = problems  # a dry run reports them with the rows' problems
        # --set values are checked now: a bad one stops the run before the report is opened
        self.constant = parse_set(getattr(args, "set", None) or [], field_map, module)
        if args.command == "mass-update" and args.cvid and not self.constant:
            raise UsageError("--cvid needs the fields to set: --set FIELD=VALUE")
        if args.resume is not None:
            if args.resume.exists() or args.resume.is_symlink():
                self.done_rows = read_done(args.resume)
            elif not args.dry_run:
                # the first night of a nightly `--resume R --report R`: nothing to resume yet
                self._line(
                    f"zoho-records: {args.resume} does not exist yet: nothing to resume, "
                    "starting a fresh run"
                )
        total = self.prescan(require_id) if args.file is not None else None
        self.total = total
        if args.dry_run:
            return dry_run(
                args,
                self.product,
                field_map,
                header_map,
                self.constant,
                require_id,
                self.err,
                self.header_problems,
            )
        if args.resume is not None and args.report is None:
            args.report = args.resume  # carry on in the same report
        if args.report is not None:
            self._appending = args.resume is not None and _same_file(args.report, args.resume)
            try:
                self.report = ReportWriter(args.report, append=self._appending)
            except OSError as exc:
                raise UsageError(f"cannot write the report {args.report}: {exc}") from None
        self.progress = Progress(
            total, label=f"{args.command} {module}", stream=self.err, enabled=not args.no_progress
        )
        try:
            if args.command == "mass-update" and args.cvid:
                return self.mass_update_cvid()
            self.stream(field_map, require_id)
        except KeyboardInterrupt:
            self.progress.finish()
            self._close_report()
            self._summary()
            where = f"; rerun with --resume {args.report}" if args.report else ""
            print(f"zoho-records: interrupted{where}", file=self.err)
            return 130
        finally:
            self._close_report()

        self.progress.finish()
        self._summary()
        if self.report_error is not None:
            print(
                f"zoho-records: error: the report {args.report} could not be written "
                f"({self.report_error}); no more rows were taken, and the outcomes it lacks were "
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
            return 2 if not self.succeeded else 1
        if self.unknown:
            return 3
        return 1 if self.failed or self.interrupted else 0

    def _close_report(self) -> None:
        """Close the report (once); after a resume into it, leave one line per row."""
        report, self.report = self.report, None
        if report is None:
            return
        try:
            report.close()
        except OSError as exc:
            if self.report_error is None:
                self._report_failed(exc, self.pending)
            return
        if self._appending and self.report_error is None:
            try:
                compact(report.path)
            except OSError as exc:
                self._line(
                    f"zoho-records: warning: could not rewrite {report.path} with one line per "
                    f"row ({exc}); it holds every line written, and the last about a row counts"
                )

    def _summary(self) -> None:
        """The final line: how many rows had each fate (every row of the file is counted in
        exactly one), and where to find them."""
        args = self.args
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
        where = f" (report: {args.report})" if args.report else ""
        print(f"zoho-records: {', '.join(parts)}{where}", file=self.err)
        if self.unlisted:
            print(
                f"zoho-records: {self.unlisted:,} more failed row(s) are not listed above (only "
                f"the first {MAX_PRINTED_PROBLEMS} are); run with --report FILE to have every "
                "row's outcome written down (and to --resume from it)",
                file=self.err,
            )

    def related_field_types(self) -> dict[str, str] | None:
        try:
            fields = self.client.bigin.get_fields(self.args.related_list)
        except ZohoError as exc:
            # a related list need not be named after a module (INVALID_MODULE): cells then
            # stay untyped; a failure every write would meet too stops the run
            if getattr(exc, "code", None) == "INVALID_MODULE" or _metadata_refused(exc):
                return None
            raise _metadata_failure(self.args.related_list, exc) from None
        return field_types_of(fields)

    def stream(self, field_map: dict[str, str] | None, require_id: bool) -> None:
        args, progress = self.args, self.progress
        assert progress is not None
        row_numbers: list[int] = []

        def records() -> Iterator[dict[str, Any]]:
            for row in self.rows(field_map, require_id):
                row_numbers.append(row.number)
                yield row.record

        if args.command == "mass-update":
            calls = self.mass_update_calls(row_numbers)
        else:
            calls = self.calls(records())

        reported = bytearray()  # 1 at index i once row_numbers[i] is reported

        def take(batch: list[RecordOutcome]) -> None:
            errors = 0
            if len(reported) < len(row_numbers):
                reported.extend(bytes(len(row_numbers) - len(reported)))
            for o in batch:
                self.emit_outcome(row_numbers[o.index], o)
                reported[o.index] = 1
                if not o.ok:
                    errors += 1
                    if isinstance(o.error, AuthenticationError | TokenRefreshError):
                        self.refused = o.error
            if self.report is not None and self.report_error is None:
                try:
                    self.report.flush()
                    self.pending.clear()
                except OSError as exc:
                    self._report_failed(exc, self.pending)
            progress.advance(len(batch), errors=errors)

        # Ctrl-C: take no more rows, let the requests already handed to the engine finish and
        # report them, then stop (exit 130). A second Ctrl-C abandons them at once: their rows
        # are reported as such (outcome unknown, code ABANDONED).
        interrupted = self.stopping
        state = _Interrupt(interrupted)
        announced = False
        with _gentle_interrupt(state):
            batches = self.client._iter_bulk(calls, stop=interrupted.is_set)
            try:
                for batch in batches:
                    state.busy = True
                    take(batch)
                    state.busy = False
                    if state.abandon:  # a second Ctrl-C came while the batch was reported
                        # thrown into the engine, which then does not wait for them either
                        if isinstance(batches, Generator):
                            batches.throw(KeyboardInterrupt)
                        raise KeyboardInterrupt
                    if interrupted.is_set() and not announced and self.report_error is None:
                        announced = True
                        self._line(
                            "zoho-records: interrupted: reading no more rows; waiting for the "
                            "requests in flight so that their rows are reported (Ctrl-C again "
                            "to abandon them)"
                        )
            except KeyboardInterrupt:
                state.busy = True  # a further Ctrl-C waits until the rows are written down
                self.abandon(row_numbers, reported)
                raise
        if interrupted.is_set() and self.report_error is None:
            raise KeyboardInterrupt

    def abandon(self, row_numbers: list[int], reported: bytearray) -> None:
        """Report the rows handed to the engine whose outcome never came (a second Ctrl-C):
        their requests may or may not have reached Zoho."""
        for index, row in enumerate(row_numbers):
            if index >= len(reported) or not reported[index]:
                self.emit(
                    row,
                    UNKNOWN_OUTCOME,
                    "ABANDONED",
                    "abandoned in flight by a second Ctrl-C: it may or may not have been written",
                    None,
                )
        if self.report is not None and self.report_error is None:
            try:
                self.report.flush()
                self.pending.clear()
            except OSError as exc:
                self._report_failed(exc, self.pending)

    def calls(self, records: Iterator[dict[str, Any]]) -> Any:
        """The engine's calls for the rows; an upsert's are marked safe to repeat or not by the
        fields its duplicate check uses (``_retry.upsert_is_idempotent``)."""
        args, module, trigger = self.args, self.args.module, trigger_of(self.args)
        if args.command == "update":
            if self.product == "crm":
                return _CrmRequests.update_records(
                    module, records, trigger, args.if_unmodified_since, None, args.api_version
                )
            return _BiginRequests.update_records(module, records, trigger)
        if args.command == "upsert":
            dup = (
                [f.strip() for f in args.duplicate_check_fields.split(",")]
                if args.duplicate_check_fields
                else None
            )
            unique = None if dup is not None else self.client.bigin.unique_fields(module)
            return _BiginRequests.upsert(module, records, dup, trigger, unique)
        if args.command == "update-related":
            return _BiginRequests.update_related(module, args.record_id, args.related_list, records)
        raise AssertionError(args.command)

    def mass_update_calls(self, row_numbers: list[int]) -> Iterator[Any]:
        """Rows grouped by their field values: one mass update (500 ids a call) per group."""
        args = self.args
        if args.file is None:
            raise UsageError("mass-update needs --file (ids) or --cvid")
        constant = self.constant
        groups: dict[str, tuple[dict[str, Any], list[Row]]] = {}
        for row in self.rows(self.field_map, True):
            fields = {k: v for k, v in row.record.items() if k != "id"}
            fields.update(constant)
            if not fields:
                self.emit(
                    row.number,
                    "error",
                    "INVALID_INPUT",
                    "no field to set: add field columns or --set FIELD=VALUE",
                    row.record.get("id"),
                )
                assert self.progress is not None
                self.progress.advance(1, errors=1)
                continue
            key = json.dumps(fields, sort_keys=True)
            groups.setdefault(key, (fields, []))[1].append(row)
        for fields, rows in groups.values():
            base = len(row_numbers)
            row_numbers.extend(r.number for r in rows)
            for call in _CrmRequests.mass_update_ids(
                args.module,
                fields,
                [r.record["id"] for r in rows],
                args.over_write or None,
                args.api_version,
            ):
                call.indices = [base + i for i in call.indices]
                yield call

    def mass_update_cvid(self) -> int:
        """Schedule the job, say its id at once (a Ctrl-C while waiting stops the waiting, not
        the job), wait for it unless --no-wait, and print its status as JSON on stdout."""
        args = self.args
        job = self.client.crm.mass_update(
            args.module,
            self.constant,
            cvid=args.cvid,
            territory=args.territory,
            over_write=args.over_write or None,
            wait=False,
            version=args.api_version,
        )
        if not args.no_wait:
            self._line(
                f"zoho-records: mass update job {job.job_id} scheduled; waiting for it (Ctrl-C "
                "stops the waiting, not the job)"
            )
            try:
                job = self.client.crm.wait_for_mass_update(
                    args.module, job.job_id, version=args.api_version
                )
            except KeyboardInterrupt:
                print(json.dumps({"job_id": job.job_id, "status": job.status}), flush=True)
                raise
        print(
            json.dumps(
                {
                    "job_id": job.job_id,
                    "status": job.status,
                    "total_count": job.total_count,
                    "updated_count": job.updated_count,
                    "not_updated_count": job.not_updated_count,
                    "failed_count": job.failed_count,
                }
            )
        )
        return (
            0 if job.status in ("COMPLETED", "SCHEDULED", "RUNNING") and not job.failed_count else 1
        )


def dry_run(
    args: argparse.Namespace,
    product: str,
    field_map: dict[str, str] | None,
    known_fields: dict[str, str] | None,
    constant: dict[str, Any],
    require_id: bool,
    err: TextIO,
    header_problems: list[str] | None = None,
) -> int:
    """Check every row (cell types, picklist values, ids, and the spec's request schema) and
    the header (unknown or repeated columns), all in one pass; send nothing."""
    from ._spec import load_spec, request_item_schema, validate

    spec_path = {
        ("crm", "update"): "/crm/{version}/{module_api_name}",
        ("bigin", "update"): "/bigin/v2/{module_api_name}",
        ("bigin", "upsert"): "/bigin/v2/{module_api_name}/upsert",
        (
            "bigin",
            "update-related",
        ): "/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}",
        ("crm", "mass-update"): "/crm/{version}/{module_api_name}/actions/mass_update",
    }[(product, args.command)]
    method = "post" if args.command in ("upsert", "mass-update") else "put"
    spec = load_spec(product)
    schema = request_item_schema(spec, spec_path, method)
    rows = problems = 0
    if args.file is None:
        raise UsageError("--dry-run checks a --file")
    if args.report is not None and args.resume is not None:
        if args.report.resolve() == args.resume.resolve():
            raise UsageError("a dry run would overwrite the report you resume from: name another")
    try:
        report = ReportWriter(args.report) if args.report is not None else None
    except OSError as exc:
        raise UsageError(f"cannot write the report {args.report}: {exc}") from None
    for line in header_problems or ():
        problems += 1
        print(f"{args.file}, header (line 1): {line}", file=err)
    for row in read_rows(
        args.file,
        field_types=field_map,
        known_fields=known_fields,
        module=args.module,
        require_id=require_id,
        empty_as_null=args.empty_as_null,
        picklists=picklists_of(field_map),
        product=product,
    ):
        rows += 1
        found = [str(p) for p in row.problems]
        if not row.problems:
            record = dict(row.record)
            if args.command == "mass-update":
                record.pop("id", None)
                record.update(constant)
            for path, message in validate(spec, schema, record):
                column = path[0] if path else None
                rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
                where = row.name + (f", column {column}{rest}" if column is not None else "")
                found.append(f"{where}: {message}")
        for line in found:
            problems += 1
            if problems <= MAX_PRINTED_PROBLEMS * 4:
                print(line, file=err)
        if report is not None:
            if found:
                message = "; ".join(found)
                report.write(
                    row.number, "invalid", "INVALID_INPUT", message, _id_of(row), row.digest
                )
            else:
                report.write(row.number, "valid", "", "", _id_of(row), row.digest)
    if report is not None:
        report.close()
    verdict = "all rows valid" if not problems else f"{problems} problem(s)"
    print(
        f"zoho-records: dry run of {rows} row(s) against the {product} spec: {verdict}; "
        "nothing was sent" + (f" (report: {args.report})" if report is not None else ""),
        file=err,
    )
    return 1 if problems else 0


def fields_command(args: argparse.Namespace, err: TextIO) -> int:
    """``zoho-records fields``: print the module's fields (API names, types, labels, values)."""
    product = args.product or "crm"
    check_names(args)
    with open_client(args, err) as client:
        try:
            if product == "crm":
                fields = client.crm.get_fields(args.module, version=args.api_version)
            else:
                fields = client.bigin.get_fields(args.module)
        except ZohoError as exc:
            if getattr(exc, "code", None) == "INVALID_MODULE":
                raise UsageError(
                    f"module {args.module!r} does not exist in {product}: {exc}"
                ) from None
            raise UsageError(f"could not read the fields of {args.module}: {exc}") from None
    print_fields(fields, args.module, product, sys.stdout, as_json=args.json)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    err = sys.stderr
    _logging.configure(args)
    try:
        if args.command == "fields":
            return fields_command(args, err)
        product = product_of(args)
        trigger_of(args)
        if args.concurrency < 1:
            raise UsageError("--concurrency must be at least 1")
        if args.max_retries < 0:
            raise UsageError("--max-retries must be 0 or more")
        if getattr(args, "if_unmodified_since", None):
            if product != "crm":
                raise UsageError("--if-unmodified-since is a CRM option (Bigin has no such header)")
            try:
                if_unmodified_since_header(args.if_unmodified_since)
            except ValueError:
                raise UsageError(
                    f"--if-unmodified-since {args.if_unmodified_since!r} is not an ISO 8601 "
                    "date-time with an offset; write e.g. 2024-01-15T15:26:49+05:30"
                ) from None
        if args.command == "mass-update" and not args.cvid and args.file is None:
            raise UsageError("mass-update needs --file (rows of ids) or --cvid")
        if args.command == "mass-update" and args.cvid and args.file is not None:
            raise UsageError("give either --file (ids) or --cvid, not both")
        if getattr(args, "territory", None) and not args.cvid:
            raise UsageError("--territory needs --cvid")
        check_names(args)
        check_paths(args)
        with open_client(args, err) as client:
            return Run(args, client, product, err).execute()
    except (UsageError, InputFileError) as exc:
        print(f"zoho-records: error: {exc}", file=err)
        return 2
    except ZohoError as exc:
        print(f"zoho-records: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("zoho-records: interrupted", file=err)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
