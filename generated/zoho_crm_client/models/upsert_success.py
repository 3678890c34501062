from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upsert_success_action import UpsertSuccessAction, check_upsert_success_action
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.success_details import SuccessDetails


T = TypeVar("T", bound="UpsertSuccess")


@_attrs_define
class UpsertSuccess:
    """One record upserted, with whether it was inserted or updated and which duplicate-check field matched.

    Attributes:
        code (str):
        action (UpsertSuccessAction):
        details (SuccessDetails): The written record's id and audit fields.
        message (str):
        status (Literal['success']):
        duplicate_field (None | str | Unset): The field whose value matched an existing record (null for an insert).
    """

    code: str
    action: UpsertSuccessAction
    details: SuccessDetails
    message: str
    status: Literal["success"]
    duplicate_field: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        action: str = self.action

        details = self.details.to_dict()

        message = self.message

        status = self.status

        duplicate_field: None | str | Unset
        if isinstance(self.duplicate_field, Unset):
            duplicate_field = UNSET
        else:
            duplicate_field = self.duplicate_field

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "action": action,
                "details": details,
                "message": message,
                "status": status,
            }
        )
        if duplicate_field is not UNSET:
            field_dict["duplicate_field"] = duplicate_field

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.success_details import SuccessDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        action = check_upsert_success_action(d.pop("action"))

        details = SuccessDetails.from_dict(d.pop("details"))

        message = d.pop("message")

        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        def _parse_duplicate_field(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duplicate_field = _parse_duplicate_field(d.pop("duplicate_field", UNSET))

        upsert_success = cls(
            code=code,
            action=action,
            details=details,
            message=message,
            status=status,
            duplicate_field=duplicate_field,
        )

        upsert_success.additional_properties = d
        return upsert_success

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
