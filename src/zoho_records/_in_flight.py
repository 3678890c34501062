"""Calls of one bulk job that carry the same record id are sent one after the other, in input
order.

The engines (``_bulk``) send calls side by side, and calls in flight together may reach the
server in any order. Without this, two updates of one record in different calls (a file with
the same id on two rows far apart) could be applied in either order, and the record end with
either row's values; of two deletes of one id, the first could get the "deleted already"
answer. So an engine holds a call back while an earlier call that carries one of its ids is in
flight, and sends it once that call is answered (its retries included): the later row is
applied last, as when the calls are sent one at a time. The calls after the held one wait
behind it (the engines take calls in input order), so a repeated id costs at most one answer's
wait; a job without repeated ids never waits (one set operation a call). Only the ids of calls
in flight are kept (at most twice the concurrency), so memory stays bounded. Records without
an id (inserts, upserts matched on other fields) are not ordered: they name no record.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

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
        """Whether a call in flight carries one of ``call``'s record ids."""
        return bool(self.ids) and not self.ids.isdisjoint(call.ids)

    def hold(self, call: Call) -> None:
        """``call`` is sent: its ids are in flight until ``release(call)``."""
        held = {rid for rid in call.ids if rid is not None}  # None: a record without an id
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
