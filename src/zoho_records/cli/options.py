"""What every command shares before anything is sent: the parser, and the checks of names,
paths, triggers and ``--set`` values. A command adds its own options (``Command.add_arguments``);
nothing here knows a command by its name."""

from __future__ import annotations

import argparse
import difflib
import os
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import _constants as C
from .. import _logging
from .._config import DATA_CENTERS, ENVIRONMENTS
from .._version import __version__
from .cells import FieldChecks, convert_cell, unknown_field
from .errors import UsageError
from .metadata import lengths_of, picklists_of
from .report import report_format
from .rows import NestingError, Row, key_twice, loads

if TYPE_CHECKING:
    from .commands.base import Command

ENV_HELP = (
    "credentials: set ZOHO_ACCESS_TOKEN, or ZOHO_REFRESH_TOKEN, ZOHO_CLIENT_ID and "
    "ZOHO_CLIENT_SECRET (a Zoho self-client gives you these)"
)
MAX_PRINTED_PROBLEMS = 50


def product_help(products: tuple[str, ...]) -> str:
    """``--product``'s help for a command that takes ``products`` (the first the default)."""
    if len(products) == 1:
        return f"{products[0]} only"
    return f"default: {products[0]} (or {', '.join(products[1:])})"


def target_options(products: tuple[str, ...] = ("crm", "bigin")) -> argparse.ArgumentParser:
    """``--product`` (``products``: those a command takes, the first its default) and where
    to send: the options of every command."""
    targets = argparse.ArgumentParser(add_help=False)
    target = targets.add_argument_group("target")
    target.add_argument("--product", choices=("crm", "bigin"), help=product_help(products))
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
    return targets


def check_target_env(args: argparse.Namespace) -> None:
    """--dc and --environment that came from ZOHO_DC and ZOHO_ENVIRONMENT: argparse checks
    only what is typed on the command line against the choices."""
    named = (
        ("ZOHO_DC", args.dc, DATA_CENTERS),
        ("ZOHO_ENVIRONMENT", args.environment, ENVIRONMENTS),
    )
    for env, value, known in named:
        if value is not None and value.strip().lower() not in known:
            raise UsageError(
                f"{env}={value!r} (from the environment) is not one of "
                f"{', '.join(sorted(known))}: set it to one of them, or unset it"
            )


