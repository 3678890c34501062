"""What a file will cost before it is sent (``--dry-run``): the API calls and the API credits
of the rows that would go out, by Zoho's credit table (``zoho_records.estimate_credits``).

A command counts each row it would send under an operation of ``estimate_credits`` (an
update, an insert, ...), or, for a mass update, under a group of rows that set the same values
(one mass update per group, 500 ids a call). A group smaller than its ``min_rows`` is counted
under its fallback operation instead (``update --group-identical`` sends such rows as plain
updates)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .. import CreditEstimate, estimate_credits


def per_call(operation: str) -> str:
    """An operation's cost per call, as Zoho's credit table gives it (``estimate_credits``)."""
    size = 10_000 // estimate_credits(operation, 10_000).calls  # records or ids per call
    full = estimate_credits(operation, size).credits
    if full == 1:
        text = f"1 credit a call of up to {size} ids or records"
        if operation == "mass_update":
            text += ", as 'all other APIs' (Zoho's table lists no mass update)"
        return text
    return f"1 credit per {size // full} records, up to {size} records a call"


def short_of_credits(left: int, needs: str, stop: str) -> str:
    """The warning when Zoho says ``left`` credits are left and the rows need more (``needs``:
    how many; ``stop``: what happens then)."""
    return (
        f"zoho-records: warning: Zoho says {left:,} API credit(s) are left in its rolling 24 "
        f"hours, fewer than {needs}: {stop} (the rows not sent can be sent later with --resume "
        "REPORT)"
    )


def fields_key(fields: Mapping[str, Any]) -> str:
    """A key equal for equal field values (what rows of one mass update share)."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)


class CallPlan:
    """Rows counted by the operation (and group) they would be sent by."""

    def __init__(self) -> None:
        self.rows: Counter[str] = Counter()  # operation -> rows
        self.groups: Counter[tuple[str, str]] = Counter()  # (operation, group key) -> rows
        self.fallback: dict[str, tuple[int, str]] = {}  # operation -> (min_rows, fallback op)

    def add(self, operation: str, group: str | None = None) -> None:
        """A row sent by ``operation`` (in ``group``: one call series per group)."""
        if group is None:
            self.rows[operation] += 1
        else:
            self.groups[operation, group] += 1

    def groups_below(self, operation: str, min_rows: int, fallback: str) -> None:
        """Groups of ``operation`` with fewer than ``min_rows`` rows go by ``fallback``."""
        self.fallback[operation] = (min_rows, fallback)

    def estimates(self) -> list[tuple[CreditEstimate, int]]:
        """Per operation: its estimate (calls and credits summed over its groups) and the
        number of groups (0: not grouped)."""
        rows = Counter(self.rows)
        per_group: dict[str, list[int]] = {}
        for (operation, _), n in self.groups.items():
            min_rows, fallback = self.fallback.get(operation, (1, operation))
            if n < min_rows:
                rows[fallback] += n
            else:
                per_group.setdefault(operation, []).append(n)
        out = []
        for operation, sizes in per_group.items():
            parts = [estimate_credits(operation, n) for n in sizes]
            total = CreditEstimate(
                operation,
                sum(p.records for p in parts),
                sum(p.calls for p in parts),
                sum(p.credits for p in parts),
            )
            out.append((total, len(sizes)))
        out.extend((estimate_credits(op, n), 0) for op, n in rows.items() if n)
        return out

    def credits(self) -> int:
        """The credits of all the rows to send."""
        return sum(e.credits for e, _ in self.estimates())

    def describe(self) -> str:
        """One sentence: the calls and credits in all, then each operation's share."""
        found = self.estimates()
        calls = sum(e.calls for e, _ in found)
        credits = sum(e.credits for e, _ in found)
        parts = []
        for e, groups in found:
            grouped = f" in {groups:,} group(s) of equal values" if groups else ""
            parts.append(
                f"{e.operation}: {e.records:,} row(s){grouped} in {e.calls:,} call(s) = "
                f"{e.credits:,} credit(s), {per_call(e.operation)}"
            )
        detail = "; ".join(parts) if parts else "no row would be sent"
        rows = sum(e.records for e, _ in found)
        return (
            f"the {rows:,} row(s) to send would take {calls:,} API call(s) and {credits:,} "
            "API credit(s) by "
            f"Zoho's credit table: {detail}; retries and the field metadata read (1 credit) "
            "not counted"
        )
