from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.feature_ref import FeatureRef
    from ..models.record_insert import RecordInsert
    from ..models.upsert_skip_feature import UpsertSkipFeature


T = TypeVar("T", bound="InsertRecordsRequest")


@_attrs_define
class InsertRecordsRequest:
    """Body of CRM Insert Records (`POST /crm/{version}/{module_api_name}`; Zoho CRM Insert
    Records, https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). The keys beside
    `data` are those of `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas,
    v8.0/record.json), which Insert, Update and Upsert Records share.

        Attributes:
            data (list[RecordInsert]): The records to insert, 1 to 100 per call.
            trigger (list[str] | Unset): The automation to run for the write. Left out, the workflows (and in CRM, approvals
                and
                blueprints) associated with the API run. An **empty array** runs none of them. Known values:
                `workflow` (CRM and Bigin), `approval`, `blueprint`, `pathfinder`, `orchestration` (CRM).
            process (list[str] | Unset): Processes to run for the write (for example `review_process`). Declared by Zoho's
                official CRM OAS (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`); the Insert Records
                page does not document it.
            wf_trigger (str | Unset): The older form of `trigger`: `"true"` or `"false"`, whether workflows run. Declared by
                Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`).
            duplicate_check_fields (list[str] | Unset): Declared by Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json,
                `Body_Wrapper`,
                shared with Upsert Records, where it orders the duplicate checks). An insert checks
                duplicates on every unique field of the module whatever this says (Insert Records page:
                "Duplicates are checked for every insert record API call based on unique fields").
            lar_id (str | Unset): The id of a lead assignment rule that assigns the inserted leads. Declared by Zoho's
                official CRM OAS (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`).
            skip_feature_execution (list[UpsertSkipFeature] | Unset): Features not to run for this insert; `[{"name":
                "cadences"}]` skips Cadences (as on the Update and Upsert Records pages).
            apply_feature_execution (list[FeatureRef] | Unset): Features to apply, such as `[{"name": "layout_rules"}]`
                (Zoho's CRM SDK only).
    """

    data: list[RecordInsert]
    trigger: list[str] | Unset = UNSET
    process: list[str] | Unset = UNSET
    wf_trigger: str | Unset = UNSET
    duplicate_check_fields: list[str] | Unset = UNSET
    lar_id: str | Unset = UNSET
    skip_feature_execution: list[UpsertSkipFeature] | Unset = UNSET
    apply_feature_execution: list[FeatureRef] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        trigger: list[str] | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger

        process: list[str] | Unset = UNSET
        if not isinstance(self.process, Unset):
            process = self.process

        wf_trigger = self.wf_trigger

        duplicate_check_fields: list[str] | Unset = UNSET
        if not isinstance(self.duplicate_check_fields, Unset):
            duplicate_check_fields = self.duplicate_check_fields

        lar_id = self.lar_id

        skip_feature_execution: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.skip_feature_execution, Unset):
            skip_feature_execution = []
            for skip_feature_execution_item_data in self.skip_feature_execution:
                skip_feature_execution_item = skip_feature_execution_item_data.to_dict()
                skip_feature_execution.append(skip_feature_execution_item)

        apply_feature_execution: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.apply_feature_execution, Unset):
            apply_feature_execution = []
            for apply_feature_execution_item_data in self.apply_feature_execution:
                apply_feature_execution_item = apply_feature_execution_item_data.to_dict()
                apply_feature_execution.append(apply_feature_execution_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if process is not UNSET:
            field_dict["process"] = process
        if wf_trigger is not UNSET:
            field_dict["wf_trigger"] = wf_trigger
        if duplicate_check_fields is not UNSET:
            field_dict["duplicate_check_fields"] = duplicate_check_fields
        if lar_id is not UNSET:
            field_dict["lar_id"] = lar_id
        if skip_feature_execution is not UNSET:
            field_dict["skip_feature_execution"] = skip_feature_execution
        if apply_feature_execution is not UNSET:
            field_dict["apply_feature_execution"] = apply_feature_execution

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feature_ref import FeatureRef  # noqa: PLC0415
        from ..models.record_insert import RecordInsert  # noqa: PLC0415
        from ..models.upsert_skip_feature import UpsertSkipFeature  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = RecordInsert.from_dict(data_item_data)

            data.append(data_item)

        trigger = cast(list[str], d.pop("trigger", UNSET))

        process = cast(list[str], d.pop("process", UNSET))

        wf_trigger = d.pop("wf_trigger", UNSET)

        duplicate_check_fields = cast(list[str], d.pop("duplicate_check_fields", UNSET))

        lar_id = d.pop("lar_id", UNSET)

        _skip_feature_execution = d.pop("skip_feature_execution", UNSET)
        skip_feature_execution: list[UpsertSkipFeature] | Unset = UNSET
        if _skip_feature_execution is not UNSET:
            skip_feature_execution = []
            for skip_feature_execution_item_data in _skip_feature_execution:
                skip_feature_execution_item = UpsertSkipFeature.from_dict(
                    skip_feature_execution_item_data
                )

                skip_feature_execution.append(skip_feature_execution_item)

        _apply_feature_execution = d.pop("apply_feature_execution", UNSET)
        apply_feature_execution: list[FeatureRef] | Unset = UNSET
        if _apply_feature_execution is not UNSET:
            apply_feature_execution = []
            for apply_feature_execution_item_data in _apply_feature_execution:
                apply_feature_execution_item = FeatureRef.from_dict(
                    apply_feature_execution_item_data
                )

                apply_feature_execution.append(apply_feature_execution_item)

        insert_records_request = cls(
            data=data,
            trigger=trigger,
            process=process,
            wf_trigger=wf_trigger,
            duplicate_check_fields=duplicate_check_fields,
            lar_id=lar_id,
            skip_feature_execution=skip_feature_execution,
            apply_feature_execution=apply_feature_execution,
        )

        insert_records_request.additional_properties = d
        return insert_records_request

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
