"""``zoho-records insert``: create records, one row per record (Zoho assigns the ids)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..options import trigger_of
from ..run import indexed
from .base import FILE_HELP, Command, Outcomes, file_option

if TYPE_CHECKING:
    from ..rows import Row
    from ..run import Run


class Insert(Command):
    name = "insert"
    help = "create records: one row per record, field columns (no 'id')"
    require_id = False
    no_id = (
        "an insert creates new records, and Zoho assigns their ids: to change the records "
        "these ids name, use update (or upsert); to create new records, leave the id out"
    )
    spec = {
        "crm": ("/crm/{version}/{module_api_name}", "post"),
        "bigin": ("/bigin/v2/{module_api_name}", "post"),
    }
    credit_operation = "insert"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        file_option(parser, FILE_HELP + "; the report gives each row its new record id")

    def resend_unknown(self, args: argparse.Namespace) -> bool:
        """Only with --resend-unknown: a second insert makes a second record."""
        return bool(args.resend_unknown)

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        """An insert is never repeated after a failure that may have reached Zoho: its rows
        are reported as unknown (exit status 3), to be checked before --resend-unknown."""
        args, records = run.args, run.sent.records(rows)
        trigger = trigger_of(args)
        if run.product == "crm":
            outcomes = run.client.crm.iter_insert(
                args.module, records, trigger=trigger, version=args.api_version, stop=run.stop
            )
        else:
            outcomes = run.client.bigin.iter_insert(
                args.module, records, trigger=trigger, stop=run.stop
            )
        return indexed(outcomes)
