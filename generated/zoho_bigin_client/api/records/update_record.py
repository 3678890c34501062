from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bigin_update_record_request import BiginUpdateRecordRequest
from ...models.error_response import ErrorResponse
from ...models.update_records_response import UpdateRecordsResponse
from ...types import Response


def _get_kwargs(
    module_api_name: str,
    record_id: str,
    *,
    body: BiginUpdateRecordRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/bigin/v2/{module_api_name}/{record_id}".format(
            module_api_name=quote(str(module_api_name), safe=""),
            record_id=quote(str(record_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | UpdateRecordsResponse | None:
    if response.status_code == 200:
        response_200 = UpdateRecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse | UpdateRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = UpdateRecordsResponse.from_dict(data)

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
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: BiginUpdateRecordRequest,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update a record

     Updates the one record named by `record_id`; `data` holds exactly one object with the
    fields to change. The rules are those of Update records. Errors are in `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        body (BiginUpdateRecordRequest): Body of Bigin Update a Record (`PUT
            /bigin/v2/{module_api_name}/{record_id}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: BiginUpdateRecordRequest,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update a record

     Updates the one record named by `record_id`; `data` holds exactly one object with the
    fields to change. The rules are those of Update records. Errors are in `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        body (BiginUpdateRecordRequest): Body of Bigin Update a Record (`PUT
            /bigin/v2/{module_api_name}/{record_id}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
    """

    return sync_detailed(
        module_api_name=module_api_name,
        record_id=record_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: BiginUpdateRecordRequest,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update a record

     Updates the one record named by `record_id`; `data` holds exactly one object with the
    fields to change. The rules are those of Update records. Errors are in `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        body (BiginUpdateRecordRequest): Body of Bigin Update a Record (`PUT
            /bigin/v2/{module_api_name}/{record_id}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: BiginUpdateRecordRequest,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update a record

     Updates the one record named by `record_id`; `data` holds exactly one object with the
    fields to change. The rules are those of Update records. Errors are in `x-zoho-errors`.

    Args:
        module_api_name (str):
        record_id (str):
        body (BiginUpdateRecordRequest): Body of Bigin Update a Record (`PUT
            /bigin/v2/{module_api_name}/{record_id}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            record_id=record_id,
            client=client,
            body=body,
        )
    ).parsed
