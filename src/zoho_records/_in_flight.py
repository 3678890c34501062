"""Calls of one bulk job that carry the same record id are sent one after the other, in input
order, and no call carries an id twice.

The engines (``_bulk``) send calls side by side, and calls in flight together may reach the
server in any order. Without this, two updates of one record in different calls (a file with
the same id on two rows far apart) could be applied in either order, and the record end with
either row's values; of two deletes of one id, the first could get the "deleted already"
answer. So an engine holds a call back while an earlier call that carries one of its ids is in
flight, and sends it once that call is answered (its retries included): the later row is
applied last, as when the calls are sent one at a time. The calls after the held one wait
behind it (the engines take calls in input order), so a repeated id costs at most one answer's
wait; a job without repeated ids never waits (one set operation a call). Only the ids of calls
in flight are kept (at most twice the concurrency), so memory stays bounded. An upsert's
record is also named by its duplicate-check values (``upsert_keys``: the fields given, else the
module's unique fields from its metadata, else a CRM module's documented system-defined
duplicate check, ``_constants.CRM_SYSTEM_DUPLICATE_CHECK``): two rows for one new contact (one
Email) go one after the other, so the second updates what the first inserted instead of racing
it. Records that name nothing (inserts, upserts whose fields are not known) are not ordered.

Within one request Zoho's documentation does not say in which order it applies two records
with one id, and answers are matched to ids (a delete's, a mass update's): two results for one
id cannot be told apart (seen: of ``delete [X, Y, X]`` both of X's outcomes said "not deleted",
though the first had deleted it). So the chunkers (``chunked_apart``) end a request before a
record whose id is already in it: that record starts the next request, which the engines send
once this one is answered. A file without repeated ids is chunked as before (one set a chunk).
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from ._types import NotGiven

if TYPE_CHECKING:
    from ._bulk import Call

T = TypeVar("T")


class InFlightIds:
    """The record ids of the calls in flight, and each call's share of them. Used from one
    thread (the engine's consumer) or the event loop only."""

    __slots__ = ("ids", "by_call")

    def __init__(self) -> None:
        self.ids: set[str] = set()
        # id(call) -> the ids it holds: a snapshot taken when it was sent (a record that cannot
        # be encoded is taken out of ``call.ids`` while it is in flight, ``_bulk._prepare``)
        self.by_call: dict[int, set[str]] = {}

    def clash(self, call: Call) -> bool:
        """Whether a call in flight carries one of ``call``'s record ids (or keys)."""
        return bool(self.ids) and not self.ids.isdisjoint(_keys(call))

    def hold(self, call: Call) -> None:
        """``call`` is sent: its ids are in flight until ``release(call)``."""
        held = {rid for rid in _keys(call) if rid is not None}  # None: a record without an id
        if held:
            self.ids |= held
            self.by_call[id(call)] = held

    def release(self, call: Call) -> None:
        """``call`` was answered (or will not be sent): its ids are free."""
        held = self.by_call.pop(id(call), None)
        if held:
            self.ids -= held

    async def running(self, call: Call, execute: Awaitable[T]) -> T:
        """``execute`` (``call``'s task, held) awaited; its ids released once it ends."""
        try:
            return await execute
        finally:
            self.release(call)


def _keys(call: Call) -> Sequence[str | None]:
    """What orders ``call`` against the calls in flight: its keys, else its record ids."""
    return call.ids if call.keys is None else call.keys


def chunked_apart(
    items: Iterable[T],
    size: int,
    ids_of: Callable[[list[T]], Sequence[str | None]],
    keys_of: Callable[[list[T]], Sequence[Sequence[str]]] | None = None,
) -> Iterator[tuple[int, list[T], Sequence[str | None], Sequence[Sequence[str]] | None]]:
    """``(start, items, ids, keys)``: lists of at most ``size`` items, the input position of
    each list's first item (no per-item tuple: a list's items sit at ``start``, ``start + 1``
    …) and their record ids (``ids_of(items)``: None for an item without one); a list ends
    before an item whose id is already in it, and that item starts the next. With ``keys_of``
    (each item's keys, its id among them), before an item that shares a key with one before
    it; ``keys`` are then the list's items' keys (else None)."""
    it = iter(items)
    start = 0
    chunk: list[T] = []
    while chunk := chunk + list(itertools.islice(it, size - len(chunk))):
        ids = ids_of(chunk)
        keys = None if keys_of is None else keys_of(chunk)
        cut = first_repeat(ids) if keys is None else first_shared(keys)
        rest = chunk[cut:] if cut is not None else []
        if cut is not None:
            chunk, ids = chunk[:cut], ids[:cut]
            keys = None if keys is None else keys[:cut]
        yield start, chunk, ids, keys
        start += len(chunk)
        chunk = rest


def first_repeat(ids: Sequence[str | None]) -> int | None:
    """The position of the first id that is already before it in ``ids`` (None is no id), or
    None when every id is there once."""
    if len(set(ids)) == len(ids):  # (the usual chunk: every id once, at C speed)
        return None
    seen: set[str | None] = {None}
    for pos, rid in enumerate(ids):
        if rid in seen and rid is not None:
            return pos
        seen.add(rid)
    return None


def first_shared(keys: Sequence[Sequence[str]]) -> int | None:
    """The position of the first item that has a key of an item before it, or None."""
    seen: set[str] = set()
    for pos, own in enumerate(keys):
        if not seen.isdisjoint(own):
            return pos
        seen.update(own)
    return None


def upsert_keys(fields: Sequence[str], record: object) -> tuple[str, ...]:
    """What names the record an upsert of ``record`` writes: its id, and each value of a field
    its duplicate check uses (the record's own ``duplicate_check_fields``, else ``fields``),
    compared as Zoho may (text without case or surrounding spaces: a key that names too much
    only orders two rows that need not be)."""
    if not isinstance(record, Mapping):
        return ()
    keys = []
    rid = record.get("id")
    if isinstance(rid, str | int) and not isinstance(rid, bool) and rid != "":
        keys.append(str(rid))
    own = record.get("duplicate_check_fields")
    for field in own if isinstance(own, list) else fields:
        value = record.get(field) if isinstance(field, str) else None
        if value is None or value == "" or isinstance(value, Mapping | list | bool | NotGiven):
            continue  # (NOT_GIVEN: the field is left out of the body)
        text = value.strip().casefold() if isinstance(value, str) else str(value)
        keys.append(f"{field}\x1f{text}")
    return tuple(keys)
