"""``--dry-run``: check every row against the API spec, say what sending the file would cost
(API calls and credits, ``calls``), and send nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .calls import CallPlan, short_of_credits
from .errors import UsageError
from .metadata import lengths_of, picklists_of
from .options import MAX_PRINTED_PROBLEMS, id_of
from .reading import read_rows
from .report import UNKNOWN, ReportWriter
from .rows import Row

if TYPE_CHECKING:
    from .run import Run


def dry_run(run: Run) -> int:
    """Check every row (cell types, picklist values, lengths, ids, and the spec's request
    schema) and the header (unknown or repeated columns), all in one pass; send nothing. Exit
    status as a real run's before it sends: 2 when the header makes it refuse the file, else
    1 when some row has a problem."""
    from .._spec import load_spec, request_item_schema, validate  # read only by a dry run

    args, product, err = run.args, run.product, run.err
    spec_path, method = run.command.spec[product]
    spec = load_spec(product)
    schema = request_item_schema(spec, spec_path, method)
    rows = problems = 0
    plan = CallPlan()
    if args.file is None:
        raise UsageError("--dry-run checks a --file")
    if args.report is not None and args.resume is not None:
        if args.report.resolve() == args.resume.resolve():
            raise UsageError("a dry run would overwrite the report you resume from: name another")
    try:
        report = ReportWriter(args.report) if args.report is not None else None
    except OSError as exc:
        raise UsageError(f"cannot write the report {args.report}: {exc}") from None
    for line in run.header_problems or ():
        problems += 1
        print(f"{args.file}, header (line 1): {line}", file=err)
    for row in read_rows(
        args.file,
        field_types=run.field_map,
        known_fields=run.known_fields,
        module=args.module,
        require_id=run.command.require_id,
        no_id=run.command.no_id,
        empty_as_null=args.empty_as_null,
        picklists=picklists_of(run.field_map),
        lengths=lengths_of(run.field_map),
        product=product,
        columns=run.columns,
    ):
        rows += 1
        found = [str(p) for p in row.problems]
        if not row.problems:
            record = run.command.checked_record(dict(row.record), run.constant)
            found.extend(_spec_problems(row, validate(spec, schema, record)))
        for line in found:
            problems += 1
            if problems <= MAX_PRINTED_PROBLEMS * 4:
                print(line, file=err)
        if not found and _would_send(run, row):
            run.command.plan_row(run, row, plan)
        if report is not None:
            if found:
                message = "; ".join(found)
                report.write(
                    row.number, "invalid", "INVALID_INPUT", message, id_of(row), row.digest
                )
            else:
                report.write(row.number, "valid", "", "", id_of(row), row.digest)
    if report is not None:
        report.close()
    verdict = "all rows valid" if not problems else f"{problems:,} problem(s)"
    print(
        f"zoho-records: dry run of {rows:,} row(s) against the {product} spec: {verdict}; "
        "nothing was sent" + (f" (report: {args.report})" if report is not None else ""),
        file=err,
    )
    if run.header_problems:
        # what a real run says before it sends anything, and its exit status
        refused = f"{args.file}: " + "; ".join(run.header_problems)
        print(
            f"zoho-records: error: {refused} (a real run refuses the file: nothing would be sent)",
            file=err,
        )
        return 2
    run.command.finish_plan(run, plan)
    _say_cost(run, plan)
    return 1 if problems else 0


def _say_cost(run: Run, plan: CallPlan) -> None:
    """The calls and credits of the rows to send, what rows of one record cost, and whether
    the credits Zoho says are left fall short."""
    err = run.err
    print(f"zoho-records: {plan.describe()}", file=err)
    repeated = plan.repeated(run.command.repeats_advice(run.args))
    if repeated is not None:
        print(f"zoho-records: {repeated}", file=err)
    left, needed = run.client.stats.credits_left, plan.credits()
    if left is not None and needed > left:
        # the metadata read's answer said how many are left (Zoho does once half are used)
        stop = "a run would stop when they run out"
        print(short_of_credits(left, f"the {needed:,} these rows need", stop), file=err)


def _would_send(run: Run, row: Row) -> bool:
    """Whether a valid row would be sent: not one the report resumed from marks done (nor
    one it marks unknown, unless the command sends those again)."""
    done = run.done_rows.get(row.number)
    if done is None:
        return True
    return done.outcome == UNKNOWN and run.command.resend_unknown(run.args)


def _spec_problems(row: Row, found: list[tuple[tuple[Any, ...], str]]) -> list[str]:
    """The spec validator's findings, each placed at its row and column."""
    out = []
    for path, message in found:
        column = path[0] if path else None
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
        where = row.name + (f", column {column}{rest}" if column is not None else "")
        out.append(f"{where}: {message}")
    return out
