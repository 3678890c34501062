"""What the backend takes and returns besides records: typed arguments and domain results.

A write returns one item per input record, in order: a :class:`Written` or :class:`Related`
for a success, a :class:`~zoho_emulator.exceptions.RecordError` for a failure. A mass update by
custom view returns one :class:`Scheduled`. ``responses`` renders them (and their HTTP status).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..exceptions import RecordError


@dataclass(slots=True)
class Written:
    """A record the write stored: ``action`` says how (``update`` or ``insert``)."""

    record: dict[str, Any]
    action: Literal["update", "insert"]
    duplicate_field: str | None = None  # upsert: the field whose value found the record


@dataclass(slots=True)
class Related:
    """A relation the related-list update stored (``id``: the related record)."""

    id: str


@dataclass(slots=True)
class Scheduled:
    """A mass update by custom view, scheduled as a job."""

    job_id: str


RecordResult = Written | Related | RecordError


@dataclass(frozen=True, slots=True)
class Territory:
    """The mass update's territory: its id (as sent) and whether child territories count."""

    id: Any
    include_child: bool = False


@dataclass(frozen=True, slots=True)
class MassUpdateArgs:
    """A mass update, parsed: the fields to set and which records (``ids`` or ``cvid``)."""

    fields: dict[str, Any]
    over_write: bool = False
    ids: list[Any] | None = None
    cvid: Any = None
    territory_given: bool = False  # a territory was sent (it needs a cvid)
    territory: Territory | None = None  # parsed only for a mass update by custom view
