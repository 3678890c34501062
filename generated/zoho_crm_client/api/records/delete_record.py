from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.delete_records_response import DeleteRecordsResponse
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    wf_trigger: bool | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_external, Unset):
        headers["X-EXTERNAL"] = x_external

    params: dict[str, Any] = {}

    params["wf_trigger"] = wf_trigger

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
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
) -> DeleteRecordsResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DeleteRecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> DeleteRecordsResponse | ErrorResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = DeleteRecordsResponse.from_dict(data)

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
) -> Response[DeleteRecordsResponse | ErrorResponse]:
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
    wf_trigger: bool | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[DeleteRecordsResponse | ErrorResponse]:
    """Delete a record

     Deletes the record named by `record_id` (source: Zoho's CRM Delete Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/delete-records.html).
    Deleted records go to the recycle bin; their subforms are deleted with them. By default every
    workflow related to the API runs; `wf_trigger=false` runs none.
    Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        wf_trigger (bool | Unset):
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteRecordsResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        wf_trigger=wf_trigger,
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
    wf_trigger: bool | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> DeleteRecordsResponse | ErrorResponse | None:
    """Delete a record

     Deletes the record named by `record_id` (source: Zoho's CRM Delete Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/delete-records.html).
    Deleted records go to the recycle bin; their subforms are deleted with them. By default every
    workflow related to the API runs; `wf_trigger=false` runs none.
    Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        wf_trigger (bool | Unset):
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteRecordsResponse | ErrorResponse
    """

    return sync_detailed(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        client=client,
        wf_trigger=wf_trigger,
        x_external=x_external,
    ).parsed


async def asyncio_detailed(
    version: ApiVersion,
    module_api_name: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    wf_trigger: bool | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> Response[DeleteRecordsResponse | ErrorResponse]:
    """Delete a record

     Deletes the record named by `record_id` (source: Zoho's CRM Delete Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/delete-records.html).
    Deleted records go to the recycle bin; their subforms are deleted with them. By default every
    workflow related to the API runs; `wf_trigger=false` runs none.
    Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        wf_trigger (bool | Unset):
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteRecordsResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        module_api_name=module_api_name,
        record_id=record_id,
        wf_trigger=wf_trigger,
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
    wf_trigger: bool | Unset = UNSET,
    x_external: str | Unset = UNSET,
) -> DeleteRecordsResponse | ErrorResponse | None:
    """Delete a record

     Deletes the record named by `record_id` (source: Zoho's CRM Delete Records page,
    https://www.zoho.com/crm/developer/docs/api/v8/delete-records.html).
    Deleted records go to the recycle bin; their subforms are deleted with them. By default every
    workflow related to the API runs; `wf_trigger=false` runs none.
    Every documented error is in `x-zoho-errors`.

    Args:
        version (ApiVersion): A Zoho CRM API version. The record-write operations behave the same
            from v2 to v8; v8 is the current one.
        module_api_name (str):
        record_id (str):
        wf_trigger (bool | Unset):
        x_external (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteRecordsResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            module_api_name=module_api_name,
            record_id=record_id,
            client=client,
            wf_trigger=wf_trigger,
            x_external=x_external,
        )
    ).parsed
