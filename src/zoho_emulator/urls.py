"""Routing: Zoho's URL patterns -> handler names.

``/crm/{version}/...`` (version v2 v2.1 v3 ... v8), ``/bigin/v2/...``, ``/oauth/v2/token`` and
the control endpoints under ``/_emulator/``. An unknown path is ``INVALID_URL_PATTERN`` (404),
a known path with a method it does not serve is ``INVALID_REQUEST_METHOD`` (400). A path with an
encoded slash (``%2F``) in a segment is one no pattern matches, so also ``INVALID_URL_PATTERN``.
"""

from __future__ import annotations

import zoho_wire_facts as wire

from .exceptions import invalid_request_method, invalid_url_pattern

CRM_VERSIONS = frozenset(wire.CRM_VERSIONS)
BIGIN_VERSIONS = frozenset(wire.BIGIN_VERSIONS)

SETTINGS = {"fields": "get_fields", "modules": "get_modules", "related_lists": "get_related_lists"}


def _pick(method: str, table: dict[str, str]) -> str:
    h = table.get(method)
    if h is None:
        raise invalid_request_method()
    return h


def has_encoded_slash(raw_path: bytes) -> bool:
    """Whether an undecoded request path has an encoded slash (``%2F``/``%2f``) in a segment."""
    # ASGI's raw_path has no query string, but an in-process client may leave one on
    raw = raw_path.partition(b"?")[0]
    return b"%" in raw and b"%2f" in raw.lower()


def resolve(
    method: str, path: str, extra_operations: bool = False, raw_path: bytes | None = None
) -> tuple[str, str | None, dict[str, str]]:
    """(handler name, product or None, path params).

    ``extra_operations`` is ignored (deprecated: insert, upsert, get records, search and delete
    are in the wire contract since spec 2.2.0 and always served). ``raw_path`` is the path as
    sent (before percent-decoding), when the server provides it.
    """
    # Zoho keeps an encoded slash inside its segment: "Deals%2F554023000000497007" is one
    # segment (a module no pattern has), never the module Deals and a record id, which routing
    # the decoded path would make of it
    if raw_path is not None and has_encoded_slash(raw_path):
        raise invalid_url_pattern()
    parts = path.strip("/").split("/")
    top = parts[0]
    if top == "crm" or top == "bigin":
        if len(parts) < 3:
            raise invalid_url_pattern()
        if parts[1] not in (CRM_VERSIONS if top == "crm" else BIGIN_VERSIONS):
            raise invalid_url_pattern()
        return _resolve_api(method, top, parts[2:])
    if top == "oauth" and parts[1:] == ["v2", "token"]:
        return _pick(method, {"POST": "oauth_token"}), None, {}
    if top == "_emulator":
        return _resolve_control(method, parts[1:])
    raise invalid_url_pattern()


MODULE_OPS = {
    "PUT": "update_records",
    "GET": "get_records",
    "POST": "insert_records",
    "DELETE": "delete_records",
}
RECORD_OPS = {"PUT": "update_record", "GET": "get_record", "DELETE": "delete_record"}


def _resolve_api(method: str, product: str, rest: list[str]) -> tuple[str, str, dict[str, str]]:
    n = len(rest)
    first = rest[0]
    if not first:
        raise invalid_url_pattern()
    if first == "settings":
        if n == 2 and rest[1] in SETTINGS:
            return _pick(method, {"GET": SETTINGS[rest[1]]}), product, {}
        if n == 3 and rest[1] == "modules":
            return _pick(method, {"GET": "get_module"}), product, {"module": rest[2]}
        raise invalid_url_pattern()
    if n == 1 and first in ("users", "org"):
        return _pick(method, {"GET": "get_" + first}), product, {}
    params = {"module": first}
    if n == 1:
        return _pick(method, MODULE_OPS), product, params
    second = rest[1]
    if n == 2:
        if second == "upsert":
            return _pick(method, {"POST": "upsert_records"}), product, params
        if second == "search":
            return _pick(method, {"GET": "search_records"}), product, params
        if second == "actions":
            raise invalid_url_pattern()
        params["record_id"] = second
        return _pick(method, RECORD_OPS), product, params
    if n == 3:
        if second == "actions":
            if rest[2] == "mass_update" and product == "crm":
                return (
                    _pick(method, {"POST": "mass_update", "GET": "mass_update_status"}),
                    product,
                    params,
                )
            raise invalid_url_pattern()
        params["record_id"] = second
        params["related_list"] = rest[2]
        return _pick(method, {"PUT": "update_related", "GET": "get_related"}), product, params
    raise invalid_url_pattern()


def _resolve_control(method: str, rest: list[str]) -> tuple[str, None, dict[str, str]]:
    key = "/".join(rest)
    simple = {
        "reset": {"POST": "ctl_reset"},
        "load": {"POST": "ctl_load"},
        "health": {"GET": "ctl_health"},
        "faults": {"GET": "ctl_faults_get", "POST": "ctl_faults_set", "DELETE": "ctl_faults_clear"},
        "tokens": {"POST": "ctl_tokens_add"},
        "requests": {"GET": "ctl_requests"},
    }
    if key in simple:
        return _pick(method, simple[key]), None, {}
    if len(rest) == 3 and rest[0] == "records":
        return _pick(method, {"GET": "ctl_records"}), None, {"product": rest[1], "module": rest[2]}
    raise invalid_url_pattern()
