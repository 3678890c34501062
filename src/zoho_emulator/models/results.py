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


@dataclass(slots=True)
class Deleted:
    """A record the delete removed (``id``: the deleted record)."""

    id: str


DeleteResult = Deleted | RecordError


@dataclass(frozen=True, slots=True)
class PageArgs:
    """Get Records, parsed: which fields, which page (``page`` or ``page_token``), which order
    and which records (``cvid``, ``ids``, ``approved``, ``converted``)."""

    fields: tuple[str, ...]
    per_page: int = 200
    page: int | None = None
    page_token: str | None = None
    sort_by: str | None = None
    sort_order: str | None = None
    cvid: str | None = None
    ids: tuple[str, ...] | None = None
    approved: str | None = None
    converted: str | None = None
    modified_since: Any = None  # If-Modified-Since, a datetime


@dataclass(frozen=True, slots=True)
class SearchArgs:
    """Search Records, parsed: one of ``criteria``/``email``/``phone``/``word`` (the first
    given, in that order, is used), the page, and the fields to answer with."""

    criteria: str | None = None
    email: str | None = None
    phone: str | None = None
    word: str | None = None
    page: int = 1
    per_page: int = 200
    fields: tuple[str, ...] | None = None


@dataclass(slots=True)
class Page:
    """One page of records and what ``info`` says of the paging."""

    records: list[dict[str, Any]]
    per_page: int
    more_records: bool
    page: int
    sort_by: str | None = None
    sort_order: str | None = None
    next_page_token: str | None = None
    previous_page_token: str | None = None
    page_token_expiry: str | None = None
    not_modified: bool = False
