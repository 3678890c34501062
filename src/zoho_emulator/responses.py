"""Request parsing and result rendering, one handler per operation (moto's ``responses``).

A handler parses a :class:`Req` into typed arguments, calls the backend (``models``, which
knows nothing of HTTP) and renders its domain results: the envelope, and the HTTP status of a
write by :func:`write_status` (the one function that holds those rules). It returns
``(http_status, body, headers)`` where ``body`` is a JSON-able value, raw bytes, or None
(empty body). Errors are rendered by :meth:`~zoho_emulator.exceptions.EmulatorError.to_wire`,
the one place a domain error becomes a wire error: per record here, for the whole request in
``app`` (which catches what a handler raises).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from .control import ControlHandlers
from .exceptions import RecordError, ZohoError, invalid_body
from .field_metadata import field_metadata, metadata_style
from .models import (
    MassUpdateArgs,
    RecordResult,
    Related,
    Scheduled,
    Territory,
    Written,
)
from .queries import (
    DELETE_IDS,
    _bool_param,
    _id_list,
    parse_page_args,
    parse_search_args,
    render_delete,
    render_page,
)
from .request import Req, Result, parse_object
from .schema import parse_datetime

if TYPE_CHECKING:
    from .app import Emulator

__all__ = ["Handlers", "Req", "render_write", "write_status"]


def parse_data(emu: Emulator, body: bytes) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
    """The envelope ``{"data": [...], "trigger": [...], ...}`` -> (doc, data, options)."""
    doc = parse_object(body)
    if "data" not in doc:
        raise ZohoError(
            code="MANDATORY_NOT_FOUND",
            message="required field not found",
            status=400,
            details={"api_name": "data", "json_path": "$.data"},
        )
    data = doc["data"]
    if type(data) is not list:
        raise invalid_body({"json_path": "$.data", "expected_data_type": "jsonarray"})
    if not data:
        raise invalid_body({"json_path": "$.data", "reason": "data must not be empty"})
    limit = emu.config.max_records_per_call
    if len(data) > limit:
        raise ZohoError(
            code="LIMIT_EXCEEDED",
            message="limit exceeded",
            status=400,
            details={"limit": limit, "json_path": "$.data"},
        )
    options: dict[str, Any] = {}
    if "trigger" in doc:
        trig = doc["trigger"]
        if type(trig) is not list:
            raise invalid_body({"json_path": "$.trigger", "expected_data_type": "jsonarray"})
        for i, t in enumerate(trig):
            if type(t) is not str:
                raise invalid_body({"json_path": f"$.trigger[{i}]", "expected_data_type": "text"})
        options["trigger"] = trig
    if "skip_feature_execution" in doc:
        sfe = doc["skip_feature_execution"]
        if type(sfe) is not list:
            raise invalid_body(
                {"json_path": "$.skip_feature_execution", "expected_data_type": "jsonarray"}
            )
        for i, item in enumerate(sfe):
            if type(item) is not dict or type(item.get("name")) is not str or len(item) != 1:
                raise invalid_body(
                    {
                        "json_path": f"$.skip_feature_execution[{i}]",
                        "expected_data_type": "jsonobject",
                    }
                )
        options["skip_feature_execution"] = sfe
    if "duplicate_check_fields" in doc:
        dcf = doc["duplicate_check_fields"]
        if type(dcf) is not list or any(type(x) is not str for x in dcf):
            raise invalid_body(
                {"json_path": "$.duplicate_check_fields", "expected_data_type": "jsonarray"}
            )
    return doc, data, options


SUCCESS = "SUCCESS"


def write_status(results: Sequence[RecordResult] | Scheduled) -> int:
    """The HTTP status of a write answered with one result per record (or a scheduled job).

    All succeeded: 200, or 201 when every record was inserted (upsert, insert). Some did: 207.
    None did: the errors' own status when they share one (400, 412 ``ALREADY_MODIFIED``, 202
    for a related-list ``INVALID_DATA``/``MANDATORY_NOT_FOUND``), else 207 (a multi-status of
    different failures). A mass update scheduled as a job: 202.
    """
    if isinstance(results, Scheduled):
        return 202
    inserted = True
    failed = 0
    statuses: set[int] = set()
    for r in results:
        if isinstance(r, RecordError):
            failed += 1
            statuses.add(r.status)
        elif inserted and (type(r) is not Written or r.action != "insert"):
            inserted = False
    if not failed:
        return 201 if results and inserted else 200
    if failed < len(results):
        return 207
    return statuses.pop() if len(statuses) == 1 else 207


def render_result(result: RecordResult, *, upsert: bool = False) -> dict[str, Any]:
    """One item of a write's ``data[]``: a success (shaped by the operation) or an error."""
    if type(result) is not Written:
        return _render_other(result)
    rec = result.record
    details = {
        "Modified_Time": rec["Modified_Time"],
        "Modified_By": rec["Modified_By"],
        "Created_Time": rec["Created_Time"],
        "id": rec["id"],
        "Created_By": rec["Created_By"],
    }
    if result.action == "insert":
        details["$approval_state"] = "approved"
        message = "record added"
    else:
        message = "record updated"
    if upsert:
        return {
            "code": SUCCESS,
            "duplicate_field": result.duplicate_field,
            "action": result.action,
            "details": details,
            "message": message,
            "status": "success",
        }
    return {"code": SUCCESS, "details": details, "message": message, "status": "success"}


