"""API credits: what each call costs, and what a job of N records will cost.

Zoho deducts credits per call from a rolling 24-hour allowance (API limits,
https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html): "Each API call made will
result in a reduction of 1 credit. However, for some APIs, credit reduction would be
different." The table used here (notes: issue 14, section 2):

- insert / update / upsert (and related-list updates): 1 credit for every 10 records, rounded
  up, so 1 to 10 for the 1 to 100 records of a call (Zoho's credit table as published for
  its CRM platform, https://www.zoho.com/developer/docs/vertical-solutions/api/v2/
  api-limits.html, and for Bigin, https://www.zoho.com/bigin/developer/docs/apis/
  api-limits.html: "Insert/Update/Upsert 1 credit for every 10 records");
- Convert Lead: 5 (the v8 page's own example);
- get records with ``cvid``: 3; get IDs of deleted records: 2 (same tables);
- every other call (get, search, delete, mass update, field metadata): 1 ("All other APIs").

The per-call cost is what Zoho documents, not what a given org is billed. Whether Zoho deducts
for a call it refuses is not documented; here, as in the emulator (``zoho_emulator.limits``),
an answered call counts unless refused before Zoho knew whose it was or what it asked: a 401
for the token itself (not a scope mismatch, which an authenticated call gets), 404 (no such
URL) or 429 (the limits themselves); a 5xx is not counted either (the client cannot tell).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import _constants as C

# answers that cost no credit (see the module docstring)
UNCHARGED_STATUSES = frozenset({404, 429})


def is_charged(status: int, content: bytes) -> bool:
    """Whether an answer of ``status`` (2xx-4xx) with body ``content`` cost its credits."""
    if status in UNCHARGED_STATUSES:
        return False
    if status == 401:  # authenticated, only its scope refused: counted, as the emulator does
        return b'"OAUTH_SCOPE_MISMATCH"' in content
    return True


def credits_left(headers: Mapping[str, str]) -> int | None:
    """``X-API-CREDITS-REMAINING`` of an answer (None: absent or not a whole number)."""
    value = headers.get(C.CREDITS_HEADER)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def credits_spent(status: int, left: int | None, cost: int) -> bool:
    """Whether an answer of ``status`` whose ``X-API-CREDITS-REMAINING`` is ``left``
    (``credits_left``) says the day's credits are spent for a call costing ``cost``. Zoho's
    429 does not say which limit it is (concurrency or credits); that header (sent once half
    the credits are used) does when it is below the call's cost: then no retry can succeed
    until the calls of 24 hours ago age out of the rolling window."""
    return status == 429 and left is not None and left < cost


__all__ = ["CreditEstimate", "estimate_credits", "credits_of_call"]

RECORDS_PER_CREDIT = 10
# operation -> (records per call, credits per call for n records)
_PER_CALL = {
    "insert": C.RECORDS_PER_REQUEST,
    "update": C.RECORDS_PER_REQUEST,
    "upsert": C.RECORDS_PER_REQUEST,
    "update_related": C.RECORDS_PER_REQUEST,
    "delete": C.RECORDS_PER_REQUEST,
    "mass_update": C.MASS_UPDATE_IDS_PER_REQUEST,
}
_WRITES = frozenset({"insert", "update", "upsert", "update_related"})
OPERATIONS = tuple(_PER_CALL)


def write_credits(records: int) -> int:
    """Credits of one insert/update/upsert call carrying ``records`` records."""
    return max(1, math.ceil(records / RECORDS_PER_CREDIT))


@dataclass(frozen=True, slots=True)
class CreditEstimate:
    """What a job costs: ``calls`` API calls and ``credits`` credits (no retries counted)."""

    operation: str
    records: int
    calls: int
    credits: int


def estimate_credits(operation: str, records: int) -> CreditEstimate:
    """Calls and credits for ``records`` records of ``operation`` (one of ``OPERATIONS``:
    insert, update, upsert, update_related, delete, mass_update), sent as the client sends
    them (100 records per call; 500 ids per mass update). By count alone: a call the client
    ends early, before a record whose id it already carries, is not in it (the command line's
    ``--dry-run`` counts those too)."""
    if not isinstance(operation, str):
        raise TypeError(
            f"operation must be a string, one of {', '.join(OPERATIONS)}; not {operation!r}"
        )
    if operation not in _PER_CALL:
        raise ValueError(
            f"unknown operation {operation!r}: expected one of {', '.join(OPERATIONS)}"
        )
    if isinstance(records, bool) or not isinstance(records, int):
        raise TypeError(f"records must be a whole number (a count), not {records!r}")
    if records < 0:
        raise ValueError(f"records must be a whole number of 0 or more, not {records!r}")
    size = _PER_CALL[operation]
    full, rest = divmod(records, size)
    calls = full + (1 if rest else 0)
    if operation in _WRITES:
        credits = full * write_credits(size) + (write_credits(rest) if rest else 0)
    else:
        credits = calls
    return CreditEstimate(operation, records, calls, credits)


_CONVERT = re.compile(r"/Leads/[0-9]+/actions/convert$")
_DELETED = re.compile(r"/[A-Za-z][A-Za-z0-9_]*/deleted$")
_MASS = re.compile(r"/actions/mass_update$")


def credits_of_call(method: str, path: str, params: Any, body: Any, content: bytes | None) -> int:
    """The credits one call costs (the table above). ``body`` is the request's JSON object
    when known (else ``content`` is read for its ``data`` list)."""
    method = method.upper()
    if _CONVERT.search(path):
        return 5
    if method == "GET":
        if _DELETED.search(path):
            return 2
        if isinstance(params, Mapping) and params.get("cvid") not in (None, ""):
            return 3
        return 1
    if method in ("POST", "PUT") and not _MASS.search(path) and "/actions/" not in path:
        if body is None and content:
            try:
                body = json.loads(content)
            except ValueError:
                return 1
        data = body.get("data") if isinstance(body, dict) else None
        if isinstance(data, list):
            return write_credits(len(data))
    return 1
