"""State and rules of the emulated Zoho CRM and Bigin orgs, moto style: no HTTP here.

Operations take typed arguments and return domain results (records, :class:`Written`,
:class:`Related`, :class:`Scheduled`, ``RecordError`` per record); bad input raises
:class:`~zoho_emulator.exceptions.ZohoError` for the whole request. ``responses`` parses
requests into these arguments and renders the results. One module per operation family:

- ``state``: one product's org (schema, users, records, indexes, relations, jobs);
- ``base``: loading, persistence, the request log, scheduled jobs' progress, relations;
- ``rules``: applying input fields to a record and committing it (shared by every write);
- ``records``: get a record, update, upsert, insert;
- ``reading``: get records (paging by page and page token) and search;
- ``deleting``: delete records;
- ``related``: related-list updates and reads;
- ``mass_update``: mass update by ids or custom view, and the job's status;
- ``metadata``: the module the settings endpoints describe;
- ``results``: typed arguments and domain results.
"""

from __future__ import annotations

from .deleting import DeletingOps
from .mass_update import MassUpdateOps
from .metadata import MetadataOps
from .reading import ReadingOps
from .records import RecordOps
from .related import RelatedOps
from .results import (
    Deleted,
    DeleteResult,
    MassUpdateArgs,
    Page,
    PageArgs,
    RecordResult,
    Related,
    Scheduled,
    SearchArgs,
    Territory,
    Written,
)
from .rules import RECORD_OPTION_KEYS
from .state import ProductState

__all__ = [
    "Backend",
    "DeleteResult",
    "Deleted",
    "MassUpdateArgs",
    "Page",
    "PageArgs",
    "ProductState",
    "RECORD_OPTION_KEYS",
    "RecordResult",
    "Related",
    "Scheduled",
    "SearchArgs",
    "Territory",
    "Written",
]


class Backend(RecordOps, ReadingOps, DeletingOps, RelatedOps, MassUpdateOps, MetadataOps):
    """Both products' state plus every operation of the emulated API."""
