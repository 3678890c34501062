from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.upsert_records_request import UpsertRecordsRequest
from ...models.upsert_records_response import UpsertRecordsResponse
from ...types import Response


def _get_kwargs(
    module_api_name: str,
    *,
    body: UpsertRecordsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/bigin/v2/{module_api_name}/upsert".format(
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
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRecordsRequest,
) -> Response[ErrorResponse | UpsertRecordsResponse]:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates. For each
    record Zoho looks for an existing record with the same value in a duplicate-check field:
    found, the record is updated (`action: update`, `duplicate_field` names the matching field);
    not found, a record is inserted (`action: insert`, `duplicate_field: null`).

    The duplicate-check fields are the module's system-defined unique fields (system-defined
    mandatory fields marked unique by default, such as `Deal_Name` in Pipelines) and its
    user-defined unique fields ("Do not allow duplicate values"). `duplicate_check_fields`
    (at the request level, or per record as in Zoho's sample) sets the order of the checks;
    without it the system-defined unique fields are checked first, then the user-defined ones.

    A record to insert needs the fields of the Add Records API (mandatory fields). Values
    longer than a field's maximum length fail. `$append_values` and `trigger` work as in Update
    records. Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (UpsertRecordsRequest): Body of Bigin Upsert Records (`POST
            /bigin/v2/{module_api_name}/upsert`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRecordsRequest,
) -> ErrorResponse | UpsertRecordsResponse | None:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates. For each
    record Zoho looks for an existing record with the same value in a duplicate-check field:
    found, the record is updated (`action: update`, `duplicate_field` names the matching field);
    not found, a record is inserted (`action: insert`, `duplicate_field: null`).

    The duplicate-check fields are the module's system-defined unique fields (system-defined
    mandatory fields marked unique by default, such as `Deal_Name` in Pipelines) and its
    user-defined unique fields ("Do not allow duplicate values"). `duplicate_check_fields`
    (at the request level, or per record as in Zoho's sample) sets the order of the checks;
    without it the system-defined unique fields are checked first, then the user-defined ones.

    A record to insert needs the fields of the Add Records API (mandatory fields). Values
    longer than a field's maximum length fail. `$append_values` and `trigger` work as in Update
    records. Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (UpsertRecordsRequest): Body of Bigin Upsert Records (`POST
            /bigin/v2/{module_api_name}/upsert`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpsertRecordsResponse
    """

    return sync_detailed(
        module_api_name=module_api_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRecordsRequest,
) -> Response[ErrorResponse | UpsertRecordsResponse]:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates. For each
    record Zoho looks for an existing record with the same value in a duplicate-check field:
    found, the record is updated (`action: update`, `duplicate_field` names the matching field);
    not found, a record is inserted (`action: insert`, `duplicate_field: null`).

    The duplicate-check fields are the module's system-defined unique fields (system-defined
    mandatory fields marked unique by default, such as `Deal_Name` in Pipelines) and its
    user-defined unique fields ("Do not allow duplicate values"). `duplicate_check_fields`
    (at the request level, or per record as in Zoho's sample) sets the order of the checks;
    without it the system-defined unique fields are checked first, then the user-defined ones.

    A record to insert needs the fields of the Add Records API (mandatory fields). Values
    longer than a field's maximum length fail. `$append_values` and `trigger` work as in Update
    records. Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (UpsertRecordsRequest): Body of Bigin Upsert Records (`POST
            /bigin/v2/{module_api_name}/upsert`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRecordsRequest,
) -> ErrorResponse | UpsertRecordsResponse | None:
    """Upsert records

     Inserts or updates up to **100** records in one call, without creating duplicates. For each
    record Zoho looks for an existing record with the same value in a duplicate-check field:
    found, the record is updated (`action: update`, `duplicate_field` names the matching field);
    not found, a record is inserted (`action: insert`, `duplicate_field: null`).

    The duplicate-check fields are the module's system-defined unique fields (system-defined
    mandatory fields marked unique by default, such as `Deal_Name` in Pipelines) and its
    user-defined unique fields ("Do not allow duplicate values"). `duplicate_check_fields`
    (at the request level, or per record as in Zoho's sample) sets the order of the checks;
    without it the system-defined unique fields are checked first, then the user-defined ones.

    A record to insert needs the fields of the Add Records API (mandatory fields). Values
    longer than a field's maximum length fail. `$append_values` and `trigger` work as in Update
    records. Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (UpsertRecordsRequest): Body of Bigin Upsert Records (`POST
            /bigin/v2/{module_api_name}/upsert`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpsertRecordsResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            client=client,
            body=body,
        )
    ).parsed
