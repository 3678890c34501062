"""Contains all the data models used in inputs/outputs"""

from .append_values import AppendValues
from .bigin_insert_records_request import BiginInsertRecordsRequest
from .bigin_update_record_request import BiginUpdateRecordRequest
from .bigin_update_records_request import BiginUpdateRecordsRequest
from .delete_details import DeleteDetails
from .delete_records_response import DeleteRecordsResponse
from .delete_success import DeleteSuccess
from .error_details import ErrorDetails
from .error_details_duplicate_record import ErrorDetailsDuplicateRecord
from .error_response import ErrorResponse
from .field_meta import FieldMeta
from .field_meta_lookup import FieldMetaLookup
from .field_meta_pick_list_values_item import FieldMetaPickListValuesItem
from .field_meta_unique import FieldMetaUnique
from .fields_response import FieldsResponse
from .get_records_approved import GetRecordsApproved
from .get_records_sort_order import GetRecordsSortOrder
from .insert_records_response import InsertRecordsResponse
from .layout_ref import LayoutRef
from .link_item import LinkItem
from .lookup import Lookup
from .page_info import PageInfo
from .record_error import RecordError
from .record_insert import RecordInsert
from .record_patch import RecordPatch
from .record_success import RecordSuccess
from .record_tag import RecordTag
from .record_update import RecordUpdate
from .records_page_response import RecordsPageResponse
from .records_response import RecordsResponse
from .related_record_update import RelatedRecordUpdate
from .relation_success import RelationSuccess
from .relation_success_details import RelationSuccessDetails
from .search_records_approved import SearchRecordsApproved
from .success_details import SuccessDetails
from .update_records_response import UpdateRecordsResponse
from .update_related_records_request import UpdateRelatedRecordsRequest
from .update_related_records_response import UpdateRelatedRecordsResponse
from .upsert_record import UpsertRecord
from .upsert_records_request import UpsertRecordsRequest
from .upsert_records_response import UpsertRecordsResponse
from .upsert_success import UpsertSuccess
from .upsert_success_action import UpsertSuccessAction
from .user_ref import UserRef
from .zoho_record import ZohoRecord

__all__ = (
    "AppendValues",
    "BiginInsertRecordsRequest",
    "BiginUpdateRecordRequest",
    "BiginUpdateRecordsRequest",
    "DeleteDetails",
    "DeleteRecordsResponse",
    "DeleteSuccess",
    "ErrorDetails",
    "ErrorDetailsDuplicateRecord",
    "ErrorResponse",
    "FieldMeta",
    "FieldMetaLookup",
    "FieldMetaPickListValuesItem",
    "FieldMetaUnique",
    "FieldsResponse",
    "GetRecordsApproved",
    "GetRecordsSortOrder",
    "InsertRecordsResponse",
    "LayoutRef",
    "LinkItem",
    "Lookup",
    "PageInfo",
    "RecordError",
    "RecordInsert",
    "RecordPatch",
    "RecordsPageResponse",
    "RecordsResponse",
    "RecordSuccess",
    "RecordTag",
    "RecordUpdate",
    "RelatedRecordUpdate",
    "RelationSuccess",
    "RelationSuccessDetails",
    "SearchRecordsApproved",
    "SuccessDetails",
    "UpdateRecordsResponse",
    "UpdateRelatedRecordsRequest",
    "UpdateRelatedRecordsResponse",
    "UpsertRecord",
    "UpsertRecordsRequest",
    "UpsertRecordsResponse",
    "UpsertSuccess",
    "UpsertSuccessAction",
    "UserRef",
    "ZohoRecord",
)