def _render_other(result: RecordResult) -> dict[str, Any]:
    if isinstance(result, RecordError):
        return result.to_wire()
    assert isinstance(result, Related)
    return {
        "code": SUCCESS,
        "details": {"id": result.id},
        "message": "relation updated",
        "status": "success",
    }


def render_write(results: Sequence[RecordResult] | Scheduled, *, upsert: bool = False) -> Result:
    """A write's answer: its status (:func:`write_status`) and ``{"data": [...]}``."""
    if isinstance(results, Scheduled):
        item = {
            "code": SUCCESS,
            "details": {"job_id": results.job_id},
            "message": "mass update scheduled successfully",
            "status": "success",
        }
        return 202, {"data": [item]}, None
    body = {"data": [render_result(r, upsert=upsert) for r in results]}
    return write_status(results), body, None


def _invalid(path: str, expected: str, reason: str | None = None) -> ZohoError:
    details = {"json_path": path, "expected_data_type": expected}
    if reason is not None:
        details["reason"] = reason
    return invalid_body(details)


def parse_mass_update(body: bytes) -> MassUpdateArgs:
    """The mass update body -> typed arguments (its shape checked; the rules are the
    backend's)."""
    doc = parse_object(body)
    data = doc.get("data")
    if data is None:
        raise ZohoError(
            code="MANDATORY_NOT_FOUND",
            message="required field not found",
            status=400,
            details={"api_name": "data", "json_path": "$.data"},
        )
    if type(data) is not list or len(data) != 1 or type(data[0]) is not dict:
        raise _invalid("$.data", "jsonarray", "data must hold exactly one object")
    over_write = doc.get("over_write", False)
    if type(over_write) is not bool:
        raise _invalid("$.over_write", "boolean")
    ids = doc.get("ids")
    if ids is not None and type(ids) is not list:
        raise _invalid("$.ids", "jsonarray")
    raw_territory = doc.get("territory")
    territory = None
    if ids is None and raw_territory is not None:  # with ids, a territory is ignored
        if type(raw_territory) is not dict:
            raise _invalid("$.territory", "jsonobject")
        include_child = raw_territory.get("include_child", False)
        if type(include_child) is not bool:
            raise _invalid("$.territory.include_child", "boolean")
        territory = Territory(raw_territory.get("id"), include_child)
    return MassUpdateArgs(
        fields=data[0],
        over_write=over_write,
        ids=ids,
        cvid=doc.get("cvid"),
        territory_given=raw_territory is not None,
        territory=territory,
    )


def _page_args(req: Req) -> tuple[int, int]:
    q = req.query
    try:
        page = int(q.get("page", "1"))
        per_page = int(q.get("per_page", "200"))
    except ValueError:
        raise invalid_body({"reason": "page and per_page must be integers"}) from None
    if page < 1 or not 1 <= per_page <= 200:
        raise invalid_body({"reason": "page must be >= 1 and per_page within 1..200"})
    return page, per_page


def parse_if_unmodified_since(value: str) -> _dt.datetime:
    parsed = parse_datetime(value.strip())
    if parsed is None:
        raise ZohoError(
            code="INVALID_DATA",
            message="invalid data",
            status=400,
            details={"header": "If-Unmodified-Since", "expected_data_type": "datetime"},
        )
    return parsed


# ---------------------------------------------------------------------------------------------
# handlers


