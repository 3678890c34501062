"""``zoho-records``: bulk updates from CSV or JSONL files, with progress, a report and resume.

    zoho-records update --module Deals --file deals.csv [--product crm|bigin]
    zoho-records upsert --module Pipelines --file pipelines.jsonl --duplicate-check-fields Deal_Name
    zoho-records mass-update --module Deals --file ids.csv --set Stage="Closed Won"
    zoho-records mass-update --module Accounts --cvid 554023000000091515 --set Industry=Education
    zoho-records update-related --module Pipelines --record-id 2034020000000644063 \\
        --related-list Products --file products.csv
    zoho-records fields --module Deals [--product bigin]   # API names, types, picklist values

Target: ``--dc`` (us, eu, in, cn, jp, au, ca, sa) with ``--environment`` (production, sandbox,
developer) or ``--base-url`` (or ZOHO_DC / ZOHO_BASE_URL).
Credentials come from the environment: ZOHO_ACCESS_TOKEN, or ZOHO_REFRESH_TOKEN +
ZOHO_CLIENT_ID + ZOHO_CLIENT_SECRET. With no target at all, the command runs against an
embedded Zoho emulator on 127.0.0.1 (and says so), so you can try it safely.

Exit status: 0 every row succeeded, 1 some rows failed (see the report), 2 the command or its
input could not be used, 3 some rows may or may not have been written (outcome ``unknown`` in
the report: check them before sending them again), 130 interrupted (rerun with
``--resume REPORT``).
"""

from .core import main
from .errors import UsageError
from .options import build_parser, check_names, check_paths, parse_set
from .target import open_client

__all__ = [
    "UsageError",
    "build_parser",
    "check_names",
    "check_paths",
    "main",
    "open_client",
    "parse_set",
]
