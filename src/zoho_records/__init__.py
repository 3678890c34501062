"""zoho_records: a fast, safe client for the Zoho CRM and Bigin record-write APIs.

::

    from zoho_records import ZohoClient

    with ZohoClient(dc="eu", refresh_token=..., client_id=..., client_secret=...) as client:
        result = client.crm.update_records("Deals", [{"id": "...", "Stage": "Closed Won"}, ...])
        for outcome in result.failed:
            print(outcome.index, outcome.code, outcome.message)
"""

from ._auth import MemoryTokenStore, OAuthCredentials, Token, TokenStore
from ._client import AsyncZohoClient, ZohoClient
from ._concurrency import ClientStats
from ._config import DATA_CENTERS, DataCenter, Endpoints
from ._constants import CRM_SYSTEM_DUPLICATE_CHECK
from ._credits import CreditEstimate, estimate_credits
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CreditsExhaustedError,
    InternalServerError,
    JobTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    RequestTooLargeError,
    SearchLimitError,
    TokenRefreshError,
    ZohoError,
)
from ._idle import while_waiting
from ._outcomes import (
    BulkResult,
    MassUpdateJob,
    RecordError,
    RecordOutcome,
    RecordsPage,
    RecordSuccess,
    outcomes_before,
)
from ._retry import RetryPolicy
from ._spec import bundled_spec_path
from ._types import NOT_GIVEN, LinkRemoval, NotGiven, append_values, delete_link
from ._version import __version__

__all__ = [
    # clients
    "ZohoClient",
    "AsyncZohoClient",
    "DATA_CENTERS",
    "CRM_SYSTEM_DUPLICATE_CHECK",
    "DataCenter",
    "Endpoints",
    "RetryPolicy",
    "ClientStats",
    "CreditEstimate",
    "estimate_credits",
    "outcomes_before",
    "while_waiting",
    # auth
    "Token",
    "TokenStore",
    "MemoryTokenStore",
    "OAuthCredentials",
    # values
    "NOT_GIVEN",
    "NotGiven",
    "LinkRemoval",
    "delete_link",
    "append_values",
    # outcomes
    "RecordSuccess",
    "RecordError",
    "RecordOutcome",
    "BulkResult",
    "MassUpdateJob",
    "RecordsPage",
    # exceptions
    "ZohoError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "PreconditionFailedError",
    "RequestTooLargeError",
    "RateLimitError",
    "CreditsExhaustedError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "TokenRefreshError",
    "JobTimeoutError",
    "SearchLimitError",
    # the spec the client is built from (the published bundle it carries)
    "bundled_spec_path",
    "__version__",
]
