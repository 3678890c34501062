"""One product's org in memory: schema, users, records, unique indexes, relations, jobs."""

from __future__ import annotations

import collections
import datetime as _dt
from typing import Any

from .. import jobs as _jobs
from ..exceptions import invalid_module, unsupported_module
from ..field_metadata import metadata_only_modules
from ..schema import FieldDef, ModuleDef, compile_schema


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
        self.deleted: dict[str, set[str]] = {}  # module -> ids deleted (the recycle bin)
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
