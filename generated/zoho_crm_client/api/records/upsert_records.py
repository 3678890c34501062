from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.crm_upsert_records_request import CrmUpsertRecordsRequest
from ...models.error_response import ErrorResponse
from ...models.upsert_records_response import UpsertRecordsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    *,
    body: CrmUpsertRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_unmodified_since, Unset):
        headers["If-Unmodified-Since"] = if_unmodified_since

    if not isinstance(x_external, Unset):
        headers["X-EXTERNAL"] = x_external

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/crm/{version}/{module_api_name}/upsert".format(
            version=quote(str(version), safe=""),
            module_api_name=quote(str(module_api_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | UpsertRecordsResponse | None:
    if response.status_code == 200:
        response_200 = UpsertRecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = UpsertRecordsResponse.from_dict(response.json())

        return response_201

    if response.status_code == 207:
        response_207 = UpsertRecordsResponse.from_dict(response.json())

        return response_207

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse | UpsertRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = UpsertRecordsResponse.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ErrorResponse.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

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

    if response.status_code == 412:

        def _parse_response_412(data: object) -> ErrorResponse | UpsertRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_412_type_0 = UpsertRecordsResponse.from_dict(data)

                return response_412_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_412_type_1 = ErrorResponse.from_dict(data)

            return response_412_type_1

        response_412 = _parse_response_412(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

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
) -> Response[ErrorResponse | UpsertRecordsResponse]:
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
    body: CrmUpsertRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | UpsertRecordsResponse]:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates (source:
    Zoho's CRM Upsert Records page, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html;
    Kaizen #56,
    https://help.zoho.com/portal/en/community/topic/kaizen-56-upsert-records-api). For each record
    Zoho looks for an existing record with the same value in a duplicate-check field: found, it
    is updated (`action: update`, `duplicate_field` names the field); not found, a record is
    inserted (`action: insert`, `duplicate_field: null`).

    Duplicate-check fields are the module's system-defined unique fields (Leads and Contacts:
    Email; Accounts: Account_Name; Deals: Deal_Name; Campaigns: Campaign_Name; Cases: Subject;
    Solutions: Solution_Title; Products: Product_Name; Vendors: Vendor_Name; Price Books:
    Price_Book_Name; Quotes, Sales Orders, Purchase Orders, Invoices: Subject; custom modules:
    Name) and its user-defined unique fields ("Do not allow duplicate values": single line,
    email, phone, number, long integer, URL). `duplicate_check_fields` sets the order; without
    it the system-defined fields are checked first, then the user-defined ones; if it names only
    user-defined fields, the system-defined ones are not checked. For example, with unique fields
    `unique1` and `unique2` in Leads: `[unique1]` checks unique1 then unique2; `[Email]` checks
    Email, unique1, unique2.

    `trigger` (`workflow`, `approval`, `blueprint`; left out all run, `[]` none),
    `skip_feature_execution` (`cadences`, per `action`), `$append_values` and `Layout` work as
    in Insert and Update Records. The `If-Unmodified-Since` header makes the updates conditional
    (`ALREADY_MODIFIED`, 412). Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (CrmUpsertRecordsRequest): Body of CRM Upsert Records (`POST
            /crm/{version}/{module_api_name}/upsert`; Zoho CRM Upsert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html). The keys
            beside
            `data`, `duplicate_check_fields`, `trigger` and `skip_feature_execution` are declared by
            `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
        if_unmodified_since=if_unmodified_since,
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
    body: CrmUpsertRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | UpsertRecordsResponse | None:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates (source:
    Zoho's CRM Upsert Records page, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html;
    Kaizen #56,
    https://help.zoho.com/portal/en/community/topic/kaizen-56-upsert-records-api). For each record
    Zoho looks for an existing record with the same value in a duplicate-check field: found, it
    is updated (`action: update`, `duplicate_field` names the field); not found, a record is
    inserted (`action: insert`, `duplicate_field: null`).

    Duplicate-check fields are the module's system-defined unique fields (Leads and Contacts:
    Email; Accounts: Account_Name; Deals: Deal_Name; Campaigns: Campaign_Name; Cases: Subject;
    Solutions: Solution_Title; Products: Product_Name; Vendors: Vendor_Name; Price Books:
    Price_Book_Name; Quotes, Sales Orders, Purchase Orders, Invoices: Subject; custom modules:
    Name) and its user-defined unique fields ("Do not allow duplicate values": single line,
    email, phone, number, long integer, URL). `duplicate_check_fields` sets the order; without
    it the system-defined fields are checked first, then the user-defined ones; if it names only
    user-defined fields, the system-defined ones are not checked. For example, with unique fields
    `unique1` and `unique2` in Leads: `[unique1]` checks unique1 then unique2; `[Email]` checks
    Email, unique1, unique2.

    `trigger` (`workflow`, `approval`, `blueprint`; left out all run, `[]` none),
    `skip_feature_execution` (`cadences`, per `action`), `$append_values` and `Layout` work as
    in Insert and Update Records. The `If-Unmodified-Since` header makes the updates conditional
    (`ALREADY_MODIFIED`, 412). Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (CrmUpsertRecordsRequest): Body of CRM Upsert Records (`POST
            /crm/{version}/{module_api_name}/upsert`; Zoho CRM Upsert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html). The keys
            beside
            `data`, `duplicate_check_fields`, `trigger` and `skip_feature_execution` are declared by
            `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpsertRecordsResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        client=client,
        body=body,
        if_unmodified_since=if_unmodified_since,
        x_external=x_external,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: CrmUpsertRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | UpsertRecordsResponse]:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates (source:
    Zoho's CRM Upsert Records page, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html;
    Kaizen #56,
    https://help.zoho.com/portal/en/community/topic/kaizen-56-upsert-records-api). For each record
    Zoho looks for an existing record with the same value in a duplicate-check field: found, it
    is updated (`action: update`, `duplicate_field` names the field); not found, a record is
    inserted (`action: insert`, `duplicate_field: null`).

    Duplicate-check fields are the module's system-defined unique fields (Leads and Contacts:
    Email; Accounts: Account_Name; Deals: Deal_Name; Campaigns: Campaign_Name; Cases: Subject;
    Solutions: Solution_Title; Products: Product_Name; Vendors: Vendor_Name; Price Books:
    Price_Book_Name; Quotes, Sales Orders, Purchase Orders, Invoices: Subject; custom modules:
    Name) and its user-defined unique fields ("Do not allow duplicate values": single line,
    email, phone, number, long integer, URL). `duplicate_check_fields` sets the order; without
    it the system-defined fields are checked first, then the user-defined ones; if it names only
    user-defined fields, the system-defined ones are not checked. For example, with unique fields
    `unique1` and `unique2` in Leads: `[unique1]` checks unique1 then unique2; `[Email]` checks
    Email, unique1, unique2.

    `trigger` (`workflow`, `approval`, `blueprint`; left out all run, `[]` none),
    `skip_feature_execution` (`cadences`, per `action`), `$append_values` and `Layout` work as
    in Insert and Update Records. The `If-Unmodified-Since` header makes the updates conditional
    (`ALREADY_MODIFIED`, 412). Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (CrmUpsertRecordsRequest): Body of CRM Upsert Records (`POST
            /crm/{version}/{module_api_name}/upsert`; Zoho CRM Upsert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html). The keys
            beside
            `data`, `duplicate_check_fields`, `trigger` and `skip_feature_execution` are declared by
            `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
        if_unmodified_since=if_unmodified_since,
        x_external=x_external,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: CrmUpsertRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | UpsertRecordsResponse | None:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates (source:
    Zoho's CRM Upsert Records page, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html;
    Kaizen #56,
    https://help.zoho.com/portal/en/community/topic/kaizen-56-upsert-records-api). For each record
    Zoho looks for an existing record with the same value in a duplicate-check field: found, it
    is updated (`action: update`, `duplicate_field` names the field); not found, a record is
    inserted (`action: insert`, `duplicate_field: null`).

    Duplicate-check fields are the module's system-defined unique fields (Leads and Contacts:
    Email; Accounts: Account_Name; Deals: Deal_Name; Campaigns: Campaign_Name; Cases: Subject;
    Solutions: Solution_Title; Products: Product_Name; Vendors: Vendor_Name; Price Books:
    Price_Book_Name; Quotes, Sales Orders, Purchase Orders, Invoices: Subject; custom modules:
    Name) and its user-defined unique fields ("Do not allow duplicate values": single line,
    email, phone, number, long integer, URL). `duplicate_check_fields` sets the order; without
    it the system-defined fields are checked first, then the user-defined ones; if it names only
    user-defined fields, the system-defined ones are not checked. For example, with unique fields
    `unique1` and `unique2` in Leads: `[unique1]` checks unique1 then unique2; `[Email]` checks
    Email, unique1, unique2.

    `trigger` (`workflow`, `approval`, `blueprint`; left out all run, `[]` none),
    `skip_feature_execution` (`cadences`, per `action`), `$append_values` and `Layout` work as
    in Insert and Update Records. The `If-Unmodified-Since` header makes the updates conditional
    (`ALREADY_MODIFIED`, 412). Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (CrmUpsertRecordsRequest): Body of CRM Upsert Records (`POST
            /crm/{version}/{module_api_name}/upsert`; Zoho CRM Upsert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html). The keys
            beside
            `data`, `duplicate_check_fields`, `trigger` and `skip_feature_execution` are declared by
            `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas, v8.0/record.json).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpsertRecordsResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            client=client,
            body=body,
            if_unmodified_since=if_unmodified_since,
            x_external=x_external,
        )
    ).parsed
