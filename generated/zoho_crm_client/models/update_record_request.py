from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.record_patch import RecordPatch
    from ..models.skip_feature import SkipFeature


T = TypeVar("T", bound="UpdateRecordRequest")


@_attrs_define
class UpdateRecordRequest:
    """Body of CRM Update a Record (`PUT /crm/{version}/{module_api_name}/{record_id}`).

    Attributes:
        data (list[RecordPatch]): Exactly one record; its `id`, if any, must be the path's `record_id`.
        trigger (list[str] | Unset): The automation to run for the write. Left out, the workflows (and in CRM, approvals
            and
            blueprints) associated with the API run. An **empty array** runs none of them. Known values:
            `workflow` (CRM and Bigin), `approval`, `blueprint`, `pathfinder`, `orchestration` (CRM).
        skip_feature_execution (list[SkipFeature] | Unset): Features not to run for this update; `[{"name":
            "cadences"}]` skips Cadences.
    """

    data: list[RecordPatch]
    trigger: list[str] | Unset = UNSET
    skip_feature_execution: list[SkipFeature] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        trigger: list[str] | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger

        skip_feature_execution: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.skip_feature_execution, Unset):
            skip_feature_execution = []
            for skip_feature_execution_item_data in self.skip_feature_execution:
                skip_feature_execution_item = skip_feature_execution_item_data.to_dict()
                skip_feature_execution.append(skip_feature_execution_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if skip_feature_execution is not UNSET:
            field_dict["skip_feature_execution"] = skip_feature_execution

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_patch import RecordPatch  # noqa: PLC0415
        from ..models.skip_feature import SkipFeature  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = RecordPatch.from_dict(data_item_data)

            data.append(data_item)

        trigger = cast(list[str], d.pop("trigger", UNSET))

        _skip_feature_execution = d.pop("skip_feature_execution", UNSET)
        skip_feature_execution: list[SkipFeature] | Unset = UNSET
        if _skip_feature_execution is not UNSET:
            skip_feature_execution = []
            for skip_feature_execution_item_data in _skip_feature_execution:
                skip_feature_execution_item = SkipFeature.from_dict(
                    skip_feature_execution_item_data
                )

                skip_feature_execution.append(skip_feature_execution_item)

        update_record_request = cls(
            data=data,
            trigger=trigger,
            skip_feature_execution=skip_feature_execution,
        )

        update_record_request.additional_properties = d
        return update_record_request

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
