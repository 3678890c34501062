"""What a file will cost before it is sent (``--dry-run``): the API calls and the API credits
of the rows that would go out, by Zoho's credit table (``zoho_records.estimate_credits``).

A command counts each row it would send, in the order it would send them, under an operation
of ``estimate_credits`` (an update, an insert, ...), or, for a mass update, under a group of
rows that set the same values (one series of mass updates per group, 500 ids a call). The calls
are cut as the client cuts them: full, or ended before a row that names a record already in
the call, by its id or an upsert's duplicate-check value (``zoho_records._in_flight``), so a
file that names a record twice within a call's reach costs what the run will cost; and what
that costs is said (``CallPlan.repeated``: the rows a call ends before, the records they name,
the calls and credits more), by the dry run and by the real run's summary, which counts the
rows it hands to the client the same way (``Run.calls``).

Rows of one record are not merged into one update, though two updates of a record in a row
could often be one: Zoho runs automation (workflows, approvals, blueprints, validation rules)
on each update and a later row may be written for what it did; each row keeps its own outcome
and report line (merged, one bad value fails both rows); and with If-Unmodified-Since the
second of two updates is refused as the first changed the record."""

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


# what the note of rows of one record (``CallPlan.repeated``) ends with, unless the command
# says otherwise (``Command.repeats_advice``)
ONE_ROW = "; to send a record in one call, write its changes on one row"


def key_name(key: str) -> str:
    """A key of ``record_keys`` for the user: ``id 123``, or ``Email 'a@b.c'``."""
    field, sep, value = key.partition("\x1f")
    return f"{field} {value!r}" if sep else f"id {key}"


class Repeats:
    """Rows of one record within a call's reach (``Calls``): a call ends before a row that
    names a record a row before it in the call names too, so the rows of one record go one
    call each, one after the other. Counts those rows (``cuts``) and keeps, for the first
    ``KEPT`` records such a row names, the rows that name them from the first of them in
    that call on (how many, and the first ``ROWS_SHOWN``): memory grows with the repeats
    only, never with the file."""

    KEPT = 100_000
    ROWS_SHOWN = 5

    __slots__ = ("named", "cuts", "unnamed")

    def __init__(self) -> None:
        self.named: dict[str, list[int]] = {}  # key -> [rows naming it, its first rows...]
        self.cuts = 0  # rows a call ended before
        self.unnamed = 0  # rows naming records beyond the ``KEPT`` kept by name

    def row(self, keys: Sequence[str], number: int, clash: Mapping[str, int]) -> None:
        """A row (data row ``number``) naming ``keys``; ``clash``: those of its keys a row
        of the call it would join names too -> that row."""
        if clash:
            self.cuts += 1
        for key in keys:
            entry = self.named.get(key)
            if entry is None and key in clash:
                if len(self.named) >= self.KEPT:
                    self.unnamed += 1
                    continue
                entry = self.named[key] = [1, clash[key]]
            if entry is not None:
                entry[0] += 1
                if len(entry) <= self.ROWS_SHOWN:
                    entry.append(number)

    def most(self, top: int = 3) -> list[tuple[str, list[int]]]:
        """The records named on the most rows (then the first named), at most ``top``."""
        order = sorted(self.named.items(), key=lambda item: -item[1][0])
        return order[:top]


class Calls:
    """The calls one series of rows goes out in, as the client cuts them: a call ends when it
    is full or before a row that names a record already in it (``record_keys``). Only the
    open call's keys are kept (and, in ``repeats``, the records named again)."""

    __slots__ = ("size", "fill", "ids", "closed", "rows", "repeats")

    def __init__(self, size: int, repeats: Repeats | None = None) -> None:
        self.size = size  # rows (records or ids) a call carries at most
        self.fill = 0
        self.ids: dict[str, int] = {}  # the open call's keys -> the row that names it
        self.closed: Counter[int] = Counter()  # rows in a call -> calls
        self.rows = 0  # rows in all
        self.repeats = repeats if repeats is not None else Repeats()

    def add(self, keys: Sequence[str], number: int = 0) -> None:
        """A row (data row ``number``) naming the record ``keys`` name."""
        full = self.fill == self.size
        # (a row after a full call ends none: its record may be in the call before)
        clash = {k: self.ids[k] for k in keys if k in self.ids} if self.ids and not full else {}
        if full or clash:
            self.closed[self.fill] += 1
            self.fill, self.ids = 0, {}
        self.fill += 1
        self.rows += 1
        for key in keys:
            self.ids.setdefault(key, number)
        if keys:
            self.repeats.row(keys, number, clash)

    def sizes(self) -> Counter[int]:
        """Rows in a call -> calls, the open call included."""
        return self.closed + Counter({self.fill: 1} if self.fill else {})


class CallPlan:
    """Rows counted by the operation (and group) they would be sent by, in sending order."""

    def __init__(self) -> None:
        self.series: dict[tuple[str, str | None], Calls] = {}  # (operation, group) -> calls
        self.repeats = Repeats()

    def add(
        self, operation: str, group: str | None = None, keys: Sequence[str] = (), number: int = 0
    ) -> None:
        """A row (data row ``number``) sent by ``operation`` (in ``group``: one call series
        per group), naming the record ``keys`` name (``record_keys``; none: e.g. an insert)."""
        calls = self.series.get((operation, group))
        if calls is None:
            calls = self.series[operation, group] = Calls(call_size(operation), self.repeats)
        calls.add(keys, number)

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

    def repeated(self, advice: str = ONE_ROW) -> str | None:
        """What rows of one record cost (``Repeats``): they go one call each, one after the
        other (then ``advice``: what else befalls them, what to do); None when no call ends
        early for it."""
        repeats = self.repeats
        more_calls = more_credits = 0
        for (operation, _), calls in self.series.items():
            apart = estimate_credits(operation, calls.rows)  # the rows, every record once
            for size, n in calls.sizes().items():
                one = estimate_credits(operation, size)
                more_calls += one.calls * n
                more_credits += one.credits * n
            more_calls -= apart.calls
            more_credits -= apart.credits
        if not repeats.cuts or more_calls <= 0 and more_credits <= 0:
            return None
        records = len(repeats.named) + repeats.unnamed
        shown = []
        for key, (count, *rows) in repeats.most():
            listed = ", ".join(f"{n:,}" for n in sorted(rows)) + (
                ", ..." if count > len(rows) else ""
            )
            shown.append(f"{key_name(key)} on {count:,} rows: {listed}")
        if records > len(shown):
            shown.append("...")
        if repeats.unnamed:  # (how many records beyond those kept is not known)
            shown[0] = f"more than {len(repeats.named):,} records; e.g. {shown[0]}"
        elif records > 1:
            shown[0] = f"{records:,} records; most rows: {shown[0]}"
        return (
            f"{repeats.cuts:,} row(s) name a record a row before them in the same call names "
            "too, so a call ends before each: the rows of one record go in file order, one "
            "call per row of the record, one after the other, which takes "
            f"{more_calls:,} API call(s) and {more_credits:,} API credit(s) more than rows of "
            f"distinct records would ({'; '.join(shown)}){advice}"
        )

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
