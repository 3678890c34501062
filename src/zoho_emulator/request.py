"""A request as the handlers see it, body parsing, and what every handler shares."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from .auth import TokenSpec
from .exceptions import invalid_body

try:
    import orjson

    loads = orjson.loads
    JSONDecodeError: type[Exception] = orjson.JSONDecodeError
except ImportError:  # pragma: no cover
    loads = json.loads  # type: ignore[assignment]
    JSONDecodeError = json.JSONDecodeError

if TYPE_CHECKING:
    from .app import Emulator

Result = tuple[int, Any, dict[str, str] | None]
"""(HTTP status, JSON-able body or raw bytes or None, extra headers)"""


class Req:
    __slots__ = (
        "method",
        "path",
        "query_string",
        "headers",
        "body",
        "product",
        "params",
        "token",
        "_query",
    )

    def __init__(
        self, method: str, path: str, query_string: bytes, headers: dict[str, str], body: bytes
    ):
        self.method = method
        self.path = path
        self.query_string = query_string
        self.headers = headers
        self.body = body
        self.product: str = ""  # "crm" / "bigin" for API paths
        self.params: dict[str, str] = {}
        self.token: TokenSpec = None  # type: ignore[assignment]  # set once authenticated
        self._query: dict[str, str] | None = None

    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            self._query = dict(
                parse_qsl(self.query_string.decode("latin-1"), keep_blank_values=True)
            )
        return self._query


# ---------------------------------------------------------------------------------------------
# body parsing


def parse_json(body: bytes) -> Any:
    if not body or not body.strip():
        raise invalid_body({"json_path": "$", "reason": "the request body is empty"})
    try:
        return loads(body)
    except JSONDecodeError as e:
        details: dict[str, Any] = {"reason": "the request body is not valid JSON"}
        for attr, key in (("pos", "position"), ("lineno", "line"), ("colno", "column")):
            v = getattr(e, attr, None)
            if v is not None:
                details[key] = v
        raise invalid_body(details) from None
    except (UnicodeDecodeError, ValueError):
        raise invalid_body({"reason": "the request body is not valid JSON"}) from None


def parse_object(body: bytes) -> dict[str, Any]:
    doc = parse_json(body)
    if type(doc) is not dict:
        raise invalid_body({"json_path": "$", "expected_data_type": "jsonobject"})
    return doc


class HandlerBase:
    """The emulator's services, and resolving the module and user of a request."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.backend = emu.backend
        self.tokens = emu.tokens

    def _module(self, req: Req, kind: str, op: str) -> str:
        """Resolve and authorise the module of the request; its canonical api name."""
        st = self.backend.products[req.product]
        mod = st.module_def(req.params["module"])
        self.tokens.authorize(req.token, req.product, kind, mod.scope_name, op, mod.api_name)
        return mod.api_name

    def _user(self, req: Req) -> str | None:
        return req.token.users.get(req.product) if req.token else None
