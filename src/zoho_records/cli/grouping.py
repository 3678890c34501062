"""``update --group-identical``: rows that set the same values in fields a mass update may
change go out as mass updates by id (500 ids a call, ``crm.iter_mass_update``) instead of
100-record updates; the others as plain updates. Every row keeps its own outcome.

Which fields a mass update may change (Zoho's Mass Update Records page, in the spec at
openapi/paths/crm/mass_update.yaml): at most 3 fields in Deals and 1 in every other module per
call (``zoho_wire_facts.MASS_UPDATE_FIELDS_PER_CALL``); email, lookup, layout, multi-line
fields and line items cannot be mass updated. The field metadata's ``mass_update`` flag says
it per field; where the metadata has no such flag the types above (and read-only fields) are
left out. A row is grouped only when every field it sets may be, it sets at most that many,
clears none (an empty value: the page does not say a mass update clears a field) and carries
no other key (``$append_values``, ``Tag``, a subform). A group smaller than ``min_rows`` rows
goes with the plain updates, where its rows share 100-record calls, and so does every row of
an id the file has on more than one row: the groups run side by side, but the plain updates
of one id are sent one after the other in file order (``zoho_records._in_flight``), so the
record ends with its last row's values (and outcomes of a mass update are matched by id).

The calls run side by side (``fan_in``): each client stream in a thread of its own, at most
the client's concurrency bound of them at once; the client's limiter keeps the requests of
all of them within the org's limit, and every outcome is reported on the consuming thread.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zoho_wire_facts import MASS_UPDATE_FIELDS_PER_CALL

from .. import RecordOutcome
from .calls import fields_key
from .tally import INTERRUPTED

if TYPE_CHECKING:
    from .commands.base import Outcomes
    from .rows import Row
    from .run import Run

# data types a mass update cannot change (the Mass Update page: "Email, lookup, layout,
# multi-line fields and line items"; and what is not a value of the record itself)
NOT_MASS_UPDATABLE = frozenset(
    {
        "email",
        "lookup",
        "layout",
        "textarea",
        "subform",
        "multiselectlookup",
        "multiuserlookup",
        "ownerlookup",
        "imageupload",
        "fileupload",
        "profileimage",
        "autonumber",
        "formula",
        "rollup_summary",
    }
)


GROUP_HELP = (
    "send rows that set the same values as mass updates by id: 500 ids a call instead of "
    "100 records, 1 credit a call instead of 1 per 10 records; each row is still reported "
    "(and resumed) on its own. Only rows whose fields a mass update may change are grouped: "
    "at most 3 fields in Deals and 1 in other modules, none of them email, lookup, layout, "
    "multi-line or line-item fields (the field metadata's mass_update flag), no value "
    "cleared; groups of fewer than --group-min rows, every row of an id the file has on "
    "more than one row, and the other rows go as plain updates (in file order). What "
    "differs (Zoho's Mass Update Records page, "
    "https://www.zoho.com/crm/developer/docs/api/v8/mass-update-records.html, and the "
    "massUpdateRecords operation of the published CRM spec): a mass update takes no trigger, so Zoho runs its "
    "automation rules (approvals, blueprints, workflows) as it does for mass updates and "
    "--trigger/--no-trigger cannot choose them, nor does If-Unmodified-Since apply; "
    "multi-select picklists are replaced, as an update does (over_write); a token without "
    "the ZohoCRM.mass_update scope gets a warning and its rows go as plain updates. The whole "
    "file is read (its rows held in memory) before the first call. CRM only"
)


def max_fields(module: str) -> int:
    """Fields one mass update may set in ``module`` (3 in Deals, 1 elsewhere)."""
    return MASS_UPDATE_FIELDS_PER_CALL.get(module, MASS_UPDATE_FIELDS_PER_CALL["default"])


def mass_updatable(field_map: Mapping[str, str]) -> frozenset[str]:
    """The fields a mass update may change: the metadata's ``mass_update`` flag where it has
    one, else the field's type (and not read-only)."""
    flags: Mapping[str, bool] = getattr(field_map, "mass_update", {})
    read_only: frozenset[str] = getattr(field_map, "read_only", frozenset())
    return frozenset(
        name
        for name, data_type in field_map.items()
        if flags.get(name, data_type not in NOT_MASS_UPDATABLE and name not in read_only)
    )


@dataclass
class Group:
    """Rows that set the same ``fields``: one mass update (500 ids a call)."""

    fields: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


_GROUPERS: weakref.WeakKeyDictionary[Any, Grouper] = weakref.WeakKeyDictionary()


