"""``zoho-records upsert``: insert or update records (CRM and Bigin)."""

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


class Upsert(Command):
    name = "upsert"
    help = "insert or update records, matched on --duplicate-check-fields or unique fields"
    products = ("bigin", "crm")  # Bigin stays the default: upsert was Bigin's first
    require_id = False
    spec = {
        "crm": ("/crm/{version}/{module_api_name}/upsert", "post"),
        "bigin": ("/bigin/v2/{module_api_name}/upsert", "post"),
    }
    credit_operation = "upsert"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        file_option(parser, FILE_HELP + "; an 'id' column is optional")
        parser.add_argument(
            "--duplicate-check-fields", help="comma-separated field API names, in order"
        )

    def resend_unknown(self, args: argparse.Namespace) -> bool:
        """Only with --resend-unknown: a second insert makes a second record."""
        return bool(args.resend_unknown)

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        """Each request is repeated after an unclear failure only when the fields its duplicate
        check uses make it safe (the client decides, from the module's unique fields when no
        --duplicate-check-fields is given)."""
        args = run.args
        dup = (
            [f.strip() for f in args.duplicate_check_fields.split(",")]
            if args.duplicate_check_fields
            else None
        )
        records, trigger = run.sent.records(rows), trigger_of(args)
        if run.product == "crm":
            return indexed(
                run.client.crm.iter_upsert(
                    args.module,
                    records,
                    duplicate_check_fields=dup,
                    trigger=trigger,
                    version=args.api_version,
                    stop=run.stop,
                )
            )
        return indexed(
            run.client.bigin.iter_upsert(
                args.module,
                records,
                duplicate_check_fields=dup,
                trigger=trigger,
                stop=run.stop,
            )
        )
