"""Compare JSON documents as a client sees them (date-times by instant, numbers by value)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def normalize(value: Any) -> Any:
    """``Z`` and ``+00:00`` are the same instant; ``1`` and ``1.0`` the same number."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, str) and _DATE_TIME.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
