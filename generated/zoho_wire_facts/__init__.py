"""Wire facts of the Zoho CRM and Bigin record APIs, read from openapi/dist by
``python -m codegen`` (codegen/wire_facts.py). Generated: never edit by hand.
"""

from typing import Final

__all__ = [
    "CRM_VERSIONS",
    "BIGIN_VERSIONS",
    "RECORDS_PER_REQUEST",
    "MASS_UPDATE_IDS_PER_REQUEST",
    "MASS_UPDATE_RECORDS_PER_JOB",
    "MASS_UPDATE_FIELDS_PER_CALL",
    "NON_FIELD_KEYS",
]

CRM_VERSIONS: Final[tuple[str, ...]] = ("v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8")
"""The CRM API versions of ``/crm/{version}/...`` (the ApiVersion enum)."""

BIGIN_VERSIONS: Final[tuple[str, ...]] = ("v2",)
"""The Bigin API versions of ``/bigin/{version}/...`` (its paths)."""

RECORDS_PER_REQUEST: Final[int] = 100
"""Records per update, upsert or related-list update (maxItems)."""

MASS_UPDATE_IDS_PER_REQUEST: Final[int] = 500
"""Record ids per mass update by ids (maxItems of ids)."""

MASS_UPDATE_RECORDS_PER_JOB: Final[int] = 50000
"""Records one scheduled mass update may touch (x-zoho-limits)."""

MASS_UPDATE_FIELDS_PER_CALL: Final[dict[str, int]] = {"Deals": 3, "default": 1}
"""Fields per mass update by module; ``default`` for the rest."""

NON_FIELD_KEYS: Final[frozenset[str]] = frozenset(
    {
        "$append_values",
        "$approved",
        "Tag",
        "apply_feature_execution",
        "duplicate_check_fields",
        "id",
        "trigger",
    }
)
"""Record keys that are not field values (other "$" keys: by prefix)."""
