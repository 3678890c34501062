"""State and rules of the emulated Zoho CRM and Bigin orgs, moto style: no HTTP here.

Operations take typed arguments and return domain results (records, :class:`Written`,
:class:`Related`, :class:`Scheduled`, ``RecordError`` per record); bad input raises
:class:`~zoho_emulator.exceptions.ZohoError` for the whole request. ``responses`` parses
requests into these arguments and renders the results. One module per operation family:

- ``state``: one product's org (schema, users, records, indexes, relations, jobs);
- ``base``: loading, persistence, the request log, scheduled jobs' progress, relations;
- ``rules``: applying input fields to a record and committing it (shared by every write);
- ``records``: get, list, update, upsert, insert;
- ``related``: related-list updates and reads;
- ``mass_update``: mass update by ids or custom view, and the job's status;
- ``metadata``: the module the settings endpoints describe;
- ``results``: typed arguments and domain results.
"""

from __future__ import annotations

from .mass_update import MassUpdateOps
from .metadata import MetadataOps
from .records import RecordOps
from .related import RelatedOps
from .results import MassUpdateArgs, RecordResult, Related, Scheduled, Territory, Written
from .rules import RECORD_OPTION_KEYS
from .state import ProductState

__all__ = [
    "Backend",
    "MassUpdateArgs",
    "ProductState",
    "RECORD_OPTION_KEYS",
    "RecordResult",
    "Related",
    "Scheduled",
    "Territory",
    "Written",
]


class Backend(RecordOps, RelatedOps, MassUpdateOps, MetadataOps):
    """Both products' state plus every operation of the emulated API."""
