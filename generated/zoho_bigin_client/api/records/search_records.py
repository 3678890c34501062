from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.records_page_response import RecordsPageResponse
from ...models.search_records_approved import SearchRecordsApproved
from ...types import UNSET, Response, Unset


def _get_kwargs(
    module_api_name: str,
    *,
    criteria: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    word: str | Unset = UNSET,
    approved: SearchRecordsApproved | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["criteria"] = criteria

    params["email"] = email

    params["phone"] = phone

    params["word"] = word

    json_approved: str | Unset = UNSET
    if not isinstance(approved, Unset):
        json_approved = approved

    params["approved"] = json_approved

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/bigin/v2/{module_api_name}/search".format(
            module_api_name=quote(str(module_api_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse | RecordsPageResponse | None:
    if response.status_code == 200:
        response_200 = RecordsPageResponse.from_dict(response.json())

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
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
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
    criteria: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    word: str | Unset = UNSET,
    approved: SearchRecordsApproved | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
    """Search records

     Searches the records of a module (source: Zoho's Bigin Search records page,
    https://www.bigin.com/developer/docs/apis/v2/search-records.html; beyond its opening the CRM page's
    rules, which Bigin's record API mirrors, are assumed).
    Give one of `criteria`, `email`, `phone` or `word`; given several, only one is used, in that
    order. `criteria` takes at most **10** conditions; `in` at most 100 values. Search reaches
    the first **2,000** matches (`page` × `per_page`, at most 200 per page; there is no page
    token; `LIMIT_REACHED` beyond). No match is HTTP 204 with no body; so is a record written
    moments ago and not yet indexed (use COQL to read without that delay).

    Needs the module's READ (or ALL) scope **and** `ZohoSearch.securesearch.READ`. Every
    documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        criteria (str | Unset):
        email (str | Unset):
        phone (str | Unset):
        word (str | Unset):
        approved (SearchRecordsApproved | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsPageResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        criteria=criteria,
        email=email,
        phone=phone,
        word=word,
        approved=approved,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    criteria: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    word: str | Unset = UNSET,
    approved: SearchRecordsApproved | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponse | RecordsPageResponse | None:
    """Search records

     Searches the records of a module (source: Zoho's Bigin Search records page,
    https://www.bigin.com/developer/docs/apis/v2/search-records.html; beyond its opening the CRM page's
    rules, which Bigin's record API mirrors, are assumed).
    Give one of `criteria`, `email`, `phone` or `word`; given several, only one is used, in that
    order. `criteria` takes at most **10** conditions; `in` at most 100 values. Search reaches
    the first **2,000** matches (`page` × `per_page`, at most 200 per page; there is no page
    token; `LIMIT_REACHED` beyond). No match is HTTP 204 with no body; so is a record written
    moments ago and not yet indexed (use COQL to read without that delay).

    Needs the module's READ (or ALL) scope **and** `ZohoSearch.securesearch.READ`. Every
    documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        criteria (str | Unset):
        email (str | Unset):
        phone (str | Unset):
        word (str | Unset):
        approved (SearchRecordsApproved | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsPageResponse
    """

    return sync_detailed(
        module_api_name=module_api_name,
        client=client,
        criteria=criteria,
        email=email,
        phone=phone,
        word=word,
        approved=approved,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    criteria: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    word: str | Unset = UNSET,
    approved: SearchRecordsApproved | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponse | RecordsPageResponse]:
    """Search records

     Searches the records of a module (source: Zoho's Bigin Search records page,
    https://www.bigin.com/developer/docs/apis/v2/search-records.html; beyond its opening the CRM page's
    rules, which Bigin's record API mirrors, are assumed).
    Give one of `criteria`, `email`, `phone` or `word`; given several, only one is used, in that
    order. `criteria` takes at most **10** conditions; `in` at most 100 values. Search reaches
    the first **2,000** matches (`page` × `per_page`, at most 200 per page; there is no page
    token; `LIMIT_REACHED` beyond). No match is HTTP 204 with no body; so is a record written
    moments ago and not yet indexed (use COQL to read without that delay).

    Needs the module's READ (or ALL) scope **and** `ZohoSearch.securesearch.READ`. Every
    documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        criteria (str | Unset):
        email (str | Unset):
        phone (str | Unset):
        word (str | Unset):
        approved (SearchRecordsApproved | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | RecordsPageResponse]
    """

    kwargs = _get_kwargs(
        module_api_name=module_api_name,
        criteria=criteria,
        email=email,
        phone=phone,
        word=word,
        approved=approved,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    module_api_name: str,
    *,
    client: AuthenticatedClient,
    criteria: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    word: str | Unset = UNSET,
    approved: SearchRecordsApproved | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponse | RecordsPageResponse | None:
    """Search records

     Searches the records of a module (source: Zoho's Bigin Search records page,
    https://www.bigin.com/developer/docs/apis/v2/search-records.html; beyond its opening the CRM page's
    rules, which Bigin's record API mirrors, are assumed).
    Give one of `criteria`, `email`, `phone` or `word`; given several, only one is used, in that
    order. `criteria` takes at most **10** conditions; `in` at most 100 values. Search reaches
    the first **2,000** matches (`page` × `per_page`, at most 200 per page; there is no page
    token; `LIMIT_REACHED` beyond). No match is HTTP 204 with no body; so is a record written
    moments ago and not yet indexed (use COQL to read without that delay).

    Needs the module's READ (or ALL) scope **and** `ZohoSearch.securesearch.READ`. Every
    documented error is in `x-zoho-errors`.

    Args:
        module_api_name (str):
        criteria (str | Unset):
        email (str | Unset):
        phone (str | Unset):
        word (str | Unset):
        approved (SearchRecordsApproved | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | RecordsPageResponse
    """

    return (
        await asyncio_detailed(
            module_api_name=module_api_name,
            client=client,
            criteria=criteria,
            email=email,
            phone=phone,
            word=word,
            approved=approved,
            page=page,
            per_page=per_page,
        )
    ).parsed
