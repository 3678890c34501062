"""What a file will cost before it is sent (``--dry-run``): the API calls and the API credits
of the rows that would go out, by Zoho's credit table (``zoho_records.estimate_credits``).

A command counts each row it would send, in the order it would send them, under an operation
of ``estimate_credits`` (an update, an insert, ...), or, for a mass update, under a group of
rows that set the same values (one series of mass updates per group, 500 ids a call). The calls
are cut as the client cuts them: full, or ended before a row that names a record already in
the call, by its id or an upsert's duplicate-check value (``zoho_records._in_flight``), so a
file that names a record twice within a call's reach costs what the run will cost."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .. import CreditEstimate, estimate_credits


def call_size(operation: str) -> int:
    """The records (or ids) one call of ``operation`` carries at most."""
    return 10_000 // estimate_credits(operation, 10_000).calls


def per_call(operation: str) -> str:
    """An operation's cost per call, as Zoho's credit table gives it (``estimate_credits``)."""
    size = call_size(operation)
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


def record_keys(
    record: Mapping[str, Any], match_on: Sequence[str] | None = None
) -> tuple[str, ...]:
    """What names the record a row writes, as the client cuts its requests by it
    (``zoho_records._in_flight.upsert_keys``, tested equal): its id, and for an upsert
    (``match_on``: the fields its duplicate check uses) the values of those fields, text
    without case or surrounding spaces. () for a row that names none (a row to insert)."""
    keys = []
    rid = record.get("id")
    if isinstance(rid, str | int) and not isinstance(rid, bool) and rid != "":
        keys.append(str(rid))
    own = record.get("duplicate_check_fields")
    for field in (own if isinstance(own, list) else match_on) or ():
        value = record.get(field) if isinstance(field, str) else None
        if value is None or value == "" or isinstance(value, Mapping | list | bool):
            continue
        text = value.strip().casefold() if isinstance(value, str) else str(value)
        keys.append(f"{field}\x1f{text}")
    return tuple(keys)


class Calls:
    """The calls one series of rows goes out in, as the client cuts them: a call ends when it
    is full or before a row that names a record already in it (``record_keys``). Only the
    open call's keys are kept."""

    __slots__ = ("size", "fill", "ids", "closed")

    def __init__(self, size: int) -> None:
        self.size = size  # rows (records or ids) a call carries at most
        self.fill = 0
        self.ids: set[str] = set()
        self.closed: Counter[int] = Counter()  # rows in a call -> calls

    def add(self, keys: Sequence[str]) -> None:
        if self.fill == self.size or not self.ids.isdisjoint(keys):
            self.closed[self.fill] += 1
            self.fill, self.ids = 0, set()
        self.fill += 1
        self.ids.update(keys)

    def sizes(self) -> Counter[int]:
        """Rows in a call -> calls, the open call included."""
        return self.closed + Counter({self.fill: 1} if self.fill else {})


class CallPlan:
    """Rows counted by the operation (and group) they would be sent by, in sending order."""

    def __init__(self) -> None:
        self.series: dict[tuple[str, str | None], Calls] = {}  # (operation, group) -> calls

    def add(self, operation: str, group: str | None = None, keys: Sequence[str] = ()) -> None:
        """A row sent by ``operation`` (in ``group``: one call series per group), naming the
        record ``keys`` name (``record_keys``; none: e.g. an insert)."""
        calls = self.series.get((operation, group))
        if calls is None:
            calls = self.series[operation, group] = Calls(call_size(operation))
        calls.add(keys)

    def estimates(self) -> list[tuple[CreditEstimate, int]]:
        """Per operation: its estimate (calls and credits summed over its groups) and the
        number of groups (0: not grouped)."""
        totals: dict[str, list[int]] = {}  # operation -> [rows, calls, credits, groups]
        for (operation, group), calls in self.series.items():
            total = totals.setdefault(operation, [0, 0, 0, 0])
            for size, n in calls.sizes().items():
                one = estimate_credits(operation, size)
                total[0] += size * n
                total[1] += one.calls * n
                total[2] += one.credits * n
            total[3] += group is not None
        return [
            (CreditEstimate(operation, rows, calls, credits), groups)
            for operation, (rows, calls, credits, groups) in totals.items()
        ]

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
