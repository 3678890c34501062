"""``zoho-records mass-update``: the same fields on many records (CRM), by ids from a file
(rows with equal field values are grouped: one mass update, 500 ids a request, per group) or
by a custom view (``--cvid``: a job Zoho schedules)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..run import indexed
from .base import Command, Outcomes

if TYPE_CHECKING:
    from ..rows import Row
    from ..run import Run


class MassUpdate(Command):
    name = "mass-update"
    help = "set the same fields on many records (CRM)"
    products = ("crm",)
    wrong_product = "mass-update is a CRM operation; drop --product bigin"
    spec = {"crm": ("/crm/{version}/{module_api_name}/actions/mass_update", "post")}
    credit_operation = "mass_update"
    no_trigger = (
        "a mass update takes no trigger (Zoho runs its automation rules as it does for mass "
        "updates): drop it"
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        p = parser
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
        p.add_argument(
            "--no-wait", action="store_true", help="with --cvid: do not wait for the job"
        )

    def check_args(self, args: argparse.Namespace, product: str) -> None:
        if not args.cvid and args.file is None:
            raise UsageError("mass-update needs --file (rows of ids) or --cvid")
        if args.cvid and args.file is not None:
            raise UsageError("give either --file (ids) or --cvid, not both")
        if args.territory and not args.cvid:
            raise UsageError("--territory needs --cvid")

    def check_report_options(self, args: argparse.Namespace) -> None:
        if args.cvid and (args.report is not None or args.resume is not None):
            raise UsageError(
                "--report and --resume go with --file rows; a --cvid mass update prints its "
                "job's status as JSON on stdout"
            )

    def check_constant(self, args: argparse.Namespace, constant: dict[str, Any]) -> None:
        if args.cvid and not constant:
            raise UsageError("--cvid needs the fields to set: --set FIELD=VALUE")

    def check_rows(
        self, args: argparse.Namespace, count: int, fields: bool, constant: dict[str, Any]
    ) -> None:
        if count and not fields and not constant:
            raise UsageError(
                f"{args.file} has only ids: give the fields to set with --set FIELD=VALUE, or "
                "add field columns"
            )

    def checked_record(self, record: dict[str, Any], constant: dict[str, Any]) -> dict[str, Any]:
        record.pop("id", None)
        record.update(constant)
        return record

    def run(self, run: Run) -> int | None:
        return _by_cvid(run) if run.args.cvid else None

    def repeats_advice(self, args: argparse.Namespace) -> str:
        # (rows of one id that set other values are in other groups: no call ends for them)
        return "; a record's rows that set the same values need one row: leave the others out"

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        """Rows grouped by their field values; one mass update per group, in turn."""
        args = run.args
        for key, (fields, group) in _groups(run, rows).items():
            if run.stop():
                return
            base = run.sent.add(group)
            yield from indexed(
                run.client.crm.iter_mass_update(
                    args.module,
                    fields,
                    # (each id counted under the call it goes out in, for the summary)
                    ids=(run.count_call(r, "mass_update", key)["id"] for r in group),
                    over_write=args.over_write or None,
                    version=args.api_version,
                    stop=run.stop,
                ),
                base,
            )


def _groups(run: Run, rows: Iterator[Row]) -> dict[str, tuple[dict[str, Any], list[Row]]]:
    """The rows by the fields they set (their field columns and --set); a row that sets none
    is refused."""
    groups: dict[str, tuple[dict[str, Any], list[Row]]] = {}
    for row in rows:
        fields = {k: v for k, v in row.record.items() if k != "id"}
        fields.update(run.constant)
        if not fields:
            run.reject(
                row, "INVALID_INPUT", "no field to set: add field columns or --set FIELD=VALUE"
            )
            continue
        key = json.dumps(fields, sort_keys=True)
        groups.setdefault(key, (fields, []))[1].append(row)
    return groups


def _by_cvid(run: Run) -> int:
    """Schedule the job, say its id at once (a Ctrl-C while waiting stops the waiting, not
    the job), wait for it unless --no-wait, and print its status as JSON on stdout."""
    args, crm = run.args, run.client.crm
    job = crm.mass_update(
        args.module,
        run.constant,
        cvid=args.cvid,
        territory=args.territory,
        over_write=args.over_write or None,
        wait=False,
        version=args.api_version,
    )
    if not args.no_wait:
        run.tally.line(
            f"zoho-records: mass update job {job.job_id} scheduled; waiting for it (Ctrl-C "
            "stops the waiting, not the job)"
        )
        try:
            job = crm.wait_for_mass_update(args.module, job.job_id, version=args.api_version)
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
                # what the run cost (client.stats): calls answered, credits, 429s
                "api_calls": (stats := run.client.stats).calls,
                "api_credits": stats.credits,
                "throttled": stats.throttled,
            }
        )
    )
    return 0 if job.status in ("COMPLETED", "SCHEDULED", "RUNNING") and not job.failed_count else 1
