"""The read operations of ``AsyncCrm`` and ``AsyncBigin`` (one page, every page lazily,
search), apart from the writes in ``resources`` so that each module stays readable; the two
classes take them as base classes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any

from .. import _constants as C
from .. import _operations as ops
from .._exceptions import SearchLimitError
from .._http import Req
from .._outcomes import RecordsPage
from .._resources import Ids, Paging, Stop, _BiginRequests, _CrmRequests, make_read

if TYPE_CHECKING:
    from .._client import AsyncZohoClient


class _CrmReads:
    """Zoho CRM's record reads (``client.crm``)."""

    _client: AsyncZohoClient

    async def get_records(
        self,
        module: str,
        *,
        fields: Sequence[str] | str,
        page: int | None = None,
        per_page: int | None = None,
        page_token: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        cvid: str | int | None = None,
        ids: Ids | None = None,
        approved: bool | None = None,
        converted: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordsPage:
        """One page of the module's records: ``page`` (up to record 2,000) or ``page_token``
        (from an earlier page's ``next_page_token``), ``per_page`` up to 200. ``fields`` (at
        most 50 API names) is required by Zoho. No records: an empty page."""
        read = make_read(
            fields=fields,
            fields_required=True,
            sort_by=sort_by,
            sort_order=sort_order,
            cvid=cvid,
            ids=ids,
            approved=approved,
            converted=converted,
        )
        paging = _one_page(page, per_page, page_token)
        req = _CrmRequests.get_records(module, version, read)(paging)
        return ops.parse_page(await self._client._send(req))

    def iter_records(
        self,
        module: str,
        *,
        fields: Sequence[str] | str,
        per_page: int = C.RECORDS_PER_PAGE,
        sort_by: str | None = None,
        sort_order: str | None = None,
        cvid: str | int | None = None,
        approved: bool | None = None,
        converted: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every record of the module (dicts keyed by field API name), read lazily page after
        page: ``per_page`` at a time, by page number for the first 2,000 and by page token
        after (up to Zoho's 100,000), so memory stays one page however many there are. No
        records: nothing is yielded. ``stop`` (polled before each page is requested) ends the
        read after the page in hand."""
        read = make_read(
            fields=fields,
            fields_required=True,
            sort_by=sort_by,
            sort_order=sort_order,
            cvid=cvid,
            approved=approved,
            converted=converted,
        )
        page_req = _CrmRequests.get_records(module, version, read)
        return _pages(self._client, page_req, per_page, stop, module, tokens=True)

    def iter_search(
        self,
        module: str,
        *,
        criteria: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        word: str | None = None,
        fields: Sequence[str] | str | None = None,
        per_page: int = C.RECORDS_PER_PAGE,
        approved: bool | None = None,
        converted: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """The records matching one of ``criteria`` (``"(Stage:equals:Closed Won)"``),
        ``email``, ``phone`` or ``word``, read lazily page after page (constant memory). Zoho
        lets a search reach its first 2,000 matches: past them ``SearchLimitError`` is raised
        after the 2,000 are yielded. No match: nothing is yielded. ``stop``: as
        ``iter_records``."""
        read = make_read(
            fields=fields,
            fields_required=False,
            approved=approved,
            converted=converted,
            search=ops.search_param(criteria, email, phone, word),
        )
        page_req = _CrmRequests.search(module, version, read)
        return _pages(self._client, page_req, per_page, stop, module, tokens=False)


class _BiginReads:
    """Zoho Bigin's record reads (``client.bigin``)."""

    _client: AsyncZohoClient

    async def get_records(
        self,
        module: str,
        *,
        fields: Sequence[str] | str,
        page: int | None = None,
        per_page: int | None = None,
        page_token: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        cvid: str | int | None = None,
        ids: Ids | None = None,
        approved: bool | None = None,
    ) -> RecordsPage:
        """One page of the module's records (as ``client.crm.get_records``)."""
        read = make_read(
            fields=fields,
            fields_required=True,
            sort_by=sort_by,
            sort_order=sort_order,
            cvid=cvid,
            ids=ids,
            approved=approved,
        )
        req = _BiginRequests.get_records(module, read)(_one_page(page, per_page, page_token))
        return ops.parse_page(await self._client._send(req))

    def iter_records(
        self,
        module: str,
        *,
        fields: Sequence[str] | str,
        per_page: int = C.RECORDS_PER_PAGE,
        sort_by: str | None = None,
        sort_order: str | None = None,
        cvid: str | int | None = None,
        approved: bool | None = None,
        stop: Stop = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every record of the module, read lazily page after page (page tokens past 2,000;
        constant memory), as ``client.crm.iter_records``."""
        read = make_read(
            fields=fields,
            fields_required=True,
            sort_by=sort_by,
            sort_order=sort_order,
            cvid=cvid,
            approved=approved,
        )
        page_req = _BiginRequests.get_records(module, read)
        return _pages(self._client, page_req, per_page, stop, module, tokens=True)

    def iter_search(
        self,
        module: str,
        *,
        criteria: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        word: str | None = None,
        per_page: int = C.RECORDS_PER_PAGE,
        approved: bool | None = None,
        stop: Stop = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """The records matching one of ``criteria``, ``email``, ``phone`` or ``word``, lazily
        (the first 2,000 matches; ``SearchLimitError`` past them), as
        ``client.crm.iter_search``. (Bigin's search returns every field: it takes no
        ``fields``.)"""
        read = make_read(
            fields=None,
            fields_required=False,
            approved=approved,
            search=ops.search_param(criteria, email, phone, word),
        )
        page_req = _BiginRequests.search(module, read)
        return _pages(self._client, page_req, per_page, stop, module, tokens=False)


def _one_page(page: int | None, per_page: int | None, page_token: str | None) -> Paging:
    if page is not None and page_token is not None:
        raise ValueError("give page or page_token, not both")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        raise ValueError(f"page must be 1 or more, got {page!r}")
    if page_token is not None and (not isinstance(page_token, str) or not page_token):
        raise ValueError("page_token must be the next_page_token of an earlier page")
    return Paging(ops.per_page_param(per_page), page, page_token)


def _pages(
    client: AsyncZohoClient,
    page_req: Callable[[Paging], Req],
    per_page: int,
    stop: Stop,
    module: str,
    *,
    tokens: bool,
) -> AsyncIterator[dict[str, Any]]:
    """The records of every page, one page in memory at a time. Past ``PAGE_REACH`` a read
    goes on by page token (``tokens``); a search cannot, and raises ``SearchLimitError``.
    ``per_page`` and a closed client are errors when the ``iter_…`` method is called (nothing
    is read before), as in the writes' streams."""
    client._check_open()
    return _read_pages(client, page_req, Paging(ops.per_page_param(per_page)), stop, module, tokens)


async def _read_pages(
    client: AsyncZohoClient,
    page_req: Callable[[Paging], Req],
    paging: Paging,
    stop: Stop,
    module: str,
    tokens: bool,
) -> AsyncIterator[dict[str, Any]]:
    while True:
        page = ops.parse_page(await client._send(page_req(paging)))
        for record in page.records:
            yield record
        if stop is not None and stop():
            return
        if not paging.advance(page, tokens=tokens):
            if page.more_records and page.records and not tokens:
                raise SearchLimitError(
                    module, paging.reached(paging.per_page or C.RECORDS_PER_PAGE)
                )
            return
