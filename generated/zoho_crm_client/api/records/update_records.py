from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.update_records_request import UpdateRecordsRequest
from ...models.update_records_response import UpdateRecordsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    *,
    body: UpdateRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_unmodified_since, Unset):
        headers["If-Unmodified-Since"] = if_unmodified_since

    if not isinstance(x_external, Unset):
        headers["X-EXTERNAL"] = x_external

    _kwargs: dict[str, Any] = {
        "method": "put",
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

    if response.status_code == 412:

        def _parse_response_412(data: object) -> ErrorResponse | UpdateRecordsResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_412_type_0 = UpdateRecordsResponse.from_dict(data)

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
) -> Response[ErrorResponse | UpdateRecordsResponse]:
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
    body: UpdateRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update records

     Updates up to **100** existing records of a module in one call. Each record carries its
    `id` and the fields to change, keyed by field API name (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); fields left out keep their values.
    Results come one per record, in input order; each record is applied whole or not at all,
    so one call can partly succeed (HTTP 207).

    Rules from Zoho's Update Records page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Use `_delete` (with the linking row's `id`) to remove values from multi-select lookup,
      multi-user lookup and image upload fields.
    - `$append_values` appends to, rather than replaces, the named multi-select picklists.
    - `skip_feature_execution: [{"name": "cadences"}]` skips Cadences for this update.
    - `trigger: []` runs no workflow; calls from Functions (DRE) triggered by the same
      record's workflow never re-run the workflow, whatever `trigger` says.
    - Every updated record enters the review process by default.
    - Give the `Layout` id to apply the layout's mandatory fields and only its fields.
    - Records with subforms can be updated too (see Zoho's Subforms API).
    - A multi-select lookup association fails with `RECORD_LOCKED` when the dependent record
      is locked; in Calls the duration of an inbound or outbound call cannot be zero.
    - The `If-Unmodified-Since` header makes the update conditional (`ALREADY_MODIFIED`, 412).

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (UpdateRecordsRequest): Body of CRM Update Records (`PUT
            /crm/{version}/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
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
    body: UpdateRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update records

     Updates up to **100** existing records of a module in one call. Each record carries its
    `id` and the fields to change, keyed by field API name (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); fields left out keep their values.
    Results come one per record, in input order; each record is applied whole or not at all,
    so one call can partly succeed (HTTP 207).

    Rules from Zoho's Update Records page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Use `_delete` (with the linking row's `id`) to remove values from multi-select lookup,
      multi-user lookup and image upload fields.
    - `$append_values` appends to, rather than replaces, the named multi-select picklists.
    - `skip_feature_execution: [{"name": "cadences"}]` skips Cadences for this update.
    - `trigger: []` runs no workflow; calls from Functions (DRE) triggered by the same
      record's workflow never re-run the workflow, whatever `trigger` says.
    - Every updated record enters the review process by default.
    - Give the `Layout` id to apply the layout's mandatory fields and only its fields.
    - Records with subforms can be updated too (see Zoho's Subforms API).
    - A multi-select lookup association fails with `RECORD_LOCKED` when the dependent record
      is locked; in Calls the duration of an inbound or outbound call cannot be zero.
    - The `If-Unmodified-Since` header makes the update conditional (`ALREADY_MODIFIED`, 412).

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (UpdateRecordsRequest): Body of CRM Update Records (`PUT
            /crm/{version}/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
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
    body: UpdateRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[ErrorResponse | UpdateRecordsResponse]:
    """Update records

     Updates up to **100** existing records of a module in one call. Each record carries its
    `id` and the fields to change, keyed by field API name (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); fields left out keep their values.
    Results come one per record, in input order; each record is applied whole or not at all,
    so one call can partly succeed (HTTP 207).

    Rules from Zoho's Update Records page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Use `_delete` (with the linking row's `id`) to remove values from multi-select lookup,
      multi-user lookup and image upload fields.
    - `$append_values` appends to, rather than replaces, the named multi-select picklists.
    - `skip_feature_execution: [{"name": "cadences"}]` skips Cadences for this update.
    - `trigger: []` runs no workflow; calls from Functions (DRE) triggered by the same
      record's workflow never re-run the workflow, whatever `trigger` says.
    - Every updated record enters the review process by default.
    - Give the `Layout` id to apply the layout's mandatory fields and only its fields.
    - Records with subforms can be updated too (see Zoho's Subforms API).
    - A multi-select lookup association fails with `RECORD_LOCKED` when the dependent record
      is locked; in Calls the duration of an inbound or outbound call cannot be zero.
    - The `If-Unmodified-Since` header makes the update conditional (`ALREADY_MODIFIED`, 412).

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (UpdateRecordsRequest): Body of CRM Update Records (`PUT
            /crm/{version}/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateRecordsResponse]
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
    body: UpdateRecordsRequest,
    if_unmodified_since: str | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> ErrorResponse | UpdateRecordsResponse | None:
    """Update records

     Updates up to **100** existing records of a module in one call. Each record carries its
    `id` and the fields to change, keyed by field API name (from the fields metadata API or
    Setup > Developer Hub > APIs and SDKs > API Names); fields left out keep their values.
    Results come one per record, in input order; each record is applied whole or not at all,
    so one call can partly succeed (HTTP 207).

    Rules from Zoho's Update Records page:
    - `INVALID_DATA` when a value is longer than the field's maximum length (for example 11
      characters in a text field of length 10), also inside Functions.
    - Use `_delete` (with the linking row's `id`) to remove values from multi-select lookup,
      multi-user lookup and image upload fields.
    - `$append_values` appends to, rather than replaces, the named multi-select picklists.
    - `skip_feature_execution: [{"name": "cadences"}]` skips Cadences for this update.
    - `trigger: []` runs no workflow; calls from Functions (DRE) triggered by the same
      record's workflow never re-run the workflow, whatever `trigger` says.
    - Every updated record enters the review process by default.
    - Give the `Layout` id to apply the layout's mandatory fields and only its fields.
    - Records with subforms can be updated too (see Zoho's Subforms API).
    - A multi-select lookup association fails with `RECORD_LOCKED` when the dependent record
      is locked; in Calls the duration of an inbound or outbound call cannot be zero.
    - The `If-Unmodified-Since` header makes the update conditional (`ALREADY_MODIFIED`, 412).

    Every documented error, with status, message and resolution, is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        if_unmodified_since (str | Unset): An ISO 8601 date-time with a UTC offset (`Z` or
            `±hh:mm`).
        x_external (str | Unset):
        body (UpdateRecordsRequest): Body of CRM Update Records (`PUT
            /crm/{version}/{module_api_name}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateRecordsResponse
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
