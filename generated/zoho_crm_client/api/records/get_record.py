from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.records_response import RecordsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    fields: str | Unset = UNSET,
    approved: str | Unset = UNSET,
    converted: str | Unset = UNSET,
    cvid: str | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: str | Unset = UNSET,
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

    params["approved"] = approved

    params["converted"] = converted

    params["cvid"] = cvid

    params["uid"] = uid

    params["startDateTime"] = start_date_time

    params["endDateTime"] = end_date_time

    params["territory_id"] = territory_id

    params["include_child"] = include_child

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/crm/{version}/{module_api_name}/{record_id}".format(
            version=quote(str(version), safe=""),
            module_api_name=quote(str(module_api_name), safe=""),
            record_id=quote(str(record_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RecordsResponse | None:
    if response.status_code == 200:
        response_200 = RecordsResponse.from_dict(response.json())

        return response_200

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
) -> Response[ErrorResponse | RecordsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    fields: str | Unset = UNSET,
    approved: str | Unset = UNSET,
    converted: str | Unset = UNSET,
    cvid: str | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | RecordsResponse]:
    """Get a record

     Reads one record, to verify a write. Not one of the five write pages; the shape is that
    of Zoho's Get Records API (`data` with one record). Errors are in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        fields (str | Unset):
        approved (str | Unset):
        converted (str | Unset):
        cvid (str | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        end_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        territory_id (str | Unset):
        include_child (str | Unset):
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (format date-time
            in the official OAS; not written here, as for If-Unmodified-Since, because openapi-python-
            client cannot send a date-time header; the emulator ignores this header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        fields=fields,
        approved=approved,
        converted=converted,
        cvid=cvid,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        territory_id=territory_id,
        include_child=include_child,
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
    record_id: str,
    *,
    client: AuthenticatedClient,
    fields: str | Unset = UNSET,
    approved: str | Unset = UNSET,
    converted: str | Unset = UNSET,
    cvid: str | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | RecordsResponse | None:
    """Get a record

     Reads one record, to verify a write. Not one of the five write pages; the shape is that
    of Zoho's Get Records API (`data` with one record). Errors are in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        fields (str | Unset):
        approved (str | Unset):
        converted (str | Unset):
        cvid (str | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        end_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        territory_id (str | Unset):
        include_child (str | Unset):
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (format date-time
            in the official OAS; not written here, as for If-Unmodified-Since, because openapi-python-
            client cannot send a date-time header; the emulator ignores this header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RecordsResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        client=client,
        fields=fields,
        approved=approved,
        converted=converted,
        cvid=cvid,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        territory_id=territory_id,
        include_child=include_child,
        if_modified_since=if_modified_since,
        x_external=x_external,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    fields: str | Unset = UNSET,
    approved: str | Unset = UNSET,
    converted: str | Unset = UNSET,
    cvid: str | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | RecordsResponse]:
    """Get a record

     Reads one record, to verify a write. Not one of the five write pages; the shape is that
    of Zoho's Get Records API (`data` with one record). Errors are in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        fields (str | Unset):
        approved (str | Unset):
        converted (str | Unset):
        cvid (str | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        end_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        territory_id (str | Unset):
        include_child (str | Unset):
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (format date-time
            in the official OAS; not written here, as for If-Unmodified-Since, because openapi-python-
            client cannot send a date-time header; the emulator ignores this header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        fields=fields,
        approved=approved,
        converted=converted,
        cvid=cvid,
        uid=uid,
        start_date_time=start_date_time,
        end_date_time=end_date_time,
        territory_id=territory_id,
        include_child=include_child,
        if_modified_since=if_modified_since,
        x_external=x_external,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    fields: str | Unset = UNSET,
    approved: str | Unset = UNSET,
    converted: str | Unset = UNSET,
    cvid: str | Unset = UNSET,
    uid: str | Unset = UNSET,
    start_date_time: str | Unset = UNSET,
    end_date_time: str | Unset = UNSET,
    territory_id: str | Unset = UNSET,
    include_child: str | Unset = UNSET,
    if_modified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | RecordsResponse | None:
    """Get a record

     Reads one record, to verify a write. Not one of the five write pages; the shape is that
    of Zoho's Get Records API (`data` with one record). Errors are in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        fields (str | Unset):
        approved (str | Unset):
        converted (str | Unset):
        cvid (str | Unset):
        uid (str | Unset):
        start_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        end_date_time (str | Unset): An ISO 8601 date-time with a UTC offset; the official OAS
            says format date-time (not written here, so that generated clients take a string; the
            emulator ignores this parameter).
        territory_id (str | Unset):
        include_child (str | Unset):
        if_modified_since (str | Unset): An ISO 8601 date-time with a UTC offset (format date-time
            in the official OAS; not written here, as for If-Unmodified-Since, because openapi-python-
            client cannot send a date-time header; the emulator ignores this header).
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RecordsResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            record_id=record_id,
            client=client,
            fields=fields,
            approved=approved,
            converted=converted,
            cvid=cvid,
            uid=uid,
            start_date_time=start_date_time,
            end_date_time=end_date_time,
            territory_id=territory_id,
            include_child=include_child,
            if_modified_since=if_modified_since,
            x_external=x_external,
        )
    ).parsed