class Handlers(ControlHandlers):
    """One method per operation (``urls`` names them); the control endpoints' are inherited."""

    # ---- records ----------------------------------------------------------------------------
    def update_records(self, req: Req, path_id: str | None = None) -> Result:
        module = self._module(req, "modules", "update")
        ius = None
        if req.product == "crm":
            h = req.headers.get("if-unmodified-since")
            if h is not None:
                ius = parse_if_unmodified_since(h)
        _doc, data, options = parse_data(self.emu, req.body)
        if path_id is not None and len(data) != 1:
            raise invalid_body(
                {"json_path": "$.data", "reason": "exactly one record is expected for this URL"}
            )
        results = self.backend.update_records(
            req.product,
            module,
            data,
            user_id=self._user(req),
            path_id=path_id,
            if_unmodified_since=ius,
            options=options,
        )
        return render_write(results)

    def update_record(self, req: Req) -> Result:
        return self.update_records(req, path_id=req.params["record_id"])

    def get_record(self, req: Req) -> Result:
        module = self._module(req, "modules", "read")
        rec = self.backend.get_record(req.product, module, req.params["record_id"])
        return 200, {"data": [rec]}, None

    def get_records(self, req: Req) -> Result:
        module = self._module(req, "modules", "read")
        ims = req.headers.get("if-modified-since")
        args = parse_page_args(req.query, ims)
        page = self.backend.get_records(req.product, module, args)
        if page.not_modified:
            return 304, None, None
        return render_page(page)

    def search_records(self, req: Req) -> Result:
        module = self._module(req, "modules", "read")
        self.tokens.authorize_search(req.token)
        page = self.backend.search_records(req.product, module, parse_search_args(req.query))
        return render_page(page)

    def delete_records(self, req: Req, path_id: str | None = None) -> Result:
        module = self._module(req, "modules", "delete")
        q = req.query
        wf_trigger = _bool_param(q, "wf_trigger", True)
        if path_id is not None:
            ids = [path_id]
        else:
            ids = _id_list(q, "ids", required=True, malformed="UNABLE_TO_PARSE_DATA_TYPE")
            if len(ids) > DELETE_IDS:
                raise ZohoError(
                    code="LIMIT_EXCEEDED",
                    message="the number of records exceeds the limit of 100 per call",
                    status=400,
                    details={"limit": DELETE_IDS, "param_name": "ids"},
                )
        results = self.backend.delete_records(
            req.product, module, ids, wf_trigger=wf_trigger, user_id=self._user(req)
        )
        return render_delete(results)

    def delete_record(self, req: Req) -> Result:
        return self.delete_records(req, path_id=req.params["record_id"])

    def upsert_records(self, req: Req, insert_only: bool = False) -> Result:
        module = self._module(req, "modules", "create")
        doc, data, options = parse_data(self.emu, req.body)
        results = self.backend.upsert_records(
            req.product,
            module,
            data,
            duplicate_check_fields=doc.get("duplicate_check_fields"),
            user_id=self._user(req),
            insert_only=insert_only,
            options=options,
        )
        return render_write(results, upsert=not insert_only)

    def insert_records(self, req: Req) -> Result:
        return self.upsert_records(req, insert_only=True)

    # ---- related lists ----------------------------------------------------------------------
    def update_related(self, req: Req) -> Result:
        module = self._module(req, "modules", "update")
        _doc, data, options = parse_data(self.emu, req.body)
        results = self.backend.update_related(
            req.product,
            module,
            req.params["record_id"],
            req.params["related_list"],
            data,
            options,
        )
        return render_write(results)

    def get_related(self, req: Req) -> Result:
        module = self._module(req, "modules", "read")
        page, per_page = _page_args(req)
        rows, total, more = self.backend.get_related(
            req.product,
            module,
            req.params["record_id"],
            req.params["related_list"],
            page,
            per_page,
        )
        if not rows:
            return 204, None, None
        return (
            200,
            {
                "data": rows,
                "info": {
                    "per_page": per_page,
                    "count": len(rows),
                    "page": page,
                    "more_records": more,
                },
            },
            None,
        )

    # ---- mass update ------------------------------------------------------------------------
    def mass_update(self, req: Req) -> Result:
        module = self._module(req, "mass_update", "update")
        args = parse_mass_update(req.body)
        return render_write(self.backend.mass_update(req.product, module, args, self._user(req)))

    def mass_update_status(self, req: Req) -> Result:
        module = self._module(req, "mass_update", "read")
        report = self.backend.mass_update_status(req.product, module, req.query.get("job_id"))
        return 200, {"data": [report]}, None

    # ---- metadata ---------------------------------------------------------------------------
    def _settings(self, req: Req, sub: str) -> None:
        self.tokens.authorize(req.token, req.product, "settings", sub, "read", None)

    @staticmethod
    def _version(req: Req) -> str:
        """The API version in the path (``/crm/v2.1/...`` -> ``v2.1``)."""
        return req.path.strip("/").split("/")[1]

    def _fields_meta(self, req: Req, mod: Any) -> list[dict[str, Any]]:
        """A module's fields in the shapes of the request's API version (COVERAGE.md)."""
        style = metadata_style(req.product, self._version(req))
        modules = self.backend.products[req.product].modules
        return [field_metadata(f, mod, modules, style) for f in mod.fields.values()]

    def get_fields(self, req: Req) -> Result:
        self._settings(req, "fields")
        mod = self.backend.settings_module(req.product, req.query.get("module"))
        return 200, {"fields": self._fields_meta(req, mod)}, None

    def _module_meta(self, req: Req, mod: Any) -> dict[str, Any]:
        meta = {
            "api_name": mod.api_name,
            "module_name": mod.api_name,
            "id": mod.id,
            "singular_label": mod.singular_label,
            "plural_label": mod.plural_label,
            "api_supported": mod.api_supported,
            "generated_type": mod.generated_type,
            "creatable": mod.api_supported,
            "editable": mod.api_supported,
            "deletable": mod.api_supported,
            "viewable": True,
        }
        version = self._version(req)
        if req.product == "crm" and version in ("v2", "v2.1") and mod.generated_type != "default":
            # "the generated_type for ... the linking module, and line item subform will be
            # linking and subform, respectively" (the v3 changelog): custom before
            meta["generated_type"] = "custom"
        # "The key visible is replaced with a new key status" (the CRM v5 changelog, Modules
        # API); Bigin keeps both, as before
        old_crm = version in ("v2", "v2.1", "v3", "v4")
        if req.product != "crm" or old_crm:
            meta["visible"] = True
        if req.product != "crm" or not old_crm:
            meta["status"] = "visible"
        return meta

    def get_modules(self, req: Req) -> Result:
        self._settings(req, "modules")
        st = self.backend.products[req.product]
        linking = [m for m in st.meta_modules.values() if m.generated_type == "linking"]
        return (
            200,
            {"modules": [self._module_meta(req, m) for m in [*st.modules.values(), *linking]]},
            None,
        )

    def get_module(self, req: Req) -> Result:
        self._settings(req, "modules")
        mod = self.backend.settings_module(req.product, req.params["module"])
        meta = self._module_meta(req, mod)
        meta["fields"] = self._fields_meta(req, mod)
        return 200, {"modules": [meta]}, None

    def get_related_lists(self, req: Req) -> Result:
        self._settings(req, "related_lists")
        st = self.backend.products[req.product]
        mod = self.backend.settings_module(req.product, req.query.get("module"))
        out = []
        for n, rl in enumerate(mod.related_lists, 1):
            target = st.modules.get(rl["module"])
            out.append(
                {
                    "id": f"{mod.id}{n:03d}",
                    "sequence_number": str(n),
                    "display_label": rl.get("display_label", rl["api_name"]),
                    "api_name": rl["api_name"],
                    "name": rl["api_name"],
                    "module": {"api_name": rl["module"], "id": target.id if target else None},
                    "href": f"{mod.api_name}/{{ENTITYID}}/{rl['api_name']}",
                    "type": "default",
                    "action": None,
                    "visible": True,
                }
            )
        return 200, {"related_lists": out}, None

    def get_users(self, req: Req) -> Result:
        self.tokens.authorize(req.token, req.product, "users", None, "read", None)
        st = self.backend.products[req.product]
        typ = req.query.get("type", "AllUsers")
        uid = self._user(req) or st.current_user
        users = (
            [st.users[uid]] if typ == "CurrentUser" and uid in st.users else list(st.users.values())
        )
        out = []
        for u in users:
            out.append(
                {
                    "id": u["id"],
                    "full_name": u["full_name"],
                    "first_name": u.get("first_name"),
                    "last_name": u.get("last_name"),
                    "email": u.get("email"),
                    "status": "active",
                    "confirm": True,
                    "time_zone": st.org.get("time_zone", "Asia/Kolkata"),
                    "role": {"name": u.get("role", "CEO"), "id": f"{u['id']}1"},
                    "profile": {"name": u.get("profile", "Administrator"), "id": f"{u['id']}2"},
                    "locale": "en_US",
                    "country_locale": "en_US",
                    "language": "en_US",
                }
            )
        return (
            200,
            {
                "users": out,
                "info": {"per_page": 200, "count": len(out), "page": 1, "more_records": False},
            },
            None,
        )

    def get_org(self, req: Req) -> Result:
        self.tokens.authorize(req.token, req.product, "org", None, "read", None)
        st = self.backend.products[req.product]
        org = {k: v for k, v in st.org.items() if k != "offset"}
        return 200, {"org": [org]}, None

    # ---- OAuth --------------------------------------------------------------------------------
    def oauth_token(self, req: Req) -> Result:
        form = dict(req.query)
        if req.body:
            try:
                form.update(parse_qsl(req.body.decode("utf-8"), keep_blank_values=True))
            except UnicodeDecodeError:
                return 200, {"error": "invalid_code"}, None
        if form.get("grant_type") != "refresh_token":
            return 200, {"error": "unsupported_grant_type"}, None
        issued = self.tokens.issue(form)
        if issued is None:
            return 200, {"error": "invalid_code"}, None
        return (
            200,
            {
                "access_token": issued["access_token"],
                "api_domain": self.emu.api_domain(req),
                "token_type": "Bearer",
                "expires_in": issued["expires_in"],
            },
            None,
        )
