from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.update_related_records_request import UpdateRelatedRecordsRequest
from ...models.update_related_records_response import UpdateRelatedRecordsResponse
from ...types import Response


def _get_kwargs(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    body: UpdateRelatedRecordsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}".format(
            module_api_name=quote(str(module_api_name), safe=""),
            record_id=quote(str(record_id), safe=""),
            related_list_api_name=quote(str(related_list_api_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | UpdateRelatedRecordsResponse | None:
    if response.status_code == 200:
        response_200 = UpdateRelatedRecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = UpdateRelatedRecordsResponse.from_dict(response.json())

        return response_202

    if response.status_code == 207:
        response_207 = UpdateRelatedRecordsResponse.from_dict(response.json())

        return response_207

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse | UpdateRelatedRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = UpdateRelatedRecordsResponse.from_dict(data)

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
) -> Response[ErrorResponse | UpdateRelatedRecordsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpdateRelatedRecordsRequest,
) -> Response[ErrorResponse | UpdateRelatedRecordsResponse]:
    """Update related list records

     Relates records of another module to the parent record `record_id` (for example Products
    to a Pipeline record), or updates the fields of those relations. Pass one JSON object per
    related record, each with its `id`; sending the relation's fields is mandatory when adding
    a relation between modules. At most **100** related records per call. The related lists
    of a module come from Zoho's Get related lists metadata API. Every documented error is in
    `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        body (UpdateRelatedRecordsRequest): Body of Bigin Update Related List Records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRelatedRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpdateRelatedRecordsRequest,
) -> ErrorResponse | UpdateRelatedRecordsResponse | None:
    """Update related list records

     Relates records of another module to the parent record `record_id` (for example Products
    to a Pipeline record), or updates the fields of those relations. Pass one JSON object per
    related record, each with its `id`; sending the relation's fields is mandatory when adding
    a relation between modules. At most **100** related records per call. The related lists
    of a module come from Zoho's Get related lists metadata API. Every documented error is in
    `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        body (UpdateRelatedRecordsRequest): Body of Bigin Update Related List Records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRelatedRecordsResponse
    """

    return sync_detailed(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpdateRelatedRecordsRequest,
) -> Response[ErrorResponse | UpdateRelatedRecordsResponse]:
    """Update related list records

     Relates records of another module to the parent record `record_id` (for example Products
    to a Pipeline record), or updates the fields of those relations. Pass one JSON object per
    related record, each with its `id`; sending the relation's fields is mandatory when adding
    a relation between modules. At most **100** related records per call. The related lists
    of a module come from Zoho's Get related lists metadata API. Every documented error is in
    `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        body (UpdateRelatedRecordsRequest): Body of Bigin Update Related List Records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRelatedRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    body: UpdateRelatedRecordsRequest,
) -> ErrorResponse | UpdateRelatedRecordsResponse | None:
    """Update related list records

     Relates records of another module to the parent record `record_id` (for example Products
    to a Pipeline record), or updates the fields of those relations. Pass one JSON object per
    related record, each with its `id`; sending the relation's fields is mandatory when adding
    a relation between modules. At most **100** related records per call. The related lists
    of a module come from Zoho's Get related lists metadata API. Every documented error is in
    `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        body (UpdateRelatedRecordsRequest): Body of Bigin Update Related List Records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRelatedRecordsResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            record_id=record_id,
            related_list_api_name=related_list_api_name,
            client=client,
            body=body,
        )
    ).parsed
