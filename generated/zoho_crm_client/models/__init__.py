"""Contains all the data models used in inputs/outputs"""

from .api_version import ApiVersion
from .append_values import AppendValues
from .crm_upsert_records_request import CrmUpsertRecordsRequest
from .delete_details import DeleteDetails
from .delete_records_response import DeleteRecordsResponse
from .delete_success import DeleteSuccess
from .error_details import ErrorDetails
from .error_details_duplicate_record import ErrorDetailsDuplicateRecord
from .error_response import ErrorResponse
from .feature_ref import FeatureRef
from .field_meta import FieldMeta
from .field_meta_lookup import FieldMetaLookup
from .field_meta_pick_list_values_item import FieldMetaPickListValuesItem
from .field_meta_unique import FieldMetaUnique
from .fields_response import FieldsResponse
from .get_records_approved import GetRecordsApproved
from .get_records_converted import GetRecordsConverted
from .get_records_include_child import GetRecordsIncludeChild
from .get_records_sort_order import GetRecordsSortOrder
from .insert_records_request import InsertRecordsRequest
from .insert_records_response import InsertRecordsResponse
from .layout_ref import LayoutRef
from .link_item import LinkItem
from .lookup import Lookup
from .mass_update_criteria import MassUpdateCriteria
from .mass_update_fields import MassUpdateFields
from .mass_update_request import MassUpdateRequest
from .mass_update_response import MassUpdateResponse
from .mass_update_scheduled import MassUpdateScheduled
from .mass_update_scheduled_details import MassUpdateScheduledDetails
from .mass_update_status import MassUpdateStatus
from .mass_update_status_response import MassUpdateStatusResponse
from .mass_update_status_status import MassUpdateStatusStatus
from .page_info import PageInfo
from .record_error import RecordError
from .record_insert import RecordInsert
from .record_patch import RecordPatch
from .record_success import RecordSuccess
from .record_tag import RecordTag
from .record_update import RecordUpdate
from .records_page_response import RecordsPageResponse
from .records_response import RecordsResponse
from .search_records_approved import SearchRecordsApproved
from .search_records_converted import SearchRecordsConverted
from .skip_feature import SkipFeature
from .success_details import SuccessDetails
from .territory import Territory
from .update_record_request import UpdateRecordRequest
from .update_records_request import UpdateRecordsRequest
from .update_records_response import UpdateRecordsResponse
from .upsert_record import UpsertRecord
from .upsert_records_response import UpsertRecordsResponse
from .upsert_skip_feature import UpsertSkipFeature
from .upsert_success import UpsertSuccess
from .upsert_success_action import UpsertSuccessAction
from .user_ref import UserRef
from .zoho_record import ZohoRecord

__all__ = (
    "ApiVersion",
    "AppendValues",
    "CrmUpsertRecordsRequest",
    "DeleteDetails",
    "DeleteRecordsResponse",
    "DeleteSuccess",
    "ErrorDetails",
    "ErrorDetailsDuplicateRecord",
    "ErrorResponse",
    "FeatureRef",
    "FieldMeta",
    "FieldMetaLookup",
    "FieldMetaPickListValuesItem",
    "FieldMetaUnique",
    "FieldsResponse",
    "GetRecordsApproved",
    "GetRecordsConverted",
    "GetRecordsIncludeChild",
    "GetRecordsSortOrder",
    "InsertRecordsRequest",
    "InsertRecordsResponse",
    "LayoutRef",
    "LinkItem",
    "Lookup",
    "MassUpdateCriteria",
    "MassUpdateFields",
    "MassUpdateRequest",
    "MassUpdateResponse",
    "MassUpdateScheduled",
    "MassUpdateScheduledDetails",
    "MassUpdateStatus",
    "MassUpdateStatusResponse",
    "MassUpdateStatusStatus",
    "PageInfo",
    "RecordError",
    "RecordInsert",
    "RecordPatch",
    "RecordsPageResponse",
    "RecordsResponse",
    "RecordSuccess",
    "RecordTag",
    "RecordUpdate",
    "SearchRecordsApproved",
    "SearchRecordsConverted",
    "SkipFeature",
    "SuccessDetails",
    "Territory",
    "UpdateRecordRequest",
    "UpdateRecordsRequest",
    "UpdateRecordsResponse",
    "UpsertRecord",
    "UpsertRecordsResponse",
    "UpsertSkipFeature",
    "UpsertSuccess",
    "UpsertSuccessAction",
    "UserRef",
    "ZohoRecord",
)
