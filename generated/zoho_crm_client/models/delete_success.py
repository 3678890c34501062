from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.delete_details import DeleteDetails


T = TypeVar("T", bound="DeleteSuccess")


@_attrs_define
class DeleteSuccess:
    """One record deleted (`code` SUCCESS, message `record deleted`); it moves to the recycle bin.

    Attributes:
        code (str):
        details (DeleteDetails): The deleted record's id.
        message (str):
        status (Literal['success']):
    """

    code: str
    details: DeleteDetails
    message: str
    status: Literal["success"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        details = self.details.to_dict()

        message = self.message

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "details": details,
                "message": message,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delete_details import DeleteDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        details = DeleteDetails.from_dict(d.pop("details"))

        message = d.pop("message")

        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        delete_success = cls(
            code=code,
            details=details,
            message=message,
            status=status,
        )

        delete_success.additional_properties = d
        return delete_success

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
