"""What a command is: its options, its checks, and how it sends rows. The shared core
(``core``, ``run``) calls these hooks and never branches on a command's name."""

from __future__ import annotations

import argparse
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from ... import RecordOutcome
from ..calls import ONE_ROW, fields_key, record_keys
from ..errors import UsageError
from ..metadata import ProductChoice, field_types, report_to_resume

if TYPE_CHECKING:
    from ..calls import CallPlan
    from ..rows import Row
    from ..run import Run

FILE_HELP = ".csv/.tsv with a header row, .jsonl (one object per line) or .json"
Outcomes = Generator[tuple[int, RecordOutcome], None, None]


class Command:
    """A subcommand. Subclasses set the class attributes and override the hooks they need."""

    name: ClassVar[str]
    help: ClassVar[str]
    parent: ClassVar[str] = "run"  # the shared options it takes: "run" or "targets"
    products: ClassVar[tuple[str, ...]] = ("crm", "bigin")  # the first is the default
    wrong_product: ClassVar[str] = ""  # the error when --product names another one
    require_id: ClassVar[bool] = True  # every row needs an "id"
    no_id: ClassVar[str] = ""  # why an "id" column or key is refused ("": it is not)
    # the request each row is checked against by --dry-run: product -> (spec path, method)
    spec: ClassVar[dict[str, tuple[str, str]]] = {}
    # the operation of ``estimate_credits`` a row is sent by (--dry-run's calls and credits)
    credit_operation: ClassVar[str | None] = None
    # why --trigger/--no-trigger do not go with the command ("": they do); they are shared
    # options, and one the request cannot carry must not be taken and dropped in silence
    no_trigger: ClassVar[str] = ""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The command's own options."""

    def main(self, args: argparse.Namespace, err: TextIO) -> int:
        """Run the command (``core.run_rows`` for the commands that send rows)."""
        from ..core import run_rows

        return run_rows(self, args, err)

    def product(self, args: argparse.Namespace) -> str:
        if args.product is not None and args.product not in self.products:
            raise UsageError(self.wrong_product)
        return str(args.product or self.products[0])

    def product_choice(self, args: argparse.Namespace) -> ProductChoice:
        """How the product was chosen (for the hint of a module it does not have)."""
        return ProductChoice(self.name, args.product is None, len(self.products) > 1)

    def check_args(self, args: argparse.Namespace, product: str) -> None:
        """Checks of the command's own options, before the client is opened."""

    def check_report_options(self, args: argparse.Namespace) -> None:
        """Whether --report/--resume go with the other options."""

    def field_maps(self, run: Run) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        """(types of the cells, fields the header may name): the module's field metadata."""
        args = run.args
        types = field_types(
            run.client,
            run.product,
            args.module,
            args.api_version,
            run.err,
            resume=report_to_resume(args),
            choice=self.product_choice(args),
        )
        return types, types

    def check_fields(self, run: Run) -> None:
        """Checks of options that name fields, against the module's field metadata
        (``run.field_map``; None: not read), before anything is sent."""

    def check_constant(self, args: argparse.Namespace, constant: dict[str, Any]) -> None:
        """Checks of the ``--set`` values."""

    def check_rows(
        self, args: argparse.Namespace, count: int, fields: bool, constant: dict[str, Any]
    ) -> None:
        """Checks of the whole input (``count`` rows; ``fields``: some row has a field)."""

    def resend_unknown(self, args: argparse.Namespace) -> bool:
        """Whether a row an earlier run may have written is sent again: yes for a write that
        is safe to repeat."""
        return True

    def names_lines(self, args: argparse.Namespace) -> bool:
        """Whether a row is named by the line of ``--file`` it starts on: yes, unless the
        rows come from somewhere the user did not write as a file."""
        return True

    def checked_record(self, record: dict[str, Any], constant: dict[str, Any]) -> dict[str, Any]:
        """What --dry-run checks against the spec for a row's record."""
        return record

    def plan_row(self, run: Run, row: Row, plan: CallPlan) -> None:
        """Count a row --dry-run found valid under the call it would go out in (a mass
        update: in the group of rows that set the same values)."""
        op = self.credit_operation
        if op == "mass_update":
            key = fields_key(self.checked_record(dict(row.record), run.constant))
            plan.add(op, key, record_keys(row.record), row.number)
        elif op is not None:
            plan.add(op, None, record_keys(row.record), row.number)

    def plan_sent(self, run: Run, row: Row, plan: CallPlan) -> None:
        """Count a row a real run hands to the client (``run.sent.records``) under the call
        it goes out in, as ``plan_row`` does for --dry-run."""
        self.plan_row(run, row, plan)

    def repeats_advice(self, args: argparse.Namespace) -> str:
        """How the note of rows of one record ends (``CallPlan.repeated``): what else befalls
        a record's rows after its first, and what to do."""
        return ONE_ROW

    def priced_by_count(self, args: argparse.Namespace) -> str | None:
        """The operation whose cost per call prices this run's rows by their number alone
        (``estimate_credits``, for the warning before a run); None when the rows' values
        decide (mass updates: one series of calls per group of equal values)."""
        op = self.credit_operation
        return None if op == "mass_update" else op

    def finish_plan(self, run: Run, plan: CallPlan) -> None:
        """After every row was counted (e.g. which groups are too small to go together)."""

    def run(self, run: Run) -> int | None:
        """A run that does not stream rows returns its exit status; None: ``send`` them."""
        return None

    def send(self, run: Run, rows: Iterator[Row]) -> Outcomes:
        """Hand the rows to the client (``run.sent`` numbers them; ``stop=run.stop``); yield
        each outcome with its index in ``run.sent``."""
        raise NotImplementedError


def file_option(parser: argparse.ArgumentParser, help: str, *, required: bool = True) -> None:
    parser.add_argument("--file", type=Path, required=required, help=help)


__all__ = ["FILE_HELP", "Command", "Outcomes", "file_option"]