def grouper_of(run: Run) -> Grouper:
    """The run's ``Grouper`` (made once: the fields it allows come from the metadata)."""
    found = _GROUPERS.get(run)
    if found is None:
        assert run.field_map is not None  # update refuses --group-identical without it
        found = _GROUPERS[run] = Grouper(
            mass_updatable(run.field_map), max_fields(run.args.module), run.args.group_min
        )
    return found


class Grouper:
    """Sorts rows into groups of equal field values and plain updates, and counts why rows
    went plain (``reasons``, after ``split``)."""

    def __init__(self, allowed: frozenset[str], limit: int, min_rows: int) -> None:
        self.allowed = allowed
        self.limit = limit
        self.min_rows = min_rows
        self.groups: dict[str, Group] = {}
        self.plain: list[tuple[int, Row]] = []  # (position, row): plain rows in file order
        self.count = 0
        self.rows_of: dict[Any, int] = {}  # id -> rows of the file that carry it
        self.unfit: Counter[tuple[str, str]] = Counter()  # why_not's reasons of plain rows
        # why the rows that go plain do (by ``split``): (reason, its subject) -> rows
        self.reasons: Counter[tuple[str, str]] = Counter()

    def why_not(self, record: Mapping[str, Any]) -> tuple[str, str]:
        """Why a row cannot go by mass update (``fields_of`` is None): a field a mass update
        cannot change, a cleared one, too many fields, or none; with the field it names."""
        fields = {k: v for k, v in record.items() if k != "id"}
        for k in fields:
            if k not in self.allowed:
                return ("field", k)
        for k, v in fields.items():
            if v is None:
                return ("cleared", k)
        return ("many", "") if fields else ("none", "")

    def fields_of(self, record: Mapping[str, Any]) -> dict[str, Any] | None:
        """What a row's mass update would set, or None when it cannot go by one."""
        fields = {k: v for k, v in record.items() if k != "id"}
        if not 0 < len(fields) <= self.limit:
            return None
        if any(k not in self.allowed or v is None for k, v in fields.items()):
            return None
        return fields

    def key(self, record: Mapping[str, Any]) -> str | None:
        fields = self.fields_of(record)
        return None if fields is None else fields_key(fields)

    def add(self, row: Row) -> None:
        self.count += 1
        fields = self.fields_of(row.record)
        rid = row.record.get("id")
        if isinstance(rid, str | int) and not isinstance(rid, bool):
            self.rows_of[str(rid)] = self.rows_of.get(str(rid), 0) + 1
        if fields is not None and isinstance(rid, str):
            group = self.groups.setdefault(fields_key(fields), Group(fields))
            group.ids.add(rid)  # (an id on two rows leaves the groups in ``split``)
            group.rows.append(row)
            return
        self.unfit[self.why_not(row.record) if fields is None else ("id", "")] += 1
        self.plain.append((self.count, row))

    def split(self) -> tuple[list[Group], list[Row]]:
        """The groups to send by mass update (largest first) and the rows to send plain: a
        group's rows whose id is on another row of the file too go plain (in file order)."""
        plain = list(self.plain)
        self.reasons = Counter(self.unfit)
        for g in self.groups.values():
            again = {rid for rid in g.ids if self.rows_of[rid] > 1}
            if again:
                moved = [r for r in g.rows if r.record["id"] in again]
                plain.extend((r.number, r) for r in moved)
                self.reasons["repeated", ""] += len(moved)
                g.rows = [r for r in g.rows if r.record["id"] not in again]
                g.ids -= again
        big = [g for g in self.groups.values() if len(g.rows) >= self.min_rows]
        small = [g for g in self.groups.values() if 0 < len(g.rows) < self.min_rows]
        for g in small:
            plain.extend((r.number, r) for r in g.rows)
            self.reasons["small", str(len(small))] += len(g.rows)
        plain.sort(key=lambda item: item[1].number)
        big.sort(key=lambda g: -len(g.rows))
        return big, [r for _, r in plain]


def why_not_grouped(
    grouper: Grouper, module: str, field_map: Mapping[str, str], most: int = 8
) -> list[str]:
    """One line per reason rows of ``split`` go as plain updates, with its row count, most
    rows first (at most ``most`` lines, then how many reasons more)."""
    texts: list[tuple[int, str]] = []
    for (reason, subject), n in grouper.reasons.items():
        if reason == "field":
            kind = field_map.get(subject)
            what = f"{subject} ({kind})" if kind else subject
            why = f"they set {what}, which a mass update cannot change"
        elif reason == "cleared":
            why = f"they clear {subject} (a mass update is not known to clear a field)"
        elif reason == "many":
            why = (
                f"they set more than {grouper.limit} field(s), the most a mass update of "
                f"{module} sets"
            )
        elif reason == "repeated":
            why = "their id is on another row of the file too (sent one after the other)"
        elif reason == "small":
            why = (
                f"their {int(subject):,} group(s) of equal values have fewer rows than "
                f"--group-min {grouper.min_rows}"
            )
        else:
            why = "they set no field" if reason == "none" else "they have no record id"
        texts.append((n, f"{n:,} row(s) not grouped: {why}"))
    texts.sort(key=lambda t: (-t[0], t[1]))
    lines = [text for _, text in texts[:most]]
    if len(texts) > most:
        rest = sum(n for n, _ in texts[most:])
        lines.append(f"{rest:,} more row(s) not grouped for {len(texts) - most} other reason(s)")
    return lines


