from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mass_update_criteria import MassUpdateCriteria
    from ..models.mass_update_fields import MassUpdateFields
    from ..models.territory import Territory


T = TypeVar("T", bound="MassUpdateRequest")


@_attrs_define
class MassUpdateRequest:
    """Body of CRM Mass Update. Give **either** `ids` (non-scheduler type: at most 500 records,
    updated at once, one result per id) **or** `cvid` (scheduler type: the records of a custom
    view, optionally narrowed to a `territory`, updated by a background job; at most 50,000
    records; poll the returned `job_id`). `cvid` is mandatory when updating a territory's records.

        Attributes:
            data (list[MassUpdateFields]): Exactly one object holding the fields to update.
            ids (list[int | str] | Unset): The ids of the records to update (non-scheduler type), at most 500.
            cvid (int | str | Unset): The unique id of a Zoho record, as sent in a request. Zoho ids have up to 19 digits,
                beyond
                the 2^53 that JavaScript and JSON numbers in many languages hold exactly, so **send ids as
                digit strings**. JSON integers are also accepted because Zoho's own SDKs send them; a client
                in a language whose numbers are IEEE doubles must never use that form.
            territory (Territory | Unset): The territory whose records (in the custom view `cvid`) are mass updated.
            criteria (list[MassUpdateCriteria] | Unset): Conditions on the records to update. Declared by Zoho's official
                CRM OAS (zoho/crm-oas,
                v8.0/record.json, `Mass_Update_Body_Wrapper`); not on Zoho's Mass Update page, which
                still asks for `ids` or `cvid` (so does this specification). The emulator accepts it and
                does not filter by it.
            over_write (bool | Unset): For multi-select picklists, `true` replaces the values with the given ones; `false`
                (what Zoho does when it is left out) adds them.
    """

    data: list[MassUpdateFields]
    ids: list[int | str] | Unset = UNSET
    cvid: int | str | Unset = UNSET
    territory: Territory | Unset = UNSET
    criteria: list[MassUpdateCriteria] | Unset = UNSET
    over_write: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        ids: list[int | str] | Unset = UNSET
        if not isinstance(self.ids, Unset):
            ids = []
            for ids_item_data in self.ids:
                ids_item: int | str
                ids_item = ids_item_data
                ids.append(ids_item)

        cvid: int | str | Unset
        if isinstance(self.cvid, Unset):
            cvid = UNSET
        else:
            cvid = self.cvid

        territory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.territory, Unset):
            territory = self.territory.to_dict()

        criteria: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.criteria, Unset):
            criteria = []
            for criteria_item_data in self.criteria:
                criteria_item = criteria_item_data.to_dict()
                criteria.append(criteria_item)

        over_write = self.over_write

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if ids is not UNSET:
            field_dict["ids"] = ids
        if cvid is not UNSET:
            field_dict["cvid"] = cvid
        if territory is not UNSET:
            field_dict["territory"] = territory
        if criteria is not UNSET:
            field_dict["criteria"] = criteria
        if over_write is not UNSET:
            field_dict["over_write"] = over_write

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mass_update_criteria import MassUpdateCriteria  # noqa: PLC0415
        from ..models.mass_update_fields import MassUpdateFields  # noqa: PLC0415
        from ..models.territory import Territory  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = MassUpdateFields.from_dict(data_item_data)

            data.append(data_item)

        _ids = d.pop("ids", UNSET)
        ids: list[int | str] | Unset = UNSET
        if _ids is not UNSET:
            ids = []
            for ids_item_data in _ids:

                def _parse_ids_item(data: object) -> int | str:
                    return cast(int | str, data)

                ids_item = _parse_ids_item(ids_item_data)

                ids.append(ids_item)

        def _parse_cvid(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        cvid = _parse_cvid(d.pop("cvid", UNSET))

        _territory = d.pop("territory", UNSET)
        territory: Territory | Unset
        if isinstance(_territory, Unset):
            territory = UNSET
        else:
            territory = Territory.from_dict(_territory)

        _criteria = d.pop("criteria", UNSET)
        criteria: list[MassUpdateCriteria] | Unset = UNSET
        if _criteria is not UNSET:
            criteria = []
            for criteria_item_data in _criteria:
                criteria_item = MassUpdateCriteria.from_dict(criteria_item_data)

                criteria.append(criteria_item)

        over_write = d.pop("over_write", UNSET)

        mass_update_request = cls(
            data=data,
            ids=ids,
            cvid=cvid,
            territory=territory,
            criteria=criteria,
            over_write=over_write,
        )

        mass_update_request.additional_properties = d
        return mass_update_request

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
