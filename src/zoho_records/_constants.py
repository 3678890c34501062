"""Every tunable default of the client, in one place.

Retry policy (modelled on openai-python's ``_constants.py``): a failed request is retried at most
``DEFAULT_MAX_RETRIES`` times on 408, 429 and 5xx responses and on connection errors and
timeouts, sleeping ``INITIAL_RETRY_DELAY * 2**attempt`` seconds (capped at ``MAX_RETRY_DELAY``,
minus up to 25 % jitter) between attempts, or what the server asks for in ``Retry-After`` when
that is between 0 and ``MAX_RETRY_AFTER`` seconds. A write that is not safe to repeat (an upsert
whose records lack duplicate-check values) is retried only after failures that prove it was not
processed: see ``_retry`` for that rule, which lives there alone.
"""

from __future__ import annotations

import re

import httpx
import zoho_wire_facts as wire

# --- retries ---------------------------------------------------------------------------------
DEFAULT_MAX_RETRIES = 3
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRY_JITTER = 0.25
RETRY_STATUS_CODES = frozenset({408, 429, 500, 502, 503, 504})

# --- API credits -----------------------------------------------------------------------------
# The request extension that says how many API credits the call costs (``_credits``).
CREDITS_EXTENSION = "zoho_records.credits"
TRIES_EXTENSION = "zoho_records.tries"  # a final 429: (times refused, adaptive)
# The credits left in the rolling 24 hours, in Zoho's answers once half of them are used (v8
# API limits page, https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html).
CREDITS_HEADER = "X-API-CREDITS-REMAINING"

# --- timeouts and connections ----------------------------------------------------------------
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# The most requests in flight (a bound; the adaptive controller, ``_concurrency``, finds the
# org's cap below it): Zoho's highest edition cap (Ultimate, 25; Kaizen #203). The controller
# starts at INITIAL_CONCURRENCY (Standard's cap, the default before adaptation).
DEFAULT_CONCURRENCY = 25
INITIAL_CONCURRENCY = 10
# Zoho CRM's concurrency cap per edition: Free, Standard, Professional, Enterprise, Ultimate.
EDITION_CONCURRENCY = (5, 10, 15, 20, 25)

# --- the spec's patterns for path segments and ids -------------------------------------------
API_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # module and related-list API names
ID_RE = re.compile(r"[0-9]{1,19}")  # record, job and custom view ids (use fullmatch)

# --- API limits (see the Zoho docs for each operation) -----------------------------------------
# stated by the spec, read out of it by python -m codegen (generated/zoho_wire_facts)
RECORDS_PER_REQUEST = wire.RECORDS_PER_REQUEST  # update, upsert, update related records
MASS_UPDATE_IDS_PER_REQUEST = wire.MASS_UPDATE_IDS_PER_REQUEST  # mass update by record ids
DELETE_IDS_PER_REQUEST = 100  # delete records by ids (x-zoho-limits ids_per_call)
RECORDS_PER_PAGE = 200  # get and search records (x-zoho-limits records_per_page)
FIELDS_PER_READ = 50  # get records' fields (x-zoho-limits fields_per_call)
PAGE_REACH = 2000  # page/per_page reach the first 2,000 records (then page tokens; search: the end)
FIELD_NAME_RE = re.compile(r"\$?[A-Za-z][A-Za-z0-9_]*")  # field API names (and $approval_state)
DEFAULT_CRM_VERSION = "v8"
CRM_VERSIONS = wire.CRM_VERSIONS
BIGIN_VERSION = wire.BIGIN_VERSIONS[-1]

# --- mass update job polling -------------------------------------------------------------------
JOB_POLL_INITIAL_DELAY = 0.5
JOB_POLL_MAX_DELAY = 15.0
JOB_POLL_TIMEOUT = 3600.0

# --- OAuth -------------------------------------------------------------------------------------
# An access token is refreshed this many seconds before Zoho says it expires.
TOKEN_EXPIRY_MARGIN = 60.0
TOKEN_PATH = "/oauth/v2/token"
AUTH_SCHEME = "Zoho-oauthtoken"

# The system-defined duplicate-check fields of CRM's modules (Zoho's Upsert Records page and
# Kaizen #56, https://help.zoho.com/portal/en/community/topic/kaizen-56-upsert-records-api;
# openapi/paths/crm/upsert.yaml): what an upsert without duplicate_check_fields checks first.
# Used to order such upserts (``_in_flight``) when the module's metadata cannot be read.
CRM_SYSTEM_DUPLICATE_CHECK: dict[str, tuple[str, ...]] = {
    "Leads": ("Email",),
    "Contacts": ("Email",),
    "Accounts": ("Account_Name",),
    "Deals": ("Deal_Name",),
    "Campaigns": ("Campaign_Name",),
    "Cases": ("Subject",),
    "Solutions": ("Solution_Title",),
    "Products": ("Product_Name",),
    "Vendors": ("Vendor_Name",),
    "Price_Books": ("Price_Book_Name",),
    "Quotes": ("Subject",),
    "Sales_Orders": ("Subject",),
    "Purchase_Orders": ("Subject",),
    "Invoices": ("Subject",),
}
