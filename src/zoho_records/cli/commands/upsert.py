"""``zoho-records upsert``: insert or update records (CRM and Bigin)."""

from __future__ import annotations

import argparse
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ... import CRM_SYSTEM_DUPLICATE_CHECK
from ..calls import record_keys
from ..cells import unknown_field
from ..errors import UsageError
from ..options import trigger_of
from ..run import indexed
from .base import FILE_HELP, Command, Outcomes, file_option

if TYPE_CHECKING:
    from ..calls import CallPlan
    from ..rows import Row
    from ..run import Run


# the fields an upsert's duplicate check uses, per run (None: not known, ids only)
_MATCH_ON: weakref.WeakKeyDictionary[Run, list[str] | None] = weakref.WeakKeyDictionary()


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

    def check_fields(self, run: Run) -> None:
        """A --duplicate-check-fields name that is no field of the module stops the run before
        anything is sent (Zoho would refuse every row, each call charged)."""
        args = run.args
        for name in _duplicate_check_fields(args) or ():
            if not name:
                raise UsageError("--duplicate-check-fields: an empty name (a comma too many?)")
            problem = unknown_field(name, run.field_map, args.module, run.product)
            if problem is not None:
                raise UsageError(f"--duplicate-check-fields: {problem}")

    def resend_unknown(self, args: argparse.Namespace) -> bool:
        """Only with --resend-unknown: a second insert makes a second record."""
        return bool(args.resend_unknown)

    def plan_row(self, run: Run, row: Row, plan: CallPlan) -> None:
        """Counted as the client cuts upserts: a row that names a record of the call before
        it (its id or a duplicate-check value) starts a new call."""
        if run not in _MATCH_ON:  # once a run (a metadata read that failed is not repeated)
            args = run.args
            match_on = _duplicate_check_fields(args)
            if match_on is None:  # the module's unique fields, as the client takes them
                if run.product == "crm":
                    match_on = run.client.crm.unique_fields(args.module, version=args.api_version)
                    if match_on is None:  # unreadable: the documented system check orders them
                        match_on = list(CRM_SYSTEM_DUPLICATE_CHECK.get(args.module, ())) or None
                else:
                    match_on = run.client.bigin.unique_fields(args.module)
            _MATCH_ON[run] = match_on
        plan.add("upsert", None, record_keys(row.record, _MATCH_ON[run]), row.number)

    def plan_sent(self, run: Run, row: Row, plan: CallPlan) -> None:
        """As ``plan_row``, when what names a row's record is known without a read: the
        --duplicate-check-fields given, or the module's unique fields, which the field
        metadata read at the start told the client (else the client reads them itself, and
        reading them here could repeat a read that failed)."""
        if run.field_map is not None or _duplicate_check_fields(run.args) is not None:
            self.plan_row(run, row, plan)

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        """Each request is repeated after an unclear failure only when the fields its duplicate
        check uses make it safe (the client decides, from the module's unique fields when no
        --duplicate-check-fields is given)."""
        args = run.args
        dup = _duplicate_check_fields(args)
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


def _duplicate_check_fields(args: argparse.Namespace) -> list[str] | None:
    if not args.duplicate_check_fields:
        return None
    return [f.strip() for f in args.duplicate_check_fields.split(",")]
