"""State and rules of the emulated Zoho CRM and Bigin orgs (no HTTP here).

:class:`Backend` holds one :class:`ProductState` per product (``crm``, ``bigin``). Operations
take already-parsed JSON values and return plain result structures; bad input raises
:class:`~zoho_emulator.exceptions.ZohoError` (whole request) or yields
:class:`~zoho_emulator.exceptions.RecordError` items (per record). Every write is applied to
memory and then persisted through the storage before the operation returns, under one lock,
so concurrent writers never lose an update.
"""

from __future__ import annotations

import collections
import datetime as _dt
import threading
import time
from typing import Any

import zoho_wire_facts as wire

from . import jobs as _jobs
from .dataset import PRODUCTS, load_dataset
from .exceptions import RecordError, ZohoError, invalid_module, unsupported_module
from .schema import (
    FieldDef,
    ModuleDef,
    check_generic_value,
    coerce_id,
    compile_schema,
    invalid_value,
    mandatory_error,
    metadata_only_modules,
    parse_datetime,
    type_error,
)
from .storage import MemoryStorage, Storage

SUCCESS = "SUCCESS"

# keys of an input record that are not fields (the spec's x-zoho-non-field-keys)
RECORD_OPTION_KEYS = wire.NON_FIELD_KEYS


def _offset_tz(offset: str) -> _dt.timezone:
    sign = -1 if offset.startswith("-") else 1
    hh, mm = offset.lstrip("+-").split(":")
    return _dt.timezone(sign * _dt.timedelta(hours=int(hh), minutes=int(mm)))


def _casefold(v: Any) -> Any:
    return v.casefold() if type(v) is str else v


def _index_key(v: Any) -> Any:
    if type(v) is str:
        return v.casefold()
    if type(v) is dict:
        return v.get("id")
    if type(v) is list:
        return tuple(_index_key(x) for x in v)
    return v


class ProductState:
    """One product's org: schema, users, records, unique indexes, relations, jobs.

    Also the validators' :class:`~zoho_emulator.schema.Context`.
    """

    def __init__(self, product: str, part: dict[str, Any], ids: collections.abc.Iterator[int]):
        self.product = product
        self.org = dict(part.get("org") or {})
        self.tz = _offset_tz(str(self.org.get("offset", "+05:30")))
        self.modules: dict[str, ModuleDef] = compile_schema(part.get("modules") or {}, product)
        self.modules_ci = {k.lower(): k for k in self.modules}
        # linking and subform modules: metadata only (settings endpoints)
        self.meta_modules = metadata_only_modules(self.modules, product)
        self.meta_modules_ci = {k.lower(): k for k in self.meta_modules}
        self.users: dict[str, dict[str, Any]] = {
            str(u["id"]): dict(u, id=str(u["id"])) for u in part.get("users") or []
        }
        self.user_refs = {uid: {"name": u["full_name"], "id": uid} for uid, u in self.users.items()}
        cu = part.get("current_user")
        self.current_user = str(cu) if cu is not None else next(iter(self.users), "0")
        self.records: dict[str, dict[str, dict[str, Any]]] = {m: {} for m in self.modules}
        self.unique_index: dict[tuple[str, str], dict[Any, str]] = {}
        self.relations: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
        self.views = {
            str(v["id"]): dict(v, id=str(v["id"])) for v in part.get("custom_views") or []
        }
        self.territories = {
            str(t["id"]): dict(t, id=str(t["id"])) for t in part.get("territories") or []
        }
        self.jobs: dict[str, _jobs.MassUpdateJob] = {}
        self._ids = ids
        self.module = ""  # module being validated (Context)

    # ---- Context for validators -------------------------------------------------------------
    def find_record(self, module: str, record_id: str) -> dict[str, Any] | None:
        recs = self.records.get(module)
        return recs.get(record_id) if recs is not None else None

    def find_user(self, user_id: str) -> dict[str, Any] | None:
        return self.users.get(user_id)

    def record_name(self, module: str, record: dict[str, Any]) -> str | None:
        mod = self.modules.get(module)
        if mod is None or mod.display_field is None:
            return None
        name = record.get(mod.display_field)
        if name is None and mod.display_field == "Full_Name":
            name = " ".join(x for x in (record.get("First_Name"), record.get("Last_Name")) if x)
        return name

    def new_id(self) -> str:
        return str(next(self._ids))

    def layouts(self, module: str) -> dict[str, dict[str, Any]]:
        return self.modules[module].layouts_by_id

    # ---- helpers ----------------------------------------------------------------------------
    def now(self) -> str:
        return _dt.datetime.now(self.tz).replace(microsecond=0).isoformat()

    def module_def(self, name: str) -> ModuleDef:
        mod = self.modules.get(name)
        if mod is None:
            real = self.modules_ci.get(name.lower())
            mod = self.modules.get(real) if real else None
        if mod is None:
            raise invalid_module()
        if not mod.api_supported:
            raise unsupported_module()
        return mod

    def settings_module_def(self, name: str) -> ModuleDef:
        """A module for the metadata endpoints: a declared one, or a linking or subform module."""
        real = self.meta_modules_ci.get(name.lower())
        if name in self.modules or real is None:
            return self.module_def(name)
        return self.meta_modules[real]

    def user_ref(self, user_id: str) -> dict[str, str]:
        return self.user_refs.get(user_id) or {"name": None, "id": user_id}

    def owner_value(self, user_id: str) -> dict[str, Any]:
        u = self.users.get(user_id)
        return {
            "name": u["full_name"] if u else None,
            "id": user_id,
            "email": u.get("email") if u else None,
        }

    def index_add(self, mod: ModuleDef, rec: dict[str, Any]) -> None:
        for f in mod.unique_fields:
            v = rec.get(f.api_name)
            if v is not None and v != "":
                self.unique_index.setdefault((mod.api_name, f.api_name), {})[_index_key(v)] = rec[
                    "id"
                ]

    def index_remove(self, mod: ModuleDef, rec: dict[str, Any]) -> None:
        for f in mod.unique_fields:
            v = rec.get(f.api_name)
            if v is not None and v != "":
                idx = self.unique_index.get((mod.api_name, f.api_name))
                if idx is not None and idx.get(_index_key(v)) == rec["id"]:
                    del idx[_index_key(v)]

    def find_by_value(self, mod: ModuleDef, f: FieldDef, value: Any) -> str | None:
        key = _index_key(value)
        if f.unique:
            return self.unique_index.get((mod.api_name, f.api_name), {}).get(key)
        for rid, rec in self.records[mod.api_name].items():
            v = rec.get(f.api_name)
            if v is not None and _index_key(v) == key:
                return rid
        return None


