from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.mass_update_request import MassUpdateRequest
from ...models.mass_update_response import MassUpdateResponse
from ...types import Response


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    *,
    body: MassUpdateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/crm/{version}/{module_api_name}/actions/mass_update".format(
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
) -> ErrorResponse | MassUpdateResponse | None:
    if response.status_code == 200:
        response_200 = MassUpdateResponse.from_dict(response.json())

        return response_200

    if response.status_code == 202:

        def _parse_response_202(data: object) -> ErrorResponse | MassUpdateResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_202_type_0 = MassUpdateResponse.from_dict(data)

                return response_202_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_202_type_1 = ErrorResponse.from_dict(data)

            return response_202_type_1

        response_202 = _parse_response_202(response.json())

        return response_202

    if response.status_code == 207:
        response_207 = MassUpdateResponse.from_dict(response.json())

        return response_207

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse | MassUpdateResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = MassUpdateResponse.from_dict(data)

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
) -> Response[ErrorResponse | MassUpdateResponse]:
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
    body: MassUpdateRequest,
) -> Response[ErrorResponse | MassUpdateResponse]:
    """Mass update records

     Sets the same field values on many records of a module, up to 50,000 in all.

    - **By `ids`** (non-scheduler type): at most **500** ids per call, updated at once, one
      result per id in input order; invalid ids fail alone and the valid ones are updated
      (HTTP 207 when some fail). Automation rules (approvals, blueprints, workflows) run.
    - **By `cvid`** (scheduler type), optionally with a `territory` (`id`, `include_child`):
      a background job is scheduled and its `job_id` returned (HTTP 202); poll it with
      `GET …/actions/mass_update?job_id=`. `cvid` is mandatory to update a territory's
      records. Automation rules run only when the job has fewer than 1,000 records. While a
      job runs for a custom view, another request for it gets `ALREADY_SCHEDULED` (202).

    At most **3 fields in Deals and 1 field in every other module** per call. Email, lookup,
    layout, multi-line fields and line items cannot be mass updated. `over_write` chooses, for
    multi-select picklists, between replacing (`true`) and adding (`false`, the default).
    Territory ids come from Zoho's Territories API. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        body (MassUpdateRequest): Body of CRM Mass Update. Give **either** `ids` (non-scheduler
            type: at most 500 records,
            updated at once, one result per id) **or** `cvid` (scheduler type: the records of a custom
            view, optionally narrowed to a `territory`, updated by a background job; at most 50,000
            records; poll the returned `job_id`). `cvid` is mandatory when updating a territory's
            records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MassUpdateResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
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
    body: MassUpdateRequest,
) -> ErrorResponse | MassUpdateResponse | None:
    """Mass update records

     Sets the same field values on many records of a module, up to 50,000 in all.

    - **By `ids`** (non-scheduler type): at most **500** ids per call, updated at once, one
      result per id in input order; invalid ids fail alone and the valid ones are updated
      (HTTP 207 when some fail). Automation rules (approvals, blueprints, workflows) run.
    - **By `cvid`** (scheduler type), optionally with a `territory` (`id`, `include_child`):
      a background job is scheduled and its `job_id` returned (HTTP 202); poll it with
      `GET …/actions/mass_update?job_id=`. `cvid` is mandatory to update a territory's
      records. Automation rules run only when the job has fewer than 1,000 records. While a
      job runs for a custom view, another request for it gets `ALREADY_SCHEDULED` (202).

    At most **3 fields in Deals and 1 field in every other module** per call. Email, lookup,
    layout, multi-line fields and line items cannot be mass updated. `over_write` chooses, for
    multi-select picklists, between replacing (`true`) and adding (`false`, the default).
    Territory ids come from Zoho's Territories API. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        body (MassUpdateRequest): Body of CRM Mass Update. Give **either** `ids` (non-scheduler
            type: at most 500 records,
            updated at once, one result per id) **or** `cvid` (scheduler type: the records of a custom
            view, optionally narrowed to a `territory`, updated by a background job; at most 50,000
            records; poll the returned `job_id`). `cvid` is mandatory when updating a territory's
            records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MassUpdateResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: MassUpdateRequest,
) -> Response[ErrorResponse | MassUpdateResponse]:
    """Mass update records

     Sets the same field values on many records of a module, up to 50,000 in all.

    - **By `ids`** (non-scheduler type): at most **500** ids per call, updated at once, one
      result per id in input order; invalid ids fail alone and the valid ones are updated
      (HTTP 207 when some fail). Automation rules (approvals, blueprints, workflows) run.
    - **By `cvid`** (scheduler type), optionally with a `territory` (`id`, `include_child`):
      a background job is scheduled and its `job_id` returned (HTTP 202); poll it with
      `GET …/actions/mass_update?job_id=`. `cvid` is mandatory to update a territory's
      records. Automation rules run only when the job has fewer than 1,000 records. While a
      job runs for a custom view, another request for it gets `ALREADY_SCHEDULED` (202).

    At most **3 fields in Deals and 1 field in every other module** per call. Email, lookup,
    layout, multi-line fields and line items cannot be mass updated. `over_write` chooses, for
    multi-select picklists, between replacing (`true`) and adding (`false`, the default).
    Territory ids come from Zoho's Territories API. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        body (MassUpdateRequest): Body of CRM Mass Update. Give **either** `ids` (non-scheduler
            type: at most 500 records,
            updated at once, one result per id) **or** `cvid` (scheduler type: the records of a custom
            view, optionally narrowed to a `territory`, updated by a background job; at most 50,000
            records; poll the returned `job_id`). `cvid` is mandatory when updating a territory's
            records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MassUpdateResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: ApiVersion,
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    body: MassUpdateRequest,
) -> ErrorResponse | MassUpdateResponse | None:
    """Mass update records

     Sets the same field values on many records of a module, up to 50,000 in all.

    - **By `ids`** (non-scheduler type): at most **500** ids per call, updated at once, one
      result per id in input order; invalid ids fail alone and the valid ones are updated
      (HTTP 207 when some fail). Automation rules (approvals, blueprints, workflows) run.
    - **By `cvid`** (scheduler type), optionally with a `territory` (`id`, `include_child`):
      a background job is scheduled and its `job_id` returned (HTTP 202); poll it with
      `GET …/actions/mass_update?job_id=`. `cvid` is mandatory to update a territory's
      records. Automation rules run only when the job has fewer than 1,000 records. While a
      job runs for a custom view, another request for it gets `ALREADY_SCHEDULED` (202).

    At most **3 fields in Deals and 1 field in every other module** per call. Email, lookup,
    layout, multi-line fields and line items cannot be mass updated. `over_write` chooses, for
    multi-select picklists, between replacing (`true`) and adding (`false`, the default).
    Territory ids come from Zoho's Territories API. Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        body (MassUpdateRequest): Body of CRM Mass Update. Give **either** `ids` (non-scheduler
            type: at most 500 records,
            updated at once, one result per id) **or** `cvid` (scheduler type: the records of a custom
            view, optionally narrowed to a `territory`, updated by a background job; at most 50,000
            records; poll the returned `job_id`). `cvid` is mandatory when updating a territory's
            records.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MassUpdateResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            client=client,
            body=body,
        )
    ).parsed
