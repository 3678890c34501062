"""``zoho-records update``: one row per record, an 'id' column and field columns."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..options import trigger_of
from ..run import indexed
from .base import FILE_HELP, Command, Outcomes, file_option

if TYPE_CHECKING:
    from ..rows import Row
    from ..run import Run

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
            "--if-unmodified-since", help="ISO 8601 time: skip records changed since (CRM)"
        )

    def check_args(self, args: argparse.Namespace, product: str) -> None:
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

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
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


def _is_iso_with_offset(value: str) -> bool:
    try:
        return bool(_ISO_WITH_OFFSET.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False
