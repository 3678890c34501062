from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.records_response import RecordsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    page: int | Unset = 1,
    per_page: int | Unset = 200,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}".format(
            module_api_name=quote(str(module_api_name), safe=""),
            record_id=quote(str(record_id), safe=""),
            related_list_api_name=quote(str(related_list_api_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse | RecordsResponse | None:
    if response.status_code == 200:
        response_200 = RecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | ErrorResponse | RecordsResponse]:
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
    page: int | Unset = 1,
    per_page: int | Unset = 200,
) -> Response[Any | ErrorResponse | RecordsResponse]:
    """Get related list records

     Reads the records related to `record_id` in a related list, to verify a relation update.
    Not one of the write pages; the shape is that of Zoho's Get Related Records API.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        page=page,
        per_page=per_page,
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
    page: int | Unset = 1,
    per_page: int | Unset = 200,
) -> Any | ErrorResponse | RecordsResponse | None:
    """Get related list records

     Reads the records related to `record_id` in a related list, to verify a relation update.
    Not one of the write pages; the shape is that of Zoho's Get Related Records API.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsResponse
    """

    return sync_detailed(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 200,
) -> Response[Any | ErrorResponse | RecordsResponse]:
    """Get related list records

     Reads the records related to `record_id` in a related list, to verify a relation update.
    Not one of the write pages; the shape is that of Zoho's Get Related Records API.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        record_id=record_id,
        related_list_api_name=related_list_api_name,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    module_api_name: str,
    record_id: str,
    related_list_api_name: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 200,
) -> Any | ErrorResponse | RecordsResponse | None:
    """Get related list records

     Reads the records related to `record_id` in a related list, to verify a relation update.
    Not one of the write pages; the shape is that of Zoho's Get Related Records API.

    Args:
        module_api_name (str):
        record_id (str):
        related_list_api_name (str):
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            record_id=record_id,
            related_list_api_name=related_list_api_name,
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
