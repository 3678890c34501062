from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpsertSkipFeature")


@_attrs_define
class UpsertSkipFeature:
    """A feature whose execution an upsert skips, for the records it inserts or for those it
    updates. The only supported `name` is `cadences`; `action` is `insert` or `update` (Zoho CRM
    Upsert Records, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html).

        Attributes:
            name (str):
            action (str | Unset): Skip the feature for inserted (`insert`) or updated (`update`) records.
    """

    name: str
    action: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        action = self.action

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        action = d.pop("action", UNSET)

        upsert_skip_feature = cls(
            name=name,
            action=action,
        )

        return upsert_skip_feature
