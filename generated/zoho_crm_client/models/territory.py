from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Territory")


@_attrs_define
class Territory:
    """The territory whose records (in the custom view `cvid`) are mass updated.

    Attributes:
        id (int | str): The unique id of a Zoho record, as sent in a request. Zoho ids have up to 19 digits, beyond
            the 2^53 that JavaScript and JSON numbers in many languages hold exactly, so **send ids as
            digit strings**. JSON integers are also accepted because Zoho's own SDKs send them; a client
            in a language whose numbers are IEEE doubles must never use that form.
        include_child (bool | Unset): Also update the records of the child territories (left out, they are not).
    """

    id: int | str
    include_child: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        include_child = self.include_child

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if include_child is not UNSET:
            field_dict["include_child"] = include_child

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        include_child = d.pop("include_child", UNSET)

        territory = cls(
            id=id,
            include_child=include_child,
        )

        return territory
