"""Field values: "left out" versus "set to null", and helpers for Zoho's special record keys.

In a Zoho update, a field that is *absent* is left alone, while a field sent as JSON ``null``
is cleared. Python's ``None`` therefore always means JSON ``null`` here, and the ``NOT_GIVEN``
sentinel means "do not send this key at all"::

    client.crm.update_record("Leads", lead_id, {"Phone": None})       # clears Phone
    client.crm.update_record("Leads", lead_id, {"Phone": NOT_GIVEN})  # sends nothing for Phone
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, TypedDict, final

__all__ = [
    "NOT_GIVEN",
    "NotGiven",
    "LinkRemoval",
    "delete_link",
    "append_values",
    "strip_not_given",
]


@final
class NotGiven:
    """The type of ``NOT_GIVEN``: a value meaning "leave this key out of the request"."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class LinkRemoval(TypedDict):
    """An item that unlinks an entry of a multi-select lookup, multi-user lookup or image field."""

    id: str
    _delete: None


def delete_link(link_id: str | int) -> LinkRemoval:
    """The item that removes the link ``link_id`` from a multi-select/multi-user lookup or
    image-upload field: ``{"id": "<link_id>", "_delete": null}``.

    ``link_id`` is the id of the *linking* entry (as returned by Get Records), not of the
    linked record::

        {"id": deal_id, "Listings": [{"Interested_Listings": {"id": "..."}}, delete_link(x)]}
    """
    link = str(link_id)
    if not link.isdigit():
        raise ValueError(f"link id must be a string of digits, got {link_id!r}")
    return {"id": link, "_delete": None}


def append_values(
    record: Mapping[str, Any],
    flags: Mapping[str, bool] | Iterable[str] | None = None,
    /,
    **kw: bool,
) -> dict[str, Any]:
    """Return a copy of ``record`` whose ``$append_values`` says, per multi-select picklist,
    whether the given values are added to the existing ones (``True``) or replace them
    (``False``)::

        append_values({"id": deal_id, "Languages": ["Korean"]}, Languages=True)
        append_values(record, ["Languages", "Regions"])  # a list means "append" for each
    """
    merged: dict[str, bool] = {}
    if flags is not None:
        if isinstance(flags, Mapping):
            merged.update(flags)
        else:
            merged.update(dict.fromkeys(flags, True))
    merged.update(kw)
    for name, value in merged.items():
        if not isinstance(value, bool):
            raise TypeError(f"$append_values[{name!r}] must be True or False, got {value!r}")
    out = dict(record)
    existing = out.get("$append_values")
    out["$append_values"] = {**(existing or {}), **merged}
    return out


def strip_not_given(record: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the keys whose value is ``NOT_GIVEN`` (recursively in nested objects and lists).

    A plain dict holding no ``NOT_GIVEN`` anywhere is returned as is (not copied): this runs
    for every record of a bulk call.
    """
    if type(record) is dict and not _has_not_given(record):
        return record
    return {k: _strip(v) for k, v in record.items() if v is not NOT_GIVEN}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _has_not_given(value: Any) -> bool:
    for v in value.values() if type(value) is dict else value:
        t = type(v)
        if t in _SCALARS:
            continue
        if v is NOT_GIVEN:
            return True
        if t is dict or t is list:
            if _has_not_given(v):
                return True
        elif isinstance(v, Mapping | list):
            return True  # an unusual container: take the general path
    return False


def _strip(value: Any) -> Any:
    """``value`` without NOT_GIVEN keys and list items (``value`` itself when it has none)."""
    if isinstance(value, Mapping):
        return strip_not_given(value)
    if isinstance(value, list):
        return [_strip(v) for v in value if v is not NOT_GIVEN]
    return value