def run_options(targets: argparse.ArgumentParser, no_trigger: str = "") -> argparse.ArgumentParser:
    """The options of every command that sends rows: module, speed, report and resume.
    ``no_trigger``: why the command refuses --trigger/--no-trigger (their help says so)."""
    common = argparse.ArgumentParser(add_help=False, parents=[targets])
    run = common.add_argument_group("run")
    run.add_argument("--module", required=True, help="module API name, e.g. Deals")
    run.add_argument(
        "--concurrency",
        type=int,
        default=C.DEFAULT_CONCURRENCY,
        help="the most requests in flight, a hard upper bound (default %(default)s, the "
        "highest cap of Zoho's editions); below it the client adapts to the org's cap: it "
        f"starts at {C.INITIAL_CONCURRENCY} (or the bound, if lower), grows while calls "
        "succeed and backs off on 429",
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
        help="check every row (cell types, picklist values and lengths by the field "
        "metadata, and the API spec) and write nothing: it reads the field metadata (1 API "
        "credit) and reports the API calls and credits sending the rows would cost",
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
    refused = f"refused: {no_trigger}" if no_trigger else None
    run.add_argument(
        "--trigger",
        action="append",
        metavar="NAME",
        help=refused
        or "automation to run (repeatable: workflow; in CRM also approval, blueprint, "
        "pathfinder, orchestration); without it Zoho runs its default",
    )
    run.add_argument(
        "--no-trigger", action="store_true", help=refused or "run no automation (trigger: [])"
    )
    return common


class HelpFormatter(argparse.HelpFormatter):
    """argparse's, but a URL or an option name in a help text is never split across lines."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = " ".join(text.split())
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)


def build_parser(commands: Iterable[Command] | None = None) -> argparse.ArgumentParser:
    """The ``zoho-records`` parser: each command adds its subparser (default: every command)."""
    if commands is None:
        from .commands import COMMANDS

        commands = COMMANDS.values()
    parser = argparse.ArgumentParser(
        prog="zoho-records",
        description="Bulk-update Zoho CRM and Bigin records from CSV or JSONL files.",
        epilog=ENV_HELP + ". With no --dc/--base-url an embedded emulator is used.",
    )
    parser.add_argument("--version", action="version", version=f"zoho-records {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands:
        # each command's own parents: its --product help names its own default
        targets = target_options(command.products)
        parent = (
            targets if command.parent == "targets" else run_options(targets, command.no_trigger)
        )
        p = sub.add_parser(
            command.name,
            parents=[parent],
            help=command.help,
            description=command.help,
            formatter_class=HelpFormatter,
        )
        command.add_arguments(p)
    for each in sub.choices.values():
        _logging.add_logging_options(each)
    return parser


# ------------------------------------------------------------------------------------------------
# checks before anything is sent
# ------------------------------------------------------------------------------------------------
_ID_OPTIONS = (("--record-id", "record_id"), ("--cvid", "cvid"), ("--territory", "territory"))


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


def check_paths(args: argparse.Namespace, command: Command | None = None) -> None:
    """The input, report and resume files are usable, and none of them is another's file."""
    if args.file is not None:
        if str(args.file) == "-" or (not args.file.is_file() and args.file.exists()):
            # (the file is read twice: counted and checked before anything is sent, then sent)
            what = "a directory" if args.file.is_dir() else "standard input, a pipe or a device"
            raise UsageError(
                f"--file {args.file} is {what}, not a file: save the rows in a .csv, .tsv, "
                ".jsonl or .json file and pass that"
            )
        if not args.file.exists():
            raise UsageError(f"{args.file}: no such file")
    if command is not None:
        command.check_report_options(args)
    for option, path in (("--report", args.report), ("--resume", args.resume)):
        if path is None:
            continue
        if args.file is not None and same_file(path, args.file):
            raise UsageError(f"{option} {path} is the input file: name another file for the report")
        if path.is_dir():
            raise UsageError(f"{option} {path} is a directory: name a file")
        try:
            report_format(path)
        except ValueError as exc:
            raise UsageError(f"{option} {exc}") from None
    if args.report is not None and not args.report.resolve().parent.is_dir():
        folder = args.report.parent
        if folder.exists():
            raise UsageError(f"--report {args.report}: {folder} is a file, not a folder")
        raise UsageError(f"--report {args.report}: the folder {folder} does not exist")
    if args.resend_unknown and args.resume is None:
        raise UsageError(
            "--resend-unknown goes with --resume REPORT (it sends again the rows that report "
            "says may have been written): add --resume, or drop --resend-unknown"
        )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links, hard links included)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


# Zoho's documented triggers (openapi/components/schemas/Trigger.yaml): the client sends any
# string, the command line refuses a name outside them (a typo would run no automation)
TRIGGERS = ("workflow", "approval", "blueprint", "pathfinder", "orchestration")


def trigger_of(args: argparse.Namespace) -> list[str] | None:
    if args.no_trigger:
        if args.trigger:
            raise UsageError("--no-trigger and --trigger exclude each other")
        return []
    for name in args.trigger or ():
        if name not in TRIGGERS:
            near = difflib.get_close_matches(name.casefold(), TRIGGERS, 1, 0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise UsageError(
                f"--trigger {name!r} is none of Zoho's triggers ({', '.join(TRIGGERS)}); "
                f"--no-trigger runs none{hint}"
            )
    return list(args.trigger) if args.trigger else None


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
                out[name] = _typed_value(name, raw, data_type, field_types, module)
                continue
        try:
            out[name] = loads(raw)
        except NestingError as exc:
            raise UsageError(f"--set {name}: {exc}") from None
        except ValueError:
            out[name] = raw
        if (twice := key_twice(out[name])) is not None:
            raise UsageError(f"--set {name}: {twice}")
    return out


def _typed_value(
    name: str, raw: str, data_type: str, field_types: dict[str, str], module: str
) -> Any:
    """A ``--set`` value read like a CSV cell of its field."""
    probe = Row(0, {})
    check = FieldChecks(
        picklists_of(field_types) or {}, module, "crm", lengths_of(field_types) or {}
    )
    try:
        value = convert_cell(probe, name, raw, data_type, True, check)
    except NestingError as exc:
        raise UsageError(f"--set {name}: {exc}") from None
    if probe.problems:
        raise UsageError(f"--set {name}: {probe.problems[0].message}")
    return value


def id_of(row: Row) -> str | None:
    """The row's record id, if it has a well-formed one."""
    rid = row.record.get("id")
    return rid if isinstance(rid, str) and C.ID_RE.fullmatch(rid) else None
