"""``zoho-records update-related``: relate records to one record through a related list."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ... import ZohoError
from ..metadata import field_types_of, metadata_failure, metadata_refused, report_to_resume
from ..run import indexed
from .base import Command, Outcomes, file_option

if TYPE_CHECKING:
    from ..rows import Row
    from ..run import Run


class UpdateRelated(Command):
    name = "update-related"
    help = "relate records to one record through a related list (Bigin)"
    products = ("bigin",)
    wrong_product = "update-related is a Bigin operation here; drop --product crm"
    spec = {
        "bigin": ("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", "put"),
    }
    credit_operation = "update_related"
    no_trigger = "Zoho's related-list update takes no trigger: drop it"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        file_option(parser, "rows of the related records' 'id' and relation fields")
        parser.add_argument("--record-id", required=True, help="the parent record")
        parser.add_argument(
            "--related-list", required=True, help="related list API name, e.g. Products"
        )

    def field_maps(self, run: Run) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        """Cells are typed by the related module's fields (when the list is named after it);
        relation fields need not be fields of it, so unknown columns are not fatal here."""
        try:
            fields = run.client.bigin.get_fields(run.args.related_list)
        except ZohoError as exc:
            # a related list need not be named after a module (INVALID_MODULE): cells then
            # stay untyped; a failure every write would meet too stops the run
            if getattr(exc, "code", None) == "INVALID_MODULE" or metadata_refused(exc):
                return None, None
            raise metadata_failure(run.args.related_list, exc, report_to_resume(run.args)) from None
        types = field_types_of(fields)
        # a relation's fields are not the related records' own: Zoho (the emulator) does not
        # hold them to the module's lengths, so neither does the check before sending
        types.lengths.clear()
        return types, None

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        args = run.args
        return indexed(
            run.client.bigin.iter_update_related(
                args.module,
                args.record_id,
                args.related_list,
                run.sent.records(rows),
                stop=run.stop,
            )
        )
