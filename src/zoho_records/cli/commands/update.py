"""``zoho-records update``: one row per record, an 'id' column and field columns."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..calls import ONE_ROW, fields_key, record_keys
from ..errors import UsageError
from ..grouping import GROUP_HELP, Source, fan_in, grouper_of, why_not_grouped
from ..options import trigger_of
from ..run import indexed
from .base import FILE_HELP, Command, Outcomes, file_option

if TYPE_CHECKING:
    from ... import RecordOutcome
    from ..calls import CallPlan
    from ..rows import Row
    from ..run import Run

# --group-min's default: a smaller group costs no fewer calls than its share of 100-record updates
GROUP_MIN = 100
# what the client's ``if_unmodified_since`` takes as a string
_ISO_WITH_OFFSET = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


class Update(Command):
    name = "update"
    help = "update records: one row per record, an 'id' column and field columns"
    spec = {
        "crm": ("/crm/{version}/{module_api_name}", "put"),
        "bigin": ("/bigin/v2/{module_api_name}", "put"),
    }
    credit_operation = "update"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        file_option(parser, FILE_HELP)
        parser.add_argument(
            "--if-unmodified-since",
            metavar="TIME",
            help="ISO 8601 time with an offset, e.g. 2024-01-15T15:26:49+05:30: a record "
            "changed since is not updated: its row fails with ALREADY_MODIFIED (CRM)",
        )
        parser.add_argument("--group-identical", action="store_true", help=GROUP_HELP)
        parser.add_argument(
            "--group-min",
            type=int,
            metavar="N",
            help="with --group-identical: the fewest rows of equal values sent as one mass "
            f"update (default {GROUP_MIN}: a smaller group costs no fewer calls than its share "
            "of 100-record updates)",
        )

    def check_args(self, args: argparse.Namespace, product: str) -> None:
        _check_grouping(args, product)
        since = args.if_unmodified_since
        if not since:
            return
        if product != "crm":
            raise UsageError("--if-unmodified-since is a CRM option (Bigin has no such header)")
        if not _is_iso_with_offset(since):
            raise UsageError(
                f"--if-unmodified-since {since!r} is not an ISO 8601 "
                "date-time with an offset; write e.g. 2024-01-15T15:26:49+05:30"
            )

    def field_maps(self, run: Run) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        types, known = super().field_maps(run)
        if run.args.group_identical and types is None:
            raise UsageError(
                "--group-identical needs the field metadata (which fields a mass update may "
                "change) and this token cannot read it; drop --group-identical"
            )
        return types, known

    def plan_row(self, run: Run, row: Row, plan: CallPlan) -> None:
        if not run.args.group_identical:
            return super().plan_row(run, row, plan)
        grouper_of(run).add(row)  # counted once every row is in (``finish_plan``)

    def plan_sent(self, run: Run, row: Row, plan: CallPlan) -> None:
        plan.add("update", None, record_keys(row.record), row.number)  # (plain updates)

    def repeats_advice(self, args: argparse.Namespace) -> str:
        if not args.if_unmodified_since:
            return ONE_ROW
        return (
            f"; with --if-unmodified-since {args.if_unmodified_since}, Zoho refuses a "
            "record's rows after its first (ALREADY_MODIFIED) when the first is written after "
            f"that time{ONE_ROW}"
        )

    def priced_by_count(self, args: argparse.Namespace) -> str | None:
        # --group-identical: the groups decide (a mass update costs 1 credit per 500 ids)
        return None if args.group_identical else super().priced_by_count(args)

    def finish_plan(self, run: Run, plan: CallPlan) -> None:
        if not run.args.group_identical:
            return
        # as ``_send_grouped`` sends them: the groups big enough, then the other rows
        grouper = grouper_of(run)
        groups, plain = grouper.split()
        for line in why_not_grouped(grouper, run.args.module, run.field_map or {}):
            print(f"zoho-records: {line}", file=run.err)
        for group in groups:
            key = fields_key(group.fields)
            for row in group.rows:
                plan.add("mass_update", key, record_keys(row.record), row.number)
        for row in plain:
            plan.add("update", None, record_keys(row.record), row.number)

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        if run.args.group_identical:
            return _send_grouped(run, rows)
        args, records = run.args, run.sent.records(rows)
        trigger = trigger_of(args)
        if run.product == "crm":
            outcomes = run.client.crm.iter_update_records(
                args.module,
                records,
                trigger=trigger,
                if_unmodified_since=args.if_unmodified_since,
                version=args.api_version,
                stop=run.stop,
            )
        else:
            outcomes = run.client.bigin.iter_update_records(
                args.module, records, trigger=trigger, stop=run.stop
            )
        return indexed(outcomes)


def _check_grouping(args: argparse.Namespace, product: str) -> None:
    """--group-identical goes only with what a mass update can do; --group-min only with it."""
    if not args.group_identical:
        if args.group_min is not None:
            raise UsageError(
                "--group-min goes with --group-identical (it is the fewest rows of equal "
                "values sent as one mass update): add --group-identical, or drop --group-min"
            )
        return
    if args.group_min is None:
        args.group_min = GROUP_MIN
    if product != "crm":
        raise UsageError(
            "--group-identical sends mass updates, which Bigin's API does not have (nor this "
            "client for Bigin); drop --group-identical"
        )
    clash = [
        option
        for option, given in (
            ("--trigger", args.trigger),
            ("--no-trigger", args.no_trigger),
            ("--if-unmodified-since", args.if_unmodified_since),
            ("--no-metadata", args.no_metadata),
        )
        if given
    ]
    if clash:
        raise UsageError(
            f"--group-identical does not go with {clash[0]}: a mass update takes no trigger "
            "and no If-Unmodified-Since, and which fields it may change is read from the "
            "field metadata; drop one of them"
        )
    if args.group_min < 1:
        raise UsageError("--group-min must be at least 1")


def _send_grouped(run: Run, rows: Iterator[Row]) -> Outcomes:
    """Every row read first and sorted: groups of equal values go as mass updates, the rest
    as plain updates, all side by side (``grouping.fan_in``)."""
    args, crm = run.args, run.client.crm
    grouper = grouper_of(run)
    for row in rows:
        grouper.add(row)
    groups, plain = grouper.split()
    for line in why_not_grouped(grouper, args.module, run.field_map or {}):
        run.tally.line(f"zoho-records: {line}")  # as the dry run says it
    multiselect = {n for n, t in (run.field_map or {}).items() if t == "multiselectpicklist"}

    def plain_updates(series: str | None) -> Callable[[Iterator[Row]], Iterator[RecordOutcome]]:
        # each call series counted apart (``run.calls``): the rows of one client stream
        return lambda taken: crm.iter_update_records(
            args.module,
            (run.count_call(r, "update", series) for r in taken),
            version=args.api_version,
            stop=run.stop,
        )

    def mass_update(
        fields: dict[str, object],
    ) -> Callable[[Iterator[Row]], Iterator[RecordOutcome]]:
        # an update replaces a multi-select picklist's values: so does over_write=True
        over_write = True if multiselect & fields.keys() else None
        return lambda taken: crm.iter_mass_update(
            args.module,
            fields,
            ids=(str(r.record["id"]) for r in taken),
            over_write=over_write,
            version=args.api_version,
            stop=run.stop,
        )

    sources = [
        Source(plain, plain_updates(None)),
        *(
            Source(g.rows, mass_update(g.fields), plain_updates(fields_key(g.fields)))
            for g in groups
        ),
    ]
    return fan_in(run, sources, max(1, run.client.stats.max_concurrency))


def _is_iso_with_offset(value: str) -> bool:
    try:
        return bool(_ISO_WITH_OFFSET.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False
