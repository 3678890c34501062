"""Record reads and writes: get, list, update, upsert and insert (no HTTP here)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from ..exceptions import RecordError, ZohoError
from ..schema import (
    ID_RE,
    FieldDef,
    ModuleDef,
    coerce_id,
    invalid_value,
    mandatory_error,
    parse_datetime,
    type_error,
)
from .base import BackendBase
from .results import Written
from .rules import apply_fields, commit_record
from .state import ProductState, _id_str

# One record of a write: (state, module, the record as sent, its index, who, when) -> result.
WriteOne = Callable[[ProductState, ModuleDef, Any, int, str, str], Written]


class RecordOps(BackendBase):
    """Get, list, update, upsert and insert records."""

    # ---- records: read ----------------------------------------------------------------------
    def get_record(self, product: str, module: str, record_id: str) -> dict[str, Any]:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            rid = coerce_id(record_id)
            rec = st.records[mod.api_name].get(rid) if rid else None
            if rec is None:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="the id given seems to be invalid",
                    status=400,
                    details={"id": record_id},
                )
            return dict(rec)

    def _write(
        self,
        product: str,
        module: str,
        items: list[Any],
        op: str,
        write_one: WriteOne,
        user_id: str | None,
        options: dict[str, Any] | None,
    ) -> list[Written | RecordError]:
        """Apply ``write_one`` to each item under the lock; persist and log what changed."""
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            st.module = mod.api_name
            uid = user_id or st.current_user
            now = st.now()
            results: list[Written | RecordError] = []
            changed: list[str] = []
            for i, item in enumerate(items):
                if type(item) is not dict:
                    results.append(type_error("data", f"$.data[{i}]", "jsonobject"))
                    continue
                try:
                    written = write_one(st, mod, item, i, uid, now)
                except RecordError as e:
                    results.append(e)
                    continue
                changed.append(written.record["id"])
                results.append(written)
            if changed:
                self._persist(product, mod.api_name, changed)
            self.log(
                op=op, product=product, module=mod.api_name, ids=changed, options=options or {}
            )
            return results

    # ---- update -------------------------------------------------------------------------------
    def update_records(
        self,
        product: str,
        module: str,
        items: list[Any],
        *,
        user_id: str | None = None,
        path_id: str | None = None,
        if_unmodified_since: _dt.datetime | None = None,
        options: dict[str, Any] | None = None,
    ) -> list[Written | RecordError]:
        """Update records by id (``path_id``: the one record the URL names)."""

        def update_one(
            st: ProductState, mod: ModuleDef, item: Any, i: int, uid: str, now: str
        ) -> Written:
            raw = item.get("id")
            # the usual case inline (a digit-string id, no id in the URL); the rest by the rules
            rid = raw if path_id is None and type(raw) is str and ID_RE.match(raw) else None
            if rid is None:
                rid = _record_id(item, i, path_id)
            old = st.records[mod.api_name].get(rid)
            if old is None:
                raise RecordError(
                    code="INVALID_DATA",
                    message="the id given seems to be invalid",
                    details={"id": rid},
                )
            # A record that is both invalid and stale gets its validation error, not 412: the
            # precondition is evaluated "after the server has performed its normal request
            # checks" (RFC 9110 13.2.2), and only a valid write can be refused as stale. The
            # validation error is also the one a client must act on: after a re-read and retry
            # the same data fails validation anyway. The contract's
            # zoho_negative_data_rejection holds the emulator to it.
            new = apply_fields(st, mod, old, item, i)
            if if_unmodified_since is not None:
                mt = parse_datetime(old.get("Modified_Time"))
                if mt is not None and mt > if_unmodified_since:
                    raise RecordError(
                        code="ALREADY_MODIFIED",
                        message="Record updated time has already passed if-unmodified-since time",
                        status=412,
                        details={"id": rid},
                    )
            commit_record(st, mod, old, new, uid, now)
            return Written(new, "update")

        return self._write(product, module, items, "update", update_one, user_id, options)

    # ---- upsert / insert ----------------------------------------------------------------------
    def upsert_records(
        self,
        product: str,
        module: str,
        items: list[Any],
        *,
        duplicate_check_fields: list[str] | None = None,
        user_id: str | None = None,
        insert_only: bool = False,
        options: dict[str, Any] | None = None,
    ) -> list[Written | RecordError]:
        """Insert records, or (unless ``insert_only``) update the one a duplicate-check field
        finds (the record's own ``duplicate_check_fields``, else the request's, else the
        module's unique fields)."""

        def upsert_one(
            st: ProductState, mod: ModuleDef, item: Any, i: int, uid: str, now: str
        ) -> Written:
            match_id, match_field = None, None
            if not insert_only:
                match_id, match_field = _find_duplicate(st, mod, item, i, duplicate_check_fields)
            if match_id is not None:
                old = st.records[mod.api_name][match_id]
                new = apply_fields(st, mod, old, item, i)
                commit_record(st, mod, old, new, uid, now)
                return Written(new, "update", match_field)
            new = apply_fields(st, mod, None, item, i)
            for f in mod.mandatory_fields:
                v = new.get(f.api_name)
                if v is None or v == "" or v == []:
                    raise mandatory_error(f.api_name, f"$.data[{i}].{f.api_name}")
            new["id"] = st.new_id()
            new.setdefault("Owner", st.owner_value(uid))
            new["Created_Time"] = now
            new["Created_By"] = st.user_ref(uid)
            commit_record(st, mod, None, new, uid, now)
            return Written(new, "insert")

        op = "insert" if insert_only else "upsert"
        return self._write(product, module, items, op, upsert_one, user_id, options)


def _record_id(item: dict[str, Any], i: int, path_id: str | None) -> str:
    """The id of the record an update item names (the URL's, when it names one)."""
    if path_id is not None:
        if item.get("id") is not None and coerce_id(item["id"]) is None:
            # a malformed id in the body; the path's id names the record
            raise invalid_value("id", f"$.data[{i}].id")
        return path_id
    if "id" not in item or item["id"] is None:
        raise mandatory_error("id", f"$.data[{i}].id")
    rid = coerce_id(item["id"])
    if rid is None:
        raise RecordError(
            code="INVALID_DATA",
            message="the id given seems to be invalid",
            details={"id": _id_str(item["id"])},
        )
    return rid


def _find_duplicate(
    st: ProductState,
    mod: ModuleDef,
    item: dict[str, Any],
    i: int,
    request_fields: list[str] | None,
) -> tuple[str | None, str | None]:
    """(id, field) of the existing record a duplicate-check field's value finds, else Nones."""
    dcf = item.get("duplicate_check_fields", request_fields)
    check: list[FieldDef]
    if dcf is None:
        check = mod.unique_fields
    else:
        if type(dcf) is not list:
            raise type_error(
                "duplicate_check_fields", f"$.data[{i}].duplicate_check_fields", "jsonarray"
            )
        check = []
        for k, name in enumerate(dcf):
            f = mod.fields.get(name) if type(name) is str else None
            if f is None:
                raise invalid_value(str(name), f"$.data[{i}].duplicate_check_fields[{k}]")
            check.append(f)
    for f in check:
        value = item.get(f.api_name)
        if value is None or value == "":
            continue
        norm = f.validate(value, f"$.data[{i}].{f.api_name}", st, None)
        found = st.find_by_value(mod, f, norm)
        if found is not None:
            return found, f.api_name
    return None, None