class Backend:
    """Both products' state plus the operations of the emulated API."""

    def __init__(
        self,
        dataset: Any = None,
        storage: Storage | None = None,
        job_step_seconds: float = 0.0,
        mass_update_max_records: int = 50_000,
        mass_update_max_ids: int = 500,
        max_records_per_call: int = 100,
    ) -> None:
        self.lock = threading.RLock()
        self.storage = storage or MemoryStorage()
        self.job_step_seconds = job_step_seconds
        self.mass_update_max_records = mass_update_max_records
        self.mass_update_max_ids = mass_update_max_ids
        self.max_records_per_call = max_records_per_call
        self.request_log: collections.deque[dict[str, Any]] = collections.deque(maxlen=1000)
        self.products: dict[str, ProductState] = {}
        self._dataset_source = dataset
        with self.lock:
            snap = self.storage.load()
            if snap is not None:
                self._load(snap["dataset"], snap)
            else:
                self.reset(dataset)

    # ---- loading ------------------------------------------------------------------------------
    def reset(self, dataset: Any = None) -> None:
        """Load the given dataset, or (None) go back to the one the backend was configured with."""
        with self.lock:
            data = load_dataset(self._dataset_source if dataset is None else dataset)
            self._load(data, None)
            self.storage.replace_all(self, data)

    def _load(self, data: dict[str, Any], snap: dict[str, Any] | None) -> None:
        products: dict[str, ProductState] = {}
        for product in PRODUCTS:
            part = data.get(product) or {}
            max_id = _max_id(part)
            if snap is not None:
                max_id = max(max_id, int(snap.get("id_counters", {}).get(product, 0)))
            ids = _id_counter(max_id + 1000 if max_id else 1_000_000_000_000_000)
            st = ProductState(product, part, ids)
            products[product] = st
            if snap is not None:
                for (p, module, rid), rec in snap["records"].items():
                    if p == product and module in st.records:
                        st.records[module][rid] = rec
                for (p, module, pid, rl), rows in snap["relations"].items():
                    if p == product:
                        st.relations[(module, pid, rl)] = rows
                for job in snap.get("jobs", {}).get(product, []):
                    j = _jobs.MassUpdateJob.from_dict(job)
                    st.jobs[j.job_id] = j
            else:
                self._load_records(st, part)
            for module, recs in st.records.items():
                mod = st.modules[module]
                for rec in recs.values():
                    st.index_add(mod, rec)
        # swap in only a fully built state: a bad dataset leaves the current one in place
        self.products = products
        self.dataset = data
        self.request_log.clear()

    def _load_records(self, st: ProductState, part: dict[str, Any]) -> None:
        now = st.now()
        cu = st.current_user
        raw = part.get("records") or {}
        for module, items in raw.items():
            if module not in st.records:
                raise ValueError(f"dataset: records for unknown {st.product} module {module!r}")
            for item in items:
                rec = dict(item)
                rec["id"] = str(rec["id"])
                st.records[module][rec["id"]] = rec
        # second pass: resolve references and fill system fields
        for module, recs in st.records.items():
            mod = st.modules[module]
            for rec in recs.values():
                for key in ("Created_By", "Modified_By", "Owner"):
                    v = rec.get(key)
                    uid = str(v["id"]) if isinstance(v, dict) else (str(v) if v else cu)
                    rec[key] = st.owner_value(uid) if key == "Owner" else st.user_ref(uid)
                rec.setdefault("Created_Time", now)
                rec.setdefault("Modified_Time", rec["Created_Time"])
                for f in mod.fields.values():
                    v = rec.get(f.api_name)
                    if v is None:
                        continue
                    if f.data_type == "lookup" and isinstance(v, (dict, str, int)):
                        rid = str(v["id"] if isinstance(v, dict) else v)
                        target = st.find_record(f.lookup_module or "", rid)
                        rec[f.api_name] = {
                            "name": st.record_name(f.lookup_module or "", target)
                            if target
                            else None,
                            "id": rid,
                        }
                    elif f.data_type == "layout" and isinstance(v, dict):
                        lay = mod.layouts_by_id.get(str(v["id"]), {})
                        rec[f.api_name] = {"name": lay.get("name"), "id": str(v["id"])}
                    elif f.data_type in ("multiselectlookup", "multiuserlookup"):
                        rows = []
                        for row in v:
                            row = dict(row, id=str(row["id"]))
                            ref = row.get(f.connected_field or "")
                            if isinstance(ref, dict):
                                tid = str(ref["id"])
                                if f.data_type == "multiuserlookup":
                                    name = st.users.get(tid, {}).get("full_name")
                                else:
                                    t = st.find_record(f.lookup_module or "", tid)
                                    name = st.record_name(f.lookup_module or "", t) if t else None
                                row[f.connected_field] = {"name": name, "id": tid}  # type: ignore[index]
                            rows.append(row)
                        rec[f.api_name] = rows
        for rel in part.get("relations") or []:
            self._relate(
                st,
                rel["module"],
                str(rel["id"]),
                rel["related_list"],
                str(rel["related_id"]),
                dict(rel.get("data") or {}),
            )

    # ---- persistence --------------------------------------------------------------------------
    def _persist(
        self,
        product: str,
        module: str,
        ids: list[str],
        relations: list[tuple[Any, ...]] | None = None,
        jobs: bool = False,
    ) -> None:
        st = self.products[product]
        self.storage.save(self, product, module, ids, relations or [], jobs)
        del st

    def id_counters(self) -> dict[str, int]:
        return {p: st_next_peek(st) for p, st in self.products.items()}

    # ---- request log ---------------------------------------------------------------------------
    def log(self, **entry: Any) -> None:
        entry["time"] = time.time()
        self.request_log.append(entry)

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

    def list_records(
        self, product: str, module: str, page: int, per_page: int
    ) -> tuple[list[dict[str, Any]], bool]:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            recs = list(st.records[mod.api_name].values())
            start = (page - 1) * per_page
            chunk = [dict(r) for r in recs[start : start + per_page]]
            return chunk, start + per_page < len(recs)

    # ---- records: update ---------------------------------------------------------------------
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
    ) -> list[dict[str, Any] | RecordError]:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            st.module = mod.api_name
            uid = user_id or st.current_user
            now = st.now()
            results: list[dict[str, Any] | RecordError] = []
            changed: list[str] = []
            recs = st.records[mod.api_name]
            for i, item in enumerate(items):
                try:
                    if type(item) is not dict:
                        raise type_error("data", f"$.data[{i}]", "jsonobject")
                    rid: str | None
                    if path_id is not None:
                        rid = path_id
                        if item.get("id") is not None and coerce_id(item["id"]) is None:
                            # a malformed id in the body; the path's id names the record
                            raise invalid_value("id", f"$.data[{i}].id")
                    else:
                        if "id" not in item or item["id"] is None:
                            raise mandatory_error("id", f"$.data[{i}].id")
                        rid = coerce_id(item["id"])
                        if rid is None:
                            raise RecordError(
                                code="INVALID_DATA",
                                message="the id given seems to be invalid",
                                details={"id": _id_str(item["id"])},
                            )
                    old = recs.get(rid)
                    if old is None:
                        raise RecordError(
                            code="INVALID_DATA",
                            message="the id given seems to be invalid",
                            details={"id": rid},
                        )
                    # A record that is both invalid and stale gets its validation error, not
                    # 412: the precondition is evaluated "after the server has performed its
                    # normal request checks" (RFC 9110 13.2.2), and only a valid write can be
                    # refused as stale. The validation error is also the one a client must act
                    # on: after a re-read and retry the same data fails validation anyway.
                    # The contract's zoho_negative_data_rejection holds the emulator to it.
                    new = self._apply(st, mod, old, item, i)
                    if if_unmodified_since is not None:
                        mt = parse_datetime(old.get("Modified_Time"))
                        if mt is not None and mt > if_unmodified_since:
                            raise RecordError(
                                code="ALREADY_MODIFIED",
                                message="Record updated time has already passed if-unmodified-since time",
                                details={"id": rid},
                                status=412,
                            )
                    self._commit_record(st, mod, old, new, uid, now)
                    changed.append(rid)
                    results.append(self._success_details(st, new))
                except RecordError as e:
                    results.append(e)
            if changed:
                self._persist(product, mod.api_name, changed)
            self.log(
                op="update",
                product=product,
                module=mod.api_name,
                ids=changed,
                options=options or {},
            )
            return results

    def _apply(
        self,
        st: ProductState,
        mod: ModuleDef,
        old: dict[str, Any] | None,
        item: dict[str, Any],
        i: int,
        *,
        overwrite_multiselect: bool | None = None,
    ) -> dict[str, Any]:
        """A new version of ``old`` with ``item``'s fields applied, or a RecordError."""
        new = dict(old) if old is not None else {}
        fields = mod.fields
        approved = item.get("$approved")
        if approved is not None and type(approved) is not bool:
            raise type_error("$approved", f"$.data[{i}].$approved", "boolean")
        append = item.get("$append_values")
        if append is not None:
            if type(append) is not dict or any(type(v) is not bool for v in append.values()):
                raise type_error("$append_values", f"$.data[{i}].$append_values", "jsonobject")
        for key, value in item.items():
            f = fields.get(key)
            if f is None:
                if key not in RECORD_OPTION_KEYS:
                    check_generic_value(value, key, f"$.data[{i}].{key}")
                continue
            if f.system:
                continue
            path = f"$.data[{i}].{key}"
            v = f.validate(value, path, st, new.get(key))
            if f.mandatory and (v is None or v == "" or v == []):
                raise mandatory_error(key, path)
            if f.data_type == "multiselectpicklist":
                do_append = append.get(key) if append is not None else None
                if overwrite_multiselect is not None and do_append is None:
                    do_append = not overwrite_multiselect
                if do_append:
                    prev = new.get(key) or []
                    v = prev + [x for x in v if x not in prev]
            new[key] = v
        # unique fields
        for f in mod.unique_fields:
            key = f.api_name
            if key not in item:
                continue
            v = new.get(key)
            if v is None or v == "":
                continue
            other = st.unique_index.get((mod.api_name, key), {}).get(_index_key(v))
            if other is not None and (old is None or other != old["id"]):
                dup = st.records[mod.api_name].get(other, {})
                raise RecordError(
                    code="DUPLICATE_DATA",
                    message="duplicate data",
                    details={
                        "api_name": key,
                        "json_path": f"$.data[{i}].{key}",
                        "duplicate_record": {
                            "module": {"api_name": mod.api_name, "id": mod.id},
                            "id": other,
                            "Owner": dup.get("Owner"),
                        },
                    },
                )
        return new

    def _commit_record(
        self,
        st: ProductState,
        mod: ModuleDef,
        old: dict[str, Any] | None,
        new: dict[str, Any],
        uid: str,
        now: str,
    ) -> None:
        new["Modified_Time"] = now
        new["Modified_By"] = st.user_ref(uid)
        if old is not None:
            st.index_remove(mod, old)
        st.records[mod.api_name][new["id"]] = new
        st.index_add(mod, new)

    @staticmethod
    def _success_details(
        st: ProductState, rec: dict[str, Any], message: str = "record updated"
    ) -> dict[str, Any]:
        return {
            "code": SUCCESS,
            "details": {
                "Modified_Time": rec["Modified_Time"],
                "Modified_By": rec["Modified_By"],
                "Created_Time": rec["Created_Time"],
                "id": rec["id"],
                "Created_By": rec["Created_By"],
            },
            "message": message,
            "status": "success",
        }

    # ---- upsert / insert ---------------------------------------------------------------------
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
    ) -> list[dict[str, Any] | RecordError]:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            st.module = mod.api_name
            uid = user_id or st.current_user
            now = st.now()
            results: list[dict[str, Any] | RecordError] = []
            changed: list[str] = []
            recs = st.records[mod.api_name]
            for i, item in enumerate(items):
                try:
                    if type(item) is not dict:
                        raise type_error("data", f"$.data[{i}]", "jsonobject")
                    match_id, match_field = None, None
                    if not insert_only:
                        dcf = item.get("duplicate_check_fields", duplicate_check_fields)
                        if dcf is None:
                            check = mod.unique_fields
                        else:
                            if type(dcf) is not list:
                                raise type_error(
                                    "duplicate_check_fields",
                                    f"$.data[{i}].duplicate_check_fields",
                                    "jsonarray",
                                )
                            check = []
                            for k, name in enumerate(dcf):
                                f = mod.fields.get(name) if type(name) is str else None
                                if f is None:
                                    raise invalid_value(
                                        str(name), f"$.data[{i}].duplicate_check_fields[{k}]"
                                    )
                                check.append(f)
                        for f in check:
                            value = item.get(f.api_name)
                            if value is None or value == "":
                                continue
                            norm = f.validate(value, f"$.data[{i}].{f.api_name}", st, None)
                            found = st.find_by_value(mod, f, norm)
                            if found is not None:
                                match_id, match_field = found, f.api_name
                                break
                    if match_id is not None:
                        old = recs[match_id]
                        new = self._apply(st, mod, old, item, i)
                        self._commit_record(st, mod, old, new, uid, now)
                        res = self._success_details(st, new)
                        action = "update"
                    else:
                        new = self._apply(st, mod, None, item, i)
                        for f in mod.mandatory_fields:
                            v = new.get(f.api_name)
                            if v is None or v == "" or v == []:
                                raise mandatory_error(f.api_name, f"$.data[{i}].{f.api_name}")
                        new["id"] = st.new_id()
                        new.setdefault("Owner", st.owner_value(uid))
                        new["Created_Time"] = now
                        new["Created_By"] = st.user_ref(uid)
                        self._commit_record(st, mod, None, new, uid, now)
                        res = self._success_details(st, new, "record added")
                        res["details"]["$approval_state"] = "approved"
                        action = "insert"
                    changed.append(new["id"])
                    if insert_only:
                        results.append(res)
                    else:
                        results.append(
                            {
                                "code": SUCCESS,
                                "duplicate_field": match_field,
                                "action": action,
                                "details": res["details"],
                                "message": res["message"],
                                "status": "success",
                            }
                        )
                except RecordError as e:
                    results.append(e)
            if changed:
                self._persist(product, mod.api_name, changed)
            self.log(
                op="insert" if insert_only else "upsert",
                product=product,
                module=mod.api_name,
                ids=changed,
                options=options or {},
            )
            return results

    # ---- related lists ----------------------------------------------------------------------
    def _related_def(self, st: ProductState, mod: ModuleDef, related_list: str) -> dict[str, Any]:
        rl = mod.related_by_name.get(related_list)
        if rl is None:
            raise ZohoError(
                code="INVALID_DATA",
                message="the related list name given seems to be invalid",
                status=400,
                details={"api_name": related_list},
            )
        return rl

    def _relate(
        self,
        st: ProductState,
        module: str,
        pid: str,
        related_list: str,
        rid: str,
        data: dict[str, Any],
    ) -> list[tuple[Any, ...]]:
        touched = [(module, pid, related_list)]
        st.relations.setdefault((module, pid, related_list), {})[rid] = data
        rl = st.modules[module].related_by_name.get(related_list) or {}
        inverse = rl.get("inverse")
        if inverse:
            st.relations.setdefault((rl["module"], rid, inverse), {})[pid] = data
            touched.append((rl["module"], rid, inverse))
        return touched

    def update_related(
        self,
        product: str,
        module: str,
        record_id: str,
        related_list: str,
        items: list[Any],
        options: dict[str, Any] | None = None,
    ) -> list[dict[str, Any] | RecordError]:
        st = self.products[product]
        with self.lock:
            mod = st.module_def(module)
            rl = self._related_def(st, mod, related_list)
            pid = coerce_id(record_id)
            if pid is None or pid not in st.records[mod.api_name]:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="the id given seems to be invalid",
                    status=400,
                    details={"id": record_id},
                )
            target = st.modules[rl["module"]]
            st.module = target.api_name
            results: list[dict[str, Any] | RecordError] = []
            touched: list[tuple[Any, ...]] = []
            for i, item in enumerate(items):
                try:
                    if type(item) is not dict:
                        raise RecordError(
                            code="INVALID_DATA",
                            message="invalid data",
                            details={"json_path": f"$.data[{i}]"},
                            status=202,
                        )
                    if "id" not in item or item["id"] is None:
                        raise RecordError(
                            code="MANDATORY_NOT_FOUND",
                            message="required field not found",
                            details={"api_name": "id", "json_path": f"$.data[{i}].id"},
                            status=202,
                        )
                    rid = coerce_id(item["id"])
                    if rid is None or rid not in st.records[target.api_name]:
                        raise RecordError(
                            code="INVALID_DATA",
                            message="the related id given seems to be invalid",
                            details={"id": _id_str(item["id"])},
                            status=400,
                        )
                    data: dict[str, Any] = {}
                    for key, value in item.items():
                        if key == "id":
                            continue
                        f = target.fields.get(key)
                        if f is None or f.system:
                            data[key] = value
                            continue
                        try:
                            data[key] = f.validate(value, f"$.data[{i}].{key}", st, None)
                        except RecordError as e:
                            e.status = 202
                            raise
                    prev = st.relations.get((mod.api_name, pid, related_list), {}).get(rid)
                    if prev:
                        data = {**prev, **data}
                    touched += self._relate(st, mod.api_name, pid, related_list, rid, data)
                    results.append(
                        {
                            "code": SUCCESS,
                            "details": {"id": rid},
                            "message": "relation updated",
                            "status": "success",
                        }
                    )
                except RecordError as e:
                    results.append(e)
            if touched:
                self._persist(product, mod.api_name, [], touched)
            self.log(
                op="update_related",
                product=product,
                module=mod.api_name,
                id=pid,
                related_list=related_list,
                options=options or {},
            )
            return results

    def get_related(
        self, product: str, module: str, record_id: str, related_list: str, page: int, per_page: int
    ) -> tuple[list[dict[str, Any]], int, bool]:
        st = self.products[product]
        with self.lock:
            mod = st.module_def(module)
            rl = self._related_def(st, mod, related_list)
            pid = coerce_id(record_id)
            if pid is None or pid not in st.records[mod.api_name]:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="the id given seems to be invalid",
                    status=400,
                    details={"id": record_id},
                )
            rows = st.relations.get((mod.api_name, pid, related_list), {})
            target = st.records[rl["module"]]
            out = []
            for rid, data in rows.items():
                rec = target.get(rid)
                if rec is not None:
                    out.append({**rec, **data})
            start = (page - 1) * per_page
            return out[start : start + per_page], len(out), start + per_page < len(out)

    # ---- mass update ------------------------------------------------------------------------
    def mass_update(
        self, product: str, module: str, body: dict[str, Any], user_id: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Returns (http_status, response body)."""
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            st.module = mod.api_name
            uid = user_id or st.current_user
            data = body.get("data")
            if data is None:
                raise ZohoError(
                    code="MANDATORY_NOT_FOUND",
                    message="required field not found",
                    status=400,
                    details={"api_name": "data", "json_path": "$.data"},
                )
            if type(data) is not list or len(data) != 1 or type(data[0]) is not dict:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="invalid data",
                    status=400,
                    details={
                        "json_path": "$.data",
                        "expected_data_type": "jsonarray",
                        "reason": "data must hold exactly one object",
                    },
                )
            fields_in = data[0]
            names = [k for k in fields_in if k not in RECORD_OPTION_KEYS]
            if not names:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="No field found",
                    status=400,
                    details={"json_path": "$.data[0]"},
                )
            if len(names) > mod.mass_update_max_fields:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="Max field limit exceeded",
                    status=400,
                    details={"limit": mod.mass_update_max_fields, "json_path": "$.data[0]"},
                )
            for k in names:
                f = mod.fields.get(k)
                if f is None or not f.mass_updatable or f.system:
                    raise ZohoError(
                        code="INVALID_DATA",
                        message="This field cannot be updated in the Mass Update",
                        status=400,
                        details={"api_name": k, "json_path": f"$.data[0].{k}"},
                    )
            over_write = body.get("over_write", False)
            if type(over_write) is not bool:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="invalid data",
                    status=400,
                    details={"json_path": "$.over_write", "expected_data_type": "boolean"},
                )
            # validate values once
            try:
                self._apply(st, mod, {"id": "0"}, fields_in, 0)
            except RecordError as e:
                raise ZohoError(
                    code=e.code, message=e.message, status=400, details=e.details
                ) from None
            ids, cvid = body.get("ids"), body.get("cvid")
            if body.get("territory") is not None and cvid is None:
                # "It is mandatory to specify the custom view ID when you want to mass update
                # records in a territory" (the Mass Update page)
                raise ZohoError(
                    code="MANDATORY_NOT_FOUND",
                    message="required field not found",
                    status=400,
                    details={"api_name": "cvid", "json_path": "$.cvid"},
                )
            if ids is not None:
                if type(ids) is not list:
                    raise ZohoError(
                        code="INVALID_DATA",
                        message="invalid data",
                        status=400,
                        details={"json_path": "$.ids", "expected_data_type": "jsonarray"},
                    )
                if len(ids) > self.mass_update_max_ids:
                    raise ZohoError(
                        code="LIMIT_EXCEEDED",
                        message="limit exceeded",
                        status=400,
                        details={"limit": self.mass_update_max_ids, "json_path": "$.ids"},
                    )
                if not ids:
                    raise ZohoError(
                        code="MANDATORY_NOT_FOUND",
                        message="required field not found",
                        status=400,
                        details={"api_name": "ids", "json_path": "$.ids"},
                    )
                now = st.now()
                results: list[Any] = []
                changed = []
                recs = st.records[mod.api_name]
                for raw in ids:
                    rid = coerce_id(raw)
                    old = recs.get(rid) if rid else None
                    if old is None:
                        results.append(
                            RecordError(
                                code="INVALID_DATA",
                                message="the id given seems to be invalid",
                                details={"id": _id_str(raw)},
                            )
                        )
                        continue
                    try:
                        new = self._apply(
                            st, mod, old, fields_in, 0, overwrite_multiselect=over_write
                        )
                    except RecordError as e:
                        results.append(e)
                        continue
                    self._commit_record(st, mod, old, new, uid, now)
                    changed.append(old["id"])
                    results.append(self._success_details(st, new))
                if changed:
                    self._persist(product, mod.api_name, changed)
                self.log(op="mass_update", product=product, module=mod.api_name, ids=changed)
                return _results_status(results), {"data": results}
            if cvid is None:
                raise ZohoError(
                    code="MANDATORY_NOT_FOUND",
                    message="required field not found",
                    status=400,
                    details={"api_name": "cvid", "json_path": "$.cvid"},
                )
            cv = coerce_id(cvid)
            view = st.views.get(cv) if cv else None
            if view is None or view.get("module") != mod.api_name:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="The id given seems to be invalid",
                    status=400,
                    details={"id": _id_str(cvid), "api_name": "cvid", "json_path": "$.cvid"},
                )
            territory = body.get("territory")
            terr_ids: set[str] | None = None
            if territory is not None:
                if type(territory) is not dict:
                    raise ZohoError(
                        code="INVALID_DATA",
                        message="invalid data",
                        status=400,
                        details={"json_path": "$.territory", "expected_data_type": "jsonobject"},
                    )
                tid = coerce_id(territory.get("id"))
                if tid is None or tid not in st.territories:
                    raise ZohoError(
                        code="INVALID_DATA",
                        message="The id given seems to be invalid",
                        status=400,
                        details={
                            "id": _id_str(territory.get("id")),
                            "api_name": "territory.id",
                            "json_path": "$.territory.id",
                        },
                    )
                include_child = territory.get("include_child", False)
                if type(include_child) is not bool:
                    raise ZohoError(
                        code="INVALID_DATA",
                        message="invalid data",
                        status=400,
                        details={
                            "json_path": "$.territory.include_child",
                            "expected_data_type": "boolean",
                        },
                    )
                terr_ids = {tid}
                if include_child:
                    terr_ids |= self._child_territories(st, tid)
            for job in st.jobs.values():
                if job.cvid == cv and job.module == mod.api_name and job.status != "COMPLETED":
                    raise ZohoError(
                        code="ALREADY_SCHEDULED",
                        message="Already a Mass Action scheduler is running for the given cvid",
                        status=202,
                        details={"job_id": job.job_id},
                    )
            targets = [
                rid
                for rid, rec in st.records[mod.api_name].items()
                if _matches_view(rec, view)
                and (terr_ids is None or terr_ids & set(rec.get("$territories") or ()))
            ]
            if not targets:
                raise ZohoError(
                    code="NO_RECORDS_FOUND",
                    message="no record found to update",
                    status=400,
                    details={"cvid": cv},
                )
            if len(targets) > self.mass_update_max_records:
                raise ZohoError(
                    code="LIMIT_EXCEEDED",
                    message="Record count exceeded",
                    status=400,
                    details={"limit": self.mass_update_max_records},
                )
            job = _jobs.MassUpdateJob(
                job_id=st.new_id(),
                module=mod.api_name,
                cvid=str(cv),
                fields=dict(fields_in),
                over_write=over_write,
                record_ids=targets,
                user_id=uid,
                created=time.time(),
            )
            st.jobs[job.job_id] = job
            self._persist(product, mod.api_name, [], jobs=True)
            self.log(
                op="mass_update_scheduled", product=product, module=mod.api_name, job_id=job.job_id
            )
            return 202, {
                "data": [
                    {
                        "code": SUCCESS,
                        "details": {"job_id": job.job_id},
                        "message": "mass update scheduled successfully",
                        "status": "success",
                    }
                ]
            }

    def _child_territories(self, st: ProductState, tid: str) -> set[str]:
        out: set[str] = set()
        frontier = [tid]
        while frontier:
            cur = frontier.pop()
            for t in st.territories.values():
                if str(t.get("parent_id")) == cur and t["id"] not in out:
                    out.add(t["id"])
                    frontier.append(t["id"])
        return out

    def mass_update_status(self, product: str, module: str, job_id: str | None) -> dict[str, Any]:
        st = self.products[product]
        with self.lock:
            mod = st.module_def(module)
            if job_id is None or job_id == "":
                raise ZohoError(
                    code="REQUIRED_PARAM_MISSING",
                    message="One of the expected parameter is missing",
                    status=400,
                    details={"param": "job_id"},
                )
            job = st.jobs.get(job_id)
            if job is None or job.module != mod.api_name:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="The id given seems to be invalid",
                    status=400,
                    details={"param": "job_id", "id": job_id},
                )
            if self.job_step_seconds > 0:
                self._advance_jobs(st)
            report = job.report()
            if self.job_step_seconds <= 0 and job.status != "COMPLETED":
                self._step_job(st, job)
            return {"data": [report]}

    def _advance_jobs(self, st: ProductState) -> None:
        if not st.jobs or self.job_step_seconds <= 0:
            return
        now = time.time()
        for job in st.jobs.values():
            if job.status == "COMPLETED":
                continue
            target = min(2, int((now - job.created) / self.job_step_seconds))
            while job.step < target:
                self._step_job(st, job)

    def _step_job(self, st: ProductState, job: _jobs.MassUpdateJob) -> None:
        """SCHEDULED -> RUNNING (first half applied) -> COMPLETED (the rest applied)."""
        mod = st.modules[job.module]
        half = (len(job.record_ids) + 1) // 2
        batch = job.record_ids[:half] if job.step == 0 else job.record_ids[job.done :]
        now = st.now()
        changed = []
        st.module = mod.api_name
        for rid in batch:
            old = st.records[mod.api_name].get(rid)
            if old is None:
                job.failed += 1
                continue
            try:
                new = self._apply(st, mod, old, job.fields, 0, overwrite_multiselect=job.over_write)
            except RecordError:
                job.not_updated += 1
                continue
            self._commit_record(st, mod, old, new, job.user_id, now)
            changed.append(rid)
            job.updated += 1
        job.done += len(batch)
        job.step += 1
        if changed:
            self._persist(st.product, mod.api_name, changed, jobs=True)
        else:
            self._persist(st.product, mod.api_name, [], jobs=True)

    # ---- metadata -----------------------------------------------------------------------------
    def settings_module(self, product: str, module: str | None) -> ModuleDef:
        if module is None or module == "":
            raise ZohoError(
                code="REQUIRED_PARAM_MISSING",
                message="One of the expected parameter is missing",
                status=400,
                details={"param": "module"},
            )
        return self.products[product].settings_module_def(module)


# ---------------------------------------------------------------------------------------------


def _results_status(results: list[Any]) -> int:
    ok = sum(1 for r in results if not isinstance(r, RecordError))
    if ok == len(results):
        return 200
    if ok:
        return 207
    return 400


def _matches_view(rec: dict[str, Any], view: dict[str, Any]) -> bool:
    crit = view.get("criteria")
    if not crit:
        return True
    for k, v in crit.items():
        rv = rec.get(k)
        if isinstance(rv, dict):
            rv = rv.get("id")
        if _casefold(rv) != _casefold(v):
            return False
    return True


def _id_str(value: Any) -> Any:
    return str(value) if type(value) is int else value


def _max_id(part: dict[str, Any]) -> int:
    best = 0

    def visit(v: Any) -> None:
        nonlocal best
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "id" or k == "related_id":
                    s = str(x)
                    if s.isdigit() and len(s) <= 19:
                        best = max(best, int(s))
                visit(x)
        elif isinstance(v, list):
            for x in v:
                visit(x)

    visit(part.get("records"))
    visit(part.get("relations"))
    return best


class _Counter:
    """An id counter whose next value can be peeked (persisted with the state)."""

    def __init__(self, start: int) -> None:
        self.next = start

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> int:
        v = self.next
        self.next += 1
        return v


def _id_counter(start: int) -> _Counter:
    return _Counter(start)


def st_next_peek(st: ProductState) -> int:
    nxt: int = st._ids.next  # type: ignore[attr-defined]
    return nxt
