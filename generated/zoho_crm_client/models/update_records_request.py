from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.record_update import RecordUpdate
    from ..models.skip_feature import SkipFeature


T = TypeVar("T", bound="UpdateRecordsRequest")


@_attrs_define
class UpdateRecordsRequest:
    """Body of CRM Update Records (`PUT /crm/{version}/{module_api_name}`).

    Attributes:
        data (list[RecordUpdate]): The records to update, 1 to 100 per call, each with its `id`.
        trigger (list[str] | Unset): The automation to run for the write. Left out, the workflows (and in CRM, approvals
            and
            blueprints) associated with the API run. An **empty array** runs none of them. Known values:
            `workflow` (CRM and Bigin), `approval`, `blueprint`, `pathfinder`, `orchestration` (CRM).
        skip_feature_execution (list[SkipFeature] | Unset): Features not to run for this update. By default a Cadence
            configured for the module
            runs when a record is updated through the API; `[{"name": "cadences"}]` skips it. Sent
            beside `data`.
        process (list[str] | Unset): Processes to run for the write (for example `review_process`), like `trigger` for
            workflows. Declared by Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`); Zoho's Update
            Records page does not document it. The
            emulator accepts it and ignores it.
        wf_trigger (str | Unset): The older form of `trigger`: `"true"` or `"false"`, whether workflows run. Declared by
            Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`); the Update Records page documents
            `trigger` instead. The emulator accepts it and
            ignores it.
        duplicate_check_fields (list[str] | Unset): Declared on Update Records by Zoho's official CRM OAS (zoho/crm-oas,
            v8.0/record.json, `Body_Wrapper`), the body Zoho's OAS shares with Insert and Upsert
            Records (where it names the fields that find an existing record); an update finds its
            records by `id`. The emulator accepts it and ignores it.
        lar_id (str | Unset): The id of a lead assignment rule. Declared on Update Records by Zoho's official CRM OAS
            (zoho/crm-oas, v8.0/record.json, `Body_Wrapper`), the body Zoho's
            OAS shares with Insert Records (where the rule assigns the new leads). The emulator
            accepts it and ignores it.
    """

    data: list[RecordUpdate]
    trigger: list[str] | Unset = UNSET
    skip_feature_execution: list[SkipFeature] | Unset = UNSET
    process: list[str] | Unset = UNSET
    wf_trigger: str | Unset = UNSET
    duplicate_check_fields: list[str] | Unset = UNSET
    lar_id: str | Unset = UNSET
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

        process: list[str] | Unset = UNSET
        if not isinstance(self.process, Unset):
            process = self.process

        wf_trigger = self.wf_trigger

        duplicate_check_fields: list[str] | Unset = UNSET
        if not isinstance(self.duplicate_check_fields, Unset):
            duplicate_check_fields = self.duplicate_check_fields

        lar_id = self.lar_id

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
        if process is not UNSET:
            field_dict["process"] = process
        if wf_trigger is not UNSET:
            field_dict["wf_trigger"] = wf_trigger
        if duplicate_check_fields is not UNSET:
            field_dict["duplicate_check_fields"] = duplicate_check_fields
        if lar_id is not UNSET:
            field_dict["lar_id"] = lar_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_update import RecordUpdate  # noqa: PLC0415
        from ..models.skip_feature import SkipFeature  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = RecordUpdate.from_dict(data_item_data)

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

        process = cast(list[str], d.pop("process", UNSET))

        wf_trigger = d.pop("wf_trigger", UNSET)

        duplicate_check_fields = cast(list[str], d.pop("duplicate_check_fields", UNSET))

        lar_id = d.pop("lar_id", UNSET)

        update_records_request = cls(
            data=data,
            trigger=trigger,
            skip_feature_execution=skip_feature_execution,
            process=process,
            wf_trigger=wf_trigger,
            duplicate_check_fields=duplicate_check_fields,
            lar_id=lar_id,
        )

        update_records_request.additional_properties = d
        return update_records_request

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
