"""Handlers of the control endpoints under ``/_emulator/`` (reset, load, health, records,
faults, tokens, the request log, the limits and their counters): moto's ``/moto-api/``."""

from __future__ import annotations

from typing import Any

from .auth import TokenSpec
from .exceptions import ZohoError, invalid_body
from .faults import FaultRule
from .limits import LoadProfile
from .request import HandlerBase, Req, Result, parse_object


class ControlHandlers(HandlerBase):
    """One method per control endpoint (``urls`` names them ``ctl_*``)."""

    def ctl_reset(self, req: Req) -> Result:
        if req.body.strip() and parse_object(req.body):
            raise invalid_body({"json_path": "$", "reason": "reset takes no body (or {})"})
        self.emu.reset()
        return 200, {"status": "success", "message": "emulator reset"}, None

    def ctl_load(self, req: Req) -> Result:
        doc = parse_object(req.body)
        try:
            self.emu.reset(dataset=doc)
        except ZohoError:
            raise
        except Exception as e:  # any shape the dataset reader cannot take is the body's fault
            self.emu.reset()  # back to a usable state: the configured dataset
            raise invalid_body(
                {"reason": f"invalid dataset ({type(e).__name__}: {e}); the state was reset"}
            ) from None
        return 200, {"status": "success", "message": "dataset loaded"}, None

    def ctl_health(self, req: Req) -> Result:
        counts = {
            p: {m: len(r) for m, r in st.records.items()} for p, st in self.backend.products.items()
        }
        return 200, {"status": "ok", "records": counts}, None

    def ctl_records(self, req: Req) -> Result:
        product = req.params["product"]
        if product not in self.backend.products:
            raise ZohoError(
                code="INVALID_DATA",
                message="the product given seems to be invalid",
                status=400,
                details={"product": product},
            )
        st = self.backend.products[product]
        with self.backend.lock:
            self.backend._advance_jobs(st)
            mod = st.module_def(req.params["module"])
            return 200, {"data": [dict(r) for r in st.records[mod.api_name].values()]}, None

    def ctl_faults_get(self, req: Req) -> Result:
        return 200, {"faults": [r.to_dict() for r in self.emu.faults.rules]}, None

    def ctl_faults_set(self, req: Req) -> Result:
        doc = parse_object(req.body)
        unknown = sorted(set(doc) - {"faults", "mode"})
        if unknown or type(doc.get("faults")) is not list:
            # (a body without "faults" used to clear every rule and answer 200)
            raise invalid_body(
                {
                    "json_path": "$.faults",
                    "expected_data_type": "jsonarray",
                    "reason": 'expected {"faults": [rule, ...], "mode": "replace"|"append"}'
                    + (f"; unknown keys {unknown}" if unknown else ""),
                }
            )
        mode = doc.get("mode", "replace")
        if mode not in ("replace", "append"):
            raise invalid_body({"json_path": "$.mode", "reason": "mode is replace or append"})
        items = doc["faults"]
        try:
            rules = [FaultRule.from_dict(x) for x in items]
        except (TypeError, ValueError, AttributeError) as e:
            raise invalid_body({"json_path": "$.faults", "reason": str(e)}) from None
        if mode == "append":
            self.emu.faults.add(rules)
        else:
            self.emu.faults.set(rules)
        return self.ctl_faults_get(req)

    def ctl_faults_clear(self, req: Req) -> Result:
        self.emu.faults.clear()
        return 200, {"faults": []}, None

    def ctl_tokens_add(self, req: Req) -> Result:
        """``{"token": str, "scopes"?: [str] | "a,b" | null, "users"?: {product: user id},
        "denied_modules"?: [str], "expires_in"?: seconds}``; anything else is a 400 naming the
        key and what it must be (nothing is added)."""
        import math
        import time as _time

        doc = parse_object(req.body)
        allowed = {"token", "scopes", "users", "denied_modules", "expires_in"}
        unknown = sorted(set(doc) - allowed)
        if unknown:
            raise invalid_body(
                {"json_path": "$", "reason": f"unknown keys {unknown}; use {sorted(allowed)}"}
            )

        def bad(key: str, expected: str, reason: str) -> ZohoError:
            return invalid_body(
                {"json_path": f"$.{key}", "expected_data_type": expected, "reason": reason}
            )

        tok = doc.get("token")
        if type(tok) is not str or not tok.strip() or any(c.isspace() for c in tok):
            raise bad("token", "text", "token must be a non-empty string without spaces")
        kw: dict[str, Any] = {}
        scopes = doc.get("scopes")
        if scopes is not None and type(scopes) is not str:
            if type(scopes) is not list or any(type(x) is not str for x in scopes):
                raise bad("scopes", "jsonarray", "scopes is a list of scope names (or a string)")
        denied = doc.get("denied_modules")
        if denied is not None:
            if type(denied) is not list or any(type(x) is not str for x in denied):
                raise bad("denied_modules", "jsonarray", "denied_modules is a list of module names")
            kw["denied_modules"] = list(denied)
        users = doc.get("users")
        if users is not None:
            if type(users) is not dict:
                raise bad("users", "jsonobject", 'users maps a product to a user id: {"crm": "1"}')
            for product, uid in users.items():
                st = self.backend.products.get(product)
                if st is None or type(uid) is not str or uid not in st.users:
                    raise bad(
                        f"users.{product}",
                        "text",
                        f"users: {product!r} must be a product ({sorted(self.backend.products)}) "
                        f"and {uid!r} the id of one of its users",
                    )
            kw["users"] = dict(users)
        expires_in = doc.get("expires_in")
        if expires_in is not None:
            if (
                type(expires_in) not in (int, float)
                or not math.isfinite(expires_in)
                or abs(expires_in) > 10**9
            ):
                raise bad("expires_in", "double", "expires_in is a number of seconds")
            kw["expires_at"] = _time.time() + float(expires_in)
        spec = TokenSpec.make(tok, scopes, **kw)
        with self.tokens.lock:
            self.tokens.tokens[tok] = spec
            self.tokens._scope_cache.clear()
        return 200, {"status": "success", "token": tok}, None

    def ctl_requests(self, req: Req) -> Result:
        return 200, {"requests": list(self.backend.request_log)}, None

    def ctl_stats(self, req: Req) -> Result:
        """Requests, 429s by reason, credits, peak concurrency, calls in flight, latency."""
        return 200, self.emu.load.stats(), None

    def ctl_stats_zero(self, req: Req) -> Result:
        """Zero the counters; the limits, the credit window and the calls in flight stay."""
        self.emu.load.zero()
        return self.ctl_stats(req)

    def ctl_limits_get(self, req: Req) -> Result:
        return 200, {"limits": self.emu.load.profile.to_dict()}, None

    def ctl_limits_set(self, req: Req) -> Result:
        """``{"edition"?, "users"?, "max_concurrent_requests"?, "sub_concurrency"?,
        "daily_credits"?, "latency"?}``: these limits from now on (what is left out is off, or
        the edition's), with a fresh credit window and zeroed counters."""
        doc = parse_object(req.body)
        try:
            profile = LoadProfile.from_mapping(doc)
        except (TypeError, ValueError) as e:
            raise invalid_body({"json_path": "$", "reason": str(e)}) from None
        self.emu.load.configure(profile)
        return self.ctl_limits_get(req)

    def ctl_limits_clear(self, req: Req) -> Result:
        """No limits and no latency (until the next reset restores the configured ones)."""
        self.emu.load.configure(LoadProfile())
        return self.ctl_limits_get(req)
