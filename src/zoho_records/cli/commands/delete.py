"""``zoho-records delete``: delete records by id, from a file (an 'id' column; other columns
are ignored) or from ``--ids 1,2,3``; 100 ids a request."""

from __future__ import annotations

import argparse
import atexit
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ... import _constants as C
from ..errors import UsageError
from ..run import indexed
from .base import Command, Outcomes

if TYPE_CHECKING:
    from ..rows import Row
    from ..run import Run


class Delete(Command):
    name = "delete"
    help = "delete records by id (--file with an 'id' column, or --ids 1,2,3)"
    # --dry-run checks each id as the update body's "id" (a delete has no body)
    spec = {
        "crm": ("/crm/{version}/{module_api_name}", "put"),
        "bigin": ("/bigin/v2/{module_api_name}", "put"),
    }
    credit_operation = "delete"
    no_trigger = (
        "a delete runs the module's workflows unless --no-workflow is given (wf_trigger=false), "
        "and no other automation: use --no-workflow, or drop it"
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--file", type=Path, help="rows with an 'id' column (.csv/.tsv/.jsonl/.json)"
        )
        parser.add_argument("--ids", help="comma-separated record ids instead of --file")
        parser.add_argument(
            "--no-workflow",
            action="store_true",
            help="run no workflow on the deleted records (wf_trigger=false)",
        )

    def main(self, args: argparse.Namespace, err: TextIO) -> int:
        if (args.file is None) == (args.ids is None):
            raise UsageError("delete needs exactly one of --file (rows of ids) or --ids 1,2,3")
        if args.ids is not None:
            args.file = _ids_file(args.ids)
        return super().main(args, err)

    def names_lines(self, args: argparse.Namespace) -> bool:
        """--ids goes through a temporary file: its lines mean nothing to the user."""
        return args.ids is None

    def field_maps(self, run: Run) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        """No field metadata: only the ids are read."""
        return None, None

    def checked_record(self, record: dict[str, Any], constant: dict[str, Any]) -> dict[str, Any]:
        return {"id": record["id"]} if "id" in record else {}

    def repeats_advice(self, args: argparse.Namespace) -> str:
        return (
            "; a record is deleted once: its rows after the first fail (Zoho's answer: record "
            "not deleted), so leave them out"
        )

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        args = run.args
        ids = (record["id"] for record in run.sent.records(rows))
        wf = False if args.no_workflow else None
        if run.product == "crm":
            outcomes = run.client.crm.iter_delete(
                args.module, ids, wf_trigger=wf, version=args.api_version, stop=run.stop
            )
        else:
            outcomes = run.client.bigin.iter_delete(args.module, ids, wf_trigger=wf, stop=run.stop)
        return indexed(outcomes)


def _ids_file(text: str) -> Path:
    """``--ids`` as a one-column CSV, so that it is read, reported and resumed as a file."""
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise UsageError(
            "--ids names no id: write e.g. --ids 3652397000000281001,3652397000000281002"
        )
    bad = [i for i in ids if not C.ID_RE.fullmatch(i)]
    if bad:
        raise UsageError(f"--ids: {bad[0]!r} is not a record id (1 to 19 digits)")
    fd, name = tempfile.mkstemp(prefix="zoho-records-ids-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("id\n" + "\n".join(ids) + "\n")
    atexit.register(lambda: Path(name).unlink(missing_ok=True))
    return Path(name)
