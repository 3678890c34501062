"""openapi-core adapters for httpx: validate what an httpx client sends or receives.

openapi-core (0.23) ships adapters for requests, werkzeug, starlette, ... but not httpx. These
two small classes implement its ``Request`` and ``Response`` protocols over ``httpx.Request`` and
``httpx.Response``::

    from openapi_core import OpenAPI
    from contract_tests.openapi_httpx import HttpxOpenAPIRequest, HttpxOpenAPIResponse

    api = OpenAPI.from_dict(bundle)
    api.validate_request(HttpxOpenAPIRequest(request))
    api.validate_response(HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(response))

The host is not matched against the spec's ``servers`` unless ``match_servers=True``: the
clients are pointed at emulators and mocks, so by default every request is given the host of
the spec's first server (``spec_base_url``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = ["HttpxOpenAPIRequest", "HttpxOpenAPIResponse"]


class HttpxOpenAPIRequest:
    """An ``httpx.Request`` seen through openapi-core's ``Request`` protocol."""

    def __init__(self, request: httpx.Request, *, spec_base_url: str | None = None) -> None:
        if not isinstance(request, httpx.Request):
            raise TypeError(f"expected httpx.Request, got {type(request).__name__}")
        self.request = request
        url = urlsplit(str(request.url))
        self._path = url.path
        if spec_base_url is not None:
            base = urlsplit(spec_base_url)
            self._host_url = f"{base.scheme}://{base.netloc}"
            # A server URL with a path part (https://host/api) prefixes every path.
            self._path = base.path.rstrip("/") + url.path if base.path else url.path
        else:
            self._host_url = f"{url.scheme}://{url.netloc}"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(url.query, keep_blank_values=True)),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(_cookies(request)),
        )

    @property
    def host_url(self) -> str:
        return self._host_url

    @property
    def path(self) -> str:
        return self._path

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        content = self.request.read()
        return content if content else None

    @property
    def content_type(self) -> str:
        return str(self.request.headers.get("Content-Type", "")).lower()


class HttpxOpenAPIResponse:
    """An ``httpx.Response`` seen through openapi-core's ``Response`` protocol."""

    def __init__(self, response: httpx.Response) -> None:
        if not isinstance(response, httpx.Response):
            raise TypeError(f"expected httpx.Response, got {type(response).__name__}")
        self.response = response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return str(self.response.headers.get("Content-Type", "")).lower()

    @property
    def headers(self) -> Headers:
        return Headers(list(self.response.headers.multi_items()))

    @property
    def data(self) -> bytes | None:
        content = self.response.read()
        return content if content else None


def _cookies(request: httpx.Request) -> list[tuple[str, str]]:
    header = request.headers.get("Cookie")
    if not header:
        return []
    pairs = []
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            pairs.append((name, value))
    return pairs
