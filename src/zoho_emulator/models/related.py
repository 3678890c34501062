"""Related lists: relate records to a parent record, read its related records (no HTTP)."""

from __future__ import annotations

from typing import Any

from ..exceptions import RecordError, ZohoError
from ..schema import ModuleDef, coerce_id
from .base import BackendBase
from .results import Related
from .state import ProductState, _id_str


class RelatedOps(BackendBase):
    """Update and get related records."""

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

    def update_related(
        self,
        product: str,
        module: str,
        record_id: str,
        related_list: str,
        items: list[Any],
        options: dict[str, Any] | None = None,
    ) -> list[Related | RecordError]:
        """Relate each item's record to the parent ``record_id`` (with the relation's fields)."""
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
            results: list[Related | RecordError] = []
            touched: list[tuple[Any, ...]] = []
            for i, item in enumerate(items):
                try:
                    rid, data = _relation(st, target, item, i)
                except RecordError as e:
                    results.append(e)
                    continue
                prev = st.relations.get((mod.api_name, pid, related_list), {}).get(rid)
                if prev:
                    data = {**prev, **data}
                touched += self._relate(st, mod.api_name, pid, related_list, rid, data)
                results.append(Related(rid))
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


def _relation(st: ProductState, target: ModuleDef, item: Any, i: int) -> tuple[str, dict[str, Any]]:
    """(related record id, the relation's own fields) of one item, or a RecordError."""
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
    return rid, data