Opener = Callable[[Iterator["Row"]], Iterator[RecordOutcome]]


@dataclass
class Source:
    """Rows and how to send them: ``open`` takes the rows (as the client takes them) and
    returns the client's stream of outcomes, ``outcome.index`` the row's position."""

    rows: list[Row]
    open: Opener
    # how to send the rows again when the token may not use ``open``'s API (a mass update
    # without the mass_update scope): plain updates
    fallback: Opener | None = None
    taken: int = 0  # rows the client took so far
    reported: bytearray = field(default_factory=bytearray)
    held: list[Row] = field(default_factory=list)  # refused for the scope: sent by fallback

    def feed(self) -> Iterator[Row]:
        for row in self.rows:
            self.taken += 1
            yield row


_DONE = object()
# the code of a call refused because the token lacks its scope (nothing was written)
SCOPE_REFUSED = "OAUTH_SCOPE_MISMATCH"


def _produce(source: Source, out: queue.SimpleQueue[Any]) -> None:
    try:
        for outcome in source.open(source.feed()):
            out.put((source, outcome))
    except BaseException as exc:  # handed to the consumer, which raises it
        out.put((source, exc))
    else:
        out.put((source, _DONE))


def fan_in(run: Run, sources: list[Source], parallel: int) -> Outcomes:
    """Run the sources, at most ``parallel`` at once, and yield each outcome with its row's
    index in ``run.sent``. Rows never sent (Ctrl-C) are reported ``INTERRUPTED``; after a
    second Ctrl-C, rows in flight are left to ``run.abandon``."""
    results: queue.SimpleQueue[Any] = queue.SimpleQueue()
    waiting = [s for s in sources if s.rows]
    waiting.reverse()
    running: list[Source] = []
    warned = False  # about the mass_update scope (once)
    try:
        while waiting or running:
            while waiting and len(running) < parallel and not run.stop():
                source = waiting.pop()
                source.reported = bytearray(len(source.rows))
                running.append(source)
                threading.Thread(
                    target=_produce, args=(source, results), name="zoho-records-group", daemon=True
                ).start()
            if not running:
                break
            if results.empty():
                run.idle()  # the report reaches the disk while the sources wait for answers
            source, item = results.get()
            if item is _DONE:
                running.remove(source)
                _not_sent(run, source.rows[source.taken :])
                if source.held and source.fallback is not None:
                    waiting.append(_fall_back(run, source, warn=not warned))
                    warned = True
            elif isinstance(item, BaseException):
                raise item
            else:
                source.reported[item.index] = 1
                row = source.rows[item.index]
                if source.fallback is not None and item.code == SCOPE_REFUSED:
                    source.held.append(row)
                    continue
                yield run.sent.add([row]), item
        for source in reversed(waiting):
            _not_sent(run, source.rows)
    except KeyboardInterrupt:  # a second Ctrl-C: the rows in flight are abandoned
        for source in [*running, *waiting]:
            _not_sent(run, source.held)  # refused: nothing was written
        for source in running:
            taken = source.taken
            run.sent.add([r for i, r in enumerate(source.rows[:taken]) if not source.reported[i]])
            _not_sent(run, source.rows[taken:])
        for source in waiting:
            _not_sent(run, source.rows)
        raise


def _fall_back(run: Run, source: Source, *, warn: bool) -> Source:
    """The rows a mass update was refused for the token's scope, as plain updates."""
    assert source.fallback is not None
    if warn:
        run.tally.line(
            f"zoho-records: warning: this token may not mass update ({SCOPE_REFUSED}; "
            "--group-identical needs the scope ZohoCRM.mass_update.UPDATE): sending the rows "
            "of its mass updates as plain updates"
        )
    return Source(source.held, source.fallback)


def _not_sent(run: Run, rows: Iterable[Row]) -> None:
    for row in rows:
        run.reject(row, INTERRUPTED, "not sent: the run was interrupted")
