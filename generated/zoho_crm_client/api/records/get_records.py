from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.get_records_approved import GetRecordsApproved
from ...models.get_records_converted import GetRecordsConverted
from ...models.get_records_include_child import (
    GetRecordsIncludeChild,
)
from ...models.get_records_sort_order import GetRecordsSortOrder
from ...models.records_page_response import RecordsPageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    *,
    fields: str,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: GetRecordsSortOrder | Unset = UNSET,
    cvid: str | Unset = UNSET,
    ids: str | Unset = UNSET,
    approved: GetRecordsApproved | Unset = UNSET,
    converted: GetRecordsConverted | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: GetRecordsIncludeChild | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_modified_since, Unset):
        headers["If-Modified-Since"] = if_modified_since

    if not isinstance(x_external, Unset):
        headers["X-EXTERNAL"] = x_external

    params: dict[str, Any] = {}

    params["fields"] = fields

    params["page"] = page

    params["per_page"] = per_page

    params["page_token"] = page_token

    params["sort_by"] = sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order

    params["sort_order"] = json_sort_order

    params["cvid"] = cvid

    params["ids"] = ids

    json_approved: str | Unset = UNSET
    if not isinstance(approved, Unset):
        json_approved = approved

    params["approved"] = json_approved

    json_converted: str | Unset = UNSET
    if not isinstance(converted, Unset):
        json_converted = converted

    params["converted"] = json_converted

    params["territory_id"] = territory_id

    json_include_child: str | Unset = UNSET
    if not isinstance(include_child, Unset):
        json_include_child = include_child

    params["include_child"] = json_include_child

    params["uid"] = uid

    params["startDateTime"] = start_date_time

    params["endDateTime"] = end_date_time

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/crm/{version}/{module_api_name}".format(
            version=quote(str(version), safe=""),
            module_api_name=quote(str(module_api_name), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse | RecordsPageResponse | None:
    if response.status_code == 200:
        response_200 = RecordsPageResponse.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    fields: str,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: GetRecordsSortOrder | Unset = UNSET,
    cvid: str | Unset = UNSET,
    ids: str | Unset = UNSET,
    approved: GetRecordsApproved | Unset = UNSET,
    converted: GetRecordsConverted | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: GetRecordsIncludeChild | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
    """Get records

     Lists the records of a module, one page at a time (source: Zoho's CRM Get Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/get-records.html).
    `fields` (at most 50 API names) is mandatory. At most **200** records per page.

    Paging: `page` and `per_page` reach the first **2,000** records (page 1 to 10 of 200). To go
    further, pass the `next_page_token` of the previous answer as `page_token` (with the same
    other parameters and without `page`); page tokens reach **100,000** records. A token is
    issued from the first answer on, belongs to the user, and expires 24 hours after it was
    issued (`page_token_expiry`). `info.more_records` says whether another page exists.

    Filters: `cvid` (a custom view; not with `sort_by`), `ids`, `converted`, `approved`,
    `territory_id` with `include_child` (Deals, Contacts and Accounts only); sort with `sort_by`
    (`id`, `Created_Time`, `Modified_Time`) and `sort_order`. Rich-text values come truncated
    to 500 characters; subform and multi-select lookup values only when reading one record;
    HIPAA-restricted fields come as null. The Notes module is for administrators only.

    No records at all: HTTP 204 with no body. With `If-Modified-Since`, nothing modified since:
    HTTP 304 with no body. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        fields (str):
        page (int | Unset):
        per_page (int | Unset):
        page_token (str | Unset):
        sort_by (str | Unset):
        sort_order (GetRecordsSortOrder | Unset):
        cvid (str | Unset):
        ids (str | Unset):
        approved (GetRecordsApproved | Unset):
        converted (GetRecordsConverted | Unset):
        territory_id (str | Unset):
        include_child (GetRecordsIncludeChild | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        end_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (no `format`, as
            for If-Unmodified-Since, because openapi-python-client cannot send a date-time header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsPageResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        fields=fields,
        page=page,
        per_page=per_page,
        page_token=page_token,
        sort_by=sort_by,
        sort_order=sort_order,
        cvid=cvid,
        ids=ids,
        approved=approved,
        converted=converted,
        territory_id=territory_id,
        include_child=include_child,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        if_modified_since=if_modified_since,
        x_external=x_external,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    fields: str,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: GetRecordsSortOrder | Unset = UNSET,
    cvid: str | Unset = UNSET,
    ids: str | Unset = UNSET,
    approved: GetRecordsApproved | Unset = UNSET,
    converted: GetRecordsConverted | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: GetRecordsIncludeChild | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Any | ErrorResponse | RecordsPageResponse | None:
    """Get records

     Lists the records of a module, one page at a time (source: Zoho's CRM Get Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/get-records.html).
    `fields` (at most 50 API names) is mandatory. At most **200** records per page.

    Paging: `page` and `per_page` reach the first **2,000** records (page 1 to 10 of 200). To go
    further, pass the `next_page_token` of the previous answer as `page_token` (with the same
    other parameters and without `page`); page tokens reach **100,000** records. A token is
    issued from the first answer on, belongs to the user, and expires 24 hours after it was
    issued (`page_token_expiry`). `info.more_records` says whether another page exists.

    Filters: `cvid` (a custom view; not with `sort_by`), `ids`, `converted`, `approved`,
    `territory_id` with `include_child` (Deals, Contacts and Accounts only); sort with `sort_by`
    (`id`, `Created_Time`, `Modified_Time`) and `sort_order`. Rich-text values come truncated
    to 500 characters; subform and multi-select lookup values only when reading one record;
    HIPAA-restricted fields come as null. The Notes module is for administrators only.

    No records at all: HTTP 204 with no body. With `If-Modified-Since`, nothing modified since:
    HTTP 304 with no body. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        fields (str):
        page (int | Unset):
        per_page (int | Unset):
        page_token (str | Unset):
        sort_by (str | Unset):
        sort_order (GetRecordsSortOrder | Unset):
        cvid (str | Unset):
        ids (str | Unset):
        approved (GetRecordsApproved | Unset):
        converted (GetRecordsConverted | Unset):
        territory_id (str | Unset):
        include_child (GetRecordsIncludeChild | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        end_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (no `format`, as
            for If-Unmodified-Since, because openapi-python-client cannot send a date-time header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsPageResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        client=client,
        fields=fields,
        page=page,
        per_page=per_page,
        page_token=page_token,
        sort_by=sort_by,
        sort_order=sort_order,
        cvid=cvid,
        ids=ids,
        approved=approved,
        converted=converted,
        territory_id=territory_id,
        include_child=include_child,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        if_modified_since=if_modified_since,
        x_external=x_external,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    fields: str,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: GetRecordsSortOrder | Unset = UNSET,
    cvid: str | Unset = UNSET,
    ids: str | Unset = UNSET,
    approved: GetRecordsApproved | Unset = UNSET,
    converted: GetRecordsConverted | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: GetRecordsIncludeChild | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
    """Get records

     Lists the records of a module, one page at a time (source: Zoho's CRM Get Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/get-records.html).
    `fields` (at most 50 API names) is mandatory. At most **200** records per page.

    Paging: `page` and `per_page` reach the first **2,000** records (page 1 to 10 of 200). To go
    further, pass the `next_page_token` of the previous answer as `page_token` (with the same
    other parameters and without `page`); page tokens reach **100,000** records. A token is
    issued from the first answer on, belongs to the user, and expires 24 hours after it was
    issued (`page_token_expiry`). `info.more_records` says whether another page exists.

    Filters: `cvid` (a custom view; not with `sort_by`), `ids`, `converted`, `approved`,
    `territory_id` with `include_child` (Deals, Contacts and Accounts only); sort with `sort_by`
    (`id`, `Created_Time`, `Modified_Time`) and `sort_order`. Rich-text values come truncated
    to 500 characters; subform and multi-select lookup values only when reading one record;
    HIPAA-restricted fields come as null. The Notes module is for administrators only.

    No records at all: HTTP 204 with no body. With `If-Modified-Since`, nothing modified since:
    HTTP 304 with no body. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        fields (str):
        page (int | Unset):
        per_page (int | Unset):
        page_token (str | Unset):
        sort_by (str | Unset):
        sort_order (GetRecordsSortOrder | Unset):
        cvid (str | Unset):
        ids (str | Unset):
        approved (GetRecordsApproved | Unset):
        converted (GetRecordsConverted | Unset):
        territory_id (str | Unset):
        include_child (GetRecordsIncludeChild | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        end_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (no `format`, as
            for If-Unmodified-Since, because openapi-python-client cannot send a date-time header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsPageResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        fields=fields,
        page=page,
        per_page=per_page,
        page_token=page_token,
        sort_by=sort_by,
        sort_order=sort_order,
        cvid=cvid,
        ids=ids,
        approved=approved,
        converted=converted,
        territory_id=territory_id,
        include_child=include_child,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        if_modified_since=if_modified_since,
        x_external=x_external,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    fields: str,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: GetRecordsSortOrder | Unset = UNSET,
    cvid: str | Unset = UNSET,
    ids: str | Unset = UNSET,
    approved: GetRecordsApproved | Unset = UNSET,
    converted: GetRecordsConverted | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: GetRecordsIncludeChild | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Any | ErrorResponse | RecordsPageResponse | None:
    """Get records

     Lists the records of a module, one page at a time (source: Zoho's CRM Get Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/get-records.html).
    `fields` (at most 50 API names) is mandatory. At most **200** records per page.

    Paging: `page` and `per_page` reach the first **2,000** records (page 1 to 10 of 200). To go
    further, pass the `next_page_token` of the previous answer as `page_token` (with the same
    other parameters and without `page`); page tokens reach **100,000** records. A token is
    issued from the first answer on, belongs to the user, and expires 24 hours after it was
    issued (`page_token_expiry`). `info.more_records` says whether another page exists.

    Filters: `cvid` (a custom view; not with `sort_by`), `ids`, `converted`, `approved`,
    `territory_id` with `include_child` (Deals, Contacts and Accounts only); sort with `sort_by`
    (`id`, `Created_Time`, `Modified_Time`) and `sort_order`. Rich-text values come truncated
    to 500 characters; subform and multi-select lookup values only when reading one record;
    HIPAA-restricted fields come as null. The Notes module is for administrators only.

    No records at all: HTTP 204 with no body. With `If-Modified-Since`, nothing modified since:
    HTTP 304 with no body. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        fields (str):
        page (int | Unset):
        per_page (int | Unset):
        page_token (str | Unset):
        sort_by (str | Unset):
        sort_order (GetRecordsSortOrder | Unset):
        cvid (str | Unset):
        ids (str | Unset):
        approved (GetRecordsApproved | Unset):
        converted (GetRecordsConverted | Unset):
        territory_id (str | Unset):
        include_child (GetRecordsIncludeChild | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        end_date_time (str | Unset): ISO 8601 with offset; format date-time in the official OAS
            (not written here, so that generated clients take a string).
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (no `format`, as
            for If-Unmodified-Since, because openapi-python-client cannot send a date-time header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsPageResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            client=client,
            fields=fields,
            page=page,
            per_page=per_page,
            page_token=page_token,
            sort_by=sort_by,
            sort_order=sort_order,
            cvid=cvid,
            ids=ids,
            approved=approved,
            converted=converted,
            territory_id=territory_id,
            include_child=include_child,
            uid=uid,
            start_date_time=start_date_time,
            end_date_time=end_date_time,
            if_modified_since=if_modified_since,
            x_external=x_external,
        )
    ).parsed
