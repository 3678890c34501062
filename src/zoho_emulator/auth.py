"""Access tokens, OAuth scopes and the OAuth token endpoint.

A token carries a set of scopes (``"*"`` = every scope), optionally the user it acts as per
product, modules its user has no permission for, and an expiry time. Requests need the header
``Authorization: Zoho-oauthtoken <token>``.

Scope checks (case-insensitive), per operation:

=================  ===========================================================================
CRM update         ZohoCRM.modules.ALL | ZohoCRM.modules.{m}.{ALL|WRITE|UPDATE}
CRM read           ZohoCRM.modules.ALL | ZohoCRM.modules.READ | ZohoCRM.modules.{m}.{ALL|READ}
CRM upsert/insert  ZohoCRM.modules.ALL | ZohoCRM.modules.{m}.{ALL|WRITE|CREATE}
CRM mass update    ZohoCRM.mass_update.{ALL|UPDATE} | ZohoCRM.mass_update.{m}.{ALL|UPDATE}
CRM search         the read scopes, and ZohoSearch.securesearch.{ALL|READ} besides (both needed)
metadata           ZohoCRM.settings.ALL | ZohoCRM.settings.READ | ZohoCRM.settings.{x}.{ALL|READ}
Bigin              the same with ZohoBigin
=================  ===========================================================================
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .exceptions import invalid_token, no_permission, scope_mismatch

ALL_SCOPES = "*"
# Search Records needs this scope beside the module's read scope (the CRM v8 and Bigin v2
# Search Records pages: "ZohoSearch.securesearch.READ"; openapi/paths/*/search.yaml)
SEARCH_SCOPES = ("zohosearch.securesearch.all", "zohosearch.securesearch.read")
PREFIX = "Zoho-oauthtoken "

OPS = {
    "update": ("ALL", "WRITE", "UPDATE"),
    "read": ("ALL", "READ"),
    "create": ("ALL", "WRITE", "CREATE"),
    "delete": ("ALL", "DELETE"),
}


@dataclass
class TokenSpec:
    token: str
    scopes: frozenset[str] = frozenset({ALL_SCOPES})
    users: dict[str, str] = field(default_factory=dict)  # product -> user id
    denied_modules: frozenset[str] = frozenset()  # lower-case module api names without permission
    expires_at: float | None = None

    @classmethod
    def make(cls, token: str, scopes: Any = None, **kw: Any) -> TokenSpec:
        if scopes is None:
            sc = frozenset({ALL_SCOPES})
        elif isinstance(scopes, str):
            sc = frozenset(
                s.strip().lower() for s in scopes.replace(" ", ",").split(",") if s.strip()
            )
        else:
            sc = frozenset(str(s).lower() for s in scopes)
        if "denied_modules" in kw:
            kw["denied_modules"] = frozenset(m.lower() for m in kw["denied_modules"])
        return cls(token=token, scopes=sc, **kw)

    @classmethod
    def parse_cli(cls, text: str) -> TokenSpec:
        """``TOKEN`` (all scopes) or ``TOKEN=scope1,scope2``."""
        if "=" in text:
            tok, scopes = text.split("=", 1)
            return cls.make(tok, scopes)
        return cls.make(text)


def required_scopes(
    product: str, kind: str, module_scope: str | None, op: str = "update"
) -> tuple[str, ...]:
    """The alternatives of which a token needs one (lower case)."""
    root = "zohocrm" if product == "crm" else "zohobigin"
    m = (module_scope or "").lower()
    if kind == "modules":
        alts = [f"{root}.modules.all"]
        if op == "read":
            alts.append(f"{root}.modules.read")
        alts += [f"{root}.modules.{m}.{o.lower()}" for o in OPS[op]]
        return tuple(alts)
    if kind == "mass_update":
        ops = ("all", "update", "read") if op == "read" else ("all", "update")
        return tuple(
            [f"{root}.mass_update.{o}" for o in ops] + [f"{root}.mass_update.{m}.{o}" for o in ops]
        )
    if kind == "settings":  # module_scope = settings sub-resource (fields, modules, related_lists)
        return (
            f"{root}.settings.all",
            f"{root}.settings.read",
            f"{root}.settings.{m}.all",
            f"{root}.settings.{m}.read",
        )
    if kind in ("users", "org"):
        return (f"{root}.{kind}.all", f"{root}.{kind}.read")
    raise ValueError(kind)


class TokenStore:
    """Configured and OAuth-issued access tokens."""

    def __init__(
        self,
        tokens: dict[str, TokenSpec],
        client_id: str,
        client_secret: str,
        refresh_tokens: dict[str, frozenset[str] | None],
        expires_in: int,
    ) -> None:
        self.lock = threading.Lock()
        self.configured = dict(tokens)
        self.tokens = dict(tokens)
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_tokens = refresh_tokens
        self.expires_in = expires_in
        self._scope_cache: dict[tuple[Any, ...], bool] = {}

    def reset(self) -> None:
        with self.lock:
            self.tokens = dict(self.configured)
            self._scope_cache.clear()

    def authenticate(self, header: str | None) -> TokenSpec:
        if not header or not header.startswith(PREFIX):
            raise invalid_token()
        spec = self.tokens.get(header[len(PREFIX) :].strip())
        if spec is None:
            raise invalid_token()
        if spec.expires_at is not None and time.time() >= spec.expires_at:
            raise invalid_token()
        return spec

    def authorize(
        self,
        spec: TokenSpec,
        product: str,
        kind: str,
        scope_name: str | None,
        op: str,
        module: str | None,
    ) -> None:
        key = (spec.token, product, kind, scope_name, op)
        ok = self._scope_cache.get(key)
        if ok is None:
            if ALL_SCOPES in spec.scopes:
                ok = True
            else:
                ok = any(s in spec.scopes for s in required_scopes(product, kind, scope_name, op))
            self._scope_cache[key] = ok
        if not ok:
            raise scope_mismatch()
        if module is not None and spec.denied_modules and module.lower() in spec.denied_modules:
            raise no_permission("permission denied")

    def authorize_search(self, spec: TokenSpec) -> None:
        """The search scope a search needs beside the module's read scope."""
        if ALL_SCOPES not in spec.scopes and not any(s in spec.scopes for s in SEARCH_SCOPES):
            raise scope_mismatch()

    def issue(self, form: dict[str, str]) -> dict[str, Any] | None:
        """OAuth refresh-token grant: the token response, or None for bad credentials."""
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return None
        rt = form.get("refresh_token")
        if rt not in self.refresh_tokens:
            return None
        scopes = self.refresh_tokens[rt]
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        spec = TokenSpec(
            token=token,
            scopes=scopes or frozenset({ALL_SCOPES}),
            expires_at=time.time() + self.expires_in,
        )
        with self.lock:
            # drop expired issued tokens so the table stays small
            now = time.time()
            self.tokens = {
                k: v for k, v in self.tokens.items() if v.expires_at is None or v.expires_at > now
            }
            self.tokens[token] = spec
        return {"access_token": token, "expires_in": self.expires_in, "token_type": "Bearer"}
