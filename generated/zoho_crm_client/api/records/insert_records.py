from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.insert_records_request import InsertRecordsRequest
from ...models.insert_records_response import InsertRecordsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    *,
    body: InsertRecordsRequest,
    x_external: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_external, Unset):
        headers["X-EXTERNAL"] = x_external

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/crm/{version}/{module_api_name}".format(
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
) -> ErrorResponse | InsertRecordsResponse | None:
    if response.status_code == 201:
        response_201 = InsertRecordsResponse.from_dict(response.json())

        return response_201

    if response.status_code == 207:
        response_207 = InsertRecordsResponse.from_dict(response.json())

        return response_207

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse | InsertRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InsertRecordsResponse.from_dict(data)

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
) -> Response[ErrorResponse | InsertRecordsResponse]:
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
    body: InsertRecordsRequest,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | InsertRecordsResponse]:
    """Insert records

     Inserts up to **100** records into a module in one call (source: Zoho's CRM Insert Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
    Each record is one JSON object keyed by field **API names** (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); Zoho assigns the ids. Results come one
    per record, in input order; each record is written whole or not at all, so one call can
    partly succeed (HTTP 207).

    Rules from the page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Duplicates are checked on every insert, on the module's unique fields (`DUPLICATE_DATA`).
    - `trigger` names the automation to run (`workflow`, `approval`, `blueprint`, `pathfinder`,
      `orchestration` for Journey Builder); left out, all of them run; `[]` runs none.
    - `$append_values`, `Layout` (the layout's mandatory fields) and subform values work as in
      Update Records; `lar_id` assigns inserted leads by a lead assignment rule.

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        x_external (str | Unset):
        body (InsertRecordsRequest): Body of CRM Insert Records (`POST
            /crm/{version}/{module_api_name}`; Zoho CRM Insert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). The keys
            beside
            `data` are those of `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas,
            v8.0/record.json), which Insert, Update and Upsert Records share.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | InsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
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
    body: InsertRecordsRequest,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | InsertRecordsResponse | None:
    """Insert records

     Inserts up to **100** records into a module in one call (source: Zoho's CRM Insert Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
    Each record is one JSON object keyed by field **API names** (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); Zoho assigns the ids. Results come one
    per record, in input order; each record is written whole or not at all, so one call can
    partly succeed (HTTP 207).

    Rules from the page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Duplicates are checked on every insert, on the module's unique fields (`DUPLICATE_DATA`).
    - `trigger` names the automation to run (`workflow`, `approval`, `blueprint`, `pathfinder`,
      `orchestration` for Journey Builder); left out, all of them run; `[]` runs none.
    - `$append_values`, `Layout` (the layout's mandatory fields) and subform values work as in
      Update Records; `lar_id` assigns inserted leads by a lead assignment rule.

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        x_external (str | Unset):
        body (InsertRecordsRequest): Body of CRM Insert Records (`POST
            /crm/{version}/{module_api_name}`; Zoho CRM Insert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). The keys
            beside
            `data` are those of `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas,
            v8.0/record.json), which Insert, Update and Upsert Records share.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | InsertRecordsResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        client=client,
        body=body,
        x_external=x_external,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: InsertRecordsRequest,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | InsertRecordsResponse]:
    """Insert records

     Inserts up to **100** records into a module in one call (source: Zoho's CRM Insert Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
    Each record is one JSON object keyed by field **API names** (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); Zoho assigns the ids. Results come one
    per record, in input order; each record is written whole or not at all, so one call can
    partly succeed (HTTP 207).

    Rules from the page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Duplicates are checked on every insert, on the module's unique fields (`DUPLICATE_DATA`).
    - `trigger` names the automation to run (`workflow`, `approval`, `blueprint`, `pathfinder`,
      `orchestration` for Journey Builder); left out, all of them run; `[]` runs none.
    - `$append_values`, `Layout` (the layout's mandatory fields) and subform values work as in
      Update Records; `lar_id` assigns inserted leads by a lead assignment rule.

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        x_external (str | Unset):
        body (InsertRecordsRequest): Body of CRM Insert Records (`POST
            /crm/{version}/{module_api_name}`; Zoho CRM Insert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). The keys
            beside
            `data` are those of `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas,
            v8.0/record.json), which Insert, Update and Upsert Records share.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | InsertRecordsResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
        x_external=x_external,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: InsertRecordsRequest,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | InsertRecordsResponse | None:
    """Insert records

     Inserts up to **100** records into a module in one call (source: Zoho's CRM Insert Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
    Each record is one JSON object keyed by field **API names** (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); Zoho assigns the ids. Results come one
    per record, in input order; each record is written whole or not at all, so one call can
    partly succeed (HTTP 207).

    Rules from the page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Duplicates are checked on every insert, on the module's unique fields (`DUPLICATE_DATA`).
    - `trigger` names the automation to run (`workflow`, `approval`, `blueprint`, `pathfinder`,
      `orchestration` for Journey Builder); left out, all of them run; `[]` runs none.
    - `$append_values`, `Layout` (the layout's mandatory fields) and subform values work as in
      Update Records; `lar_id` assigns inserted leads by a lead assignment rule.

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        x_external (str | Unset):
        body (InsertRecordsRequest): Body of CRM Insert Records (`POST
            /crm/{version}/{module_api_name}`; Zoho CRM Insert
            Records, https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). The keys
            beside
            `data` are those of `Body_Wrapper` in Zoho's official CRM OAS (zoho/crm-oas,
            v8.0/record.json), which Insert, Update and Upsert Records share.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | InsertRecordsResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            client=client,
            body=body,
            x_external=x_external,
        )
    ).parsed
