from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bigin_update_records_request import BiginUpdateRecordsRequest
from ...models.error_response import ErrorResponse
from ...models.update_records_response import UpdateRecordsResponse
from ...types import Response


def _get_kwargs(
    module_api_name: str,
    *,
    body: BiginUpdateRecordsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/bigin/v2/{module_api_name}".format(
            module_api_name=quote(str(module_api_name), safe=""),
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

    if response.status_code == 207:
        response_207 = UpdateRecordsResponse.from_dict(response.json())

        return response_207

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
    *,
    client: AuthenticatedClient,
    body: BiginUpdateRecordsRequest,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update records

     Updates up to **100** existing records (contacts, pipelines, companies, products, tasks,
    events, calls) in one call. Each record carries its `id` and the fields to change, keyed by
    field API name (the `api_name` of each field in the fields metadata API). Results come one
    per record, in input order; one call can partly succeed (HTTP 207).

    Rules from Zoho's Bigin Update records page:
    - An error occurs when a value is longer than the field's maximum length, also inside
      Functions (for example 11 characters in a text field of length 10).
    - Every update is duplicate-checked on the module's unique fields (`DUPLICATE_DATA`).
    - `$approved` enables approval mode for records, mainly those from web forms.
    - `trigger` is `workflow`; left out, the workflows run; `trigger: []` runs none.

    Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (BiginUpdateRecordsRequest): Body of Bigin Update Records (`PUT
            /bigin/v2/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
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
    body: BiginUpdateRecordsRequest,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update records

     Updates up to **100** existing records (contacts, pipelines, companies, products, tasks,
    events, calls) in one call. Each record carries its `id` and the fields to change, keyed by
    field API name (the `api_name` of each field in the fields metadata API). Results come one
    per record, in input order; one call can partly succeed (HTTP 207).

    Rules from Zoho's Bigin Update records page:
    - An error occurs when a value is longer than the field's maximum length, also inside
      Functions (for example 11 characters in a text field of length 10).
    - Every update is duplicate-checked on the module's unique fields (`DUPLICATE_DATA`).
    - `$approved` enables approval mode for records, mainly those from web forms.
    - `trigger` is `workflow`; left out, the workflows run; `trigger: []` runs none.

    Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (BiginUpdateRecordsRequest): Body of Bigin Update Records (`PUT
            /bigin/v2/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
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
    body: BiginUpdateRecordsRequest,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update records

     Updates up to **100** existing records (contacts, pipelines, companies, products, tasks,
    events, calls) in one call. Each record carries its `id` and the fields to change, keyed by
    field API name (the `api_name` of each field in the fields metadata API). Results come one
    per record, in input order; one call can partly succeed (HTTP 207).

    Rules from Zoho's Bigin Update records page:
    - An error occurs when a value is longer than the field's maximum length, also inside
      Functions (for example 11 characters in a text field of length 10).
    - Every update is duplicate-checked on the module's unique fields (`DUPLICATE_DATA`).
    - `$approved` enables approval mode for records, mainly those from web forms.
    - `trigger` is `workflow`; left out, the workflows run; `trigger: []` runs none.

    Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (BiginUpdateRecordsRequest): Body of Bigin Update Records (`PUT
            /bigin/v2/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
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
    body: BiginUpdateRecordsRequest,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update records

     Updates up to **100** existing records (contacts, pipelines, companies, products, tasks,
    events, calls) in one call. Each record carries its `id` and the fields to change, keyed by
    field API name (the `api_name` of each field in the fields metadata API). Results come one
    per record, in input order; one call can partly succeed (HTTP 207).

    Rules from Zoho's Bigin Update records page:
    - An error occurs when a value is longer than the field's maximum length, also inside
      Functions (for example 11 characters in a text field of length 10).
    - Every update is duplicate-checked on the module's unique fields (`DUPLICATE_DATA`).
    - `$approved` enables approval mode for records, mainly those from web forms.
    - `trigger` is `workflow`; left out, the workflows run; `trigger: []` runs none.

    Every documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        body (BiginUpdateRecordsRequest): Body of Bigin Update Records (`PUT
            /bigin/v2/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            client=client,
            body=body,
        )
    ).parsed
