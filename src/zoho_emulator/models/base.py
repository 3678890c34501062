"""The backend's state and what every operation shares (no HTTP here).

Every write is applied to memory and then persisted through the storage before the operation
returns, under one lock, so concurrent writers never lose an update.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any

import zoho_wire_facts as wire

from .. import jobs as _jobs
from ..dataset import PRODUCTS, load_dataset
from ..exceptions import RecordError
from ..storage import MemoryStorage, Storage
from .rules import apply_fields, commit_record
from .state import ProductState, _id_counter, _max_id, st_next_peek

# Without a job step time, how long a mass-update job nobody polls takes to end (``_advance_jobs``).
UNPOLLED_JOB_SECONDS = 10.0


class BackendBase:
    """Both products' state: loading, persistence, the request log, scheduled jobs' progress.

    The operations live in the family modules (``records``, ``related``, ``mass_update``,
    ``metadata``); :class:`~zoho_emulator.models.Backend` puts them together.
    """

    def __init__(
        self,
        dataset: Any = None,
        storage: Storage | None = None,
        job_step_seconds: float = 0.0,
        mass_update_max_records: int = wire.MASS_UPDATE_RECORDS_PER_JOB,
        mass_update_max_ids: int = wire.MASS_UPDATE_IDS_PER_REQUEST,
        max_records_per_call: int = wire.RECORDS_PER_REQUEST,
    ) -> None:
        self.lock = threading.RLock()
        self.storage = storage or MemoryStorage()
        self.job_step_seconds = job_step_seconds
        self.mass_update_max_records = mass_update_max_records
        self.mass_update_max_ids = mass_update_max_ids
        self.max_records_per_call = max_records_per_call
        self.request_log: collections.deque[dict[str, Any]] = collections.deque(maxlen=1000)
        # Get Records' page tokens (models/reading.py) and the clock their expiry reads
        self.page_tokens: dict[str, Any] = {}
        self.clock = time.time
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

    # ---- relations ----------------------------------------------------------------------------
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

    # ---- scheduled jobs (advanced before every read and write) -----------------------------
    def _advance_jobs(self, st: ProductState) -> None:
        """Move the unfinished jobs on by the time since they were scheduled: a step per
        ``job_step_seconds``; without a step time (each status poll steps), a job nobody
        polls ends ``UNPOLLED_JOB_SECONDS`` after it was scheduled, as Zoho's would in time
        (else its view answered ALREADY_SCHEDULED for good, e.g. after ``--no-wait``)."""
        if not st.jobs:
            return
        now = self.clock()
        for job in st.jobs.values():
            if job.status == "COMPLETED":
                continue
            age = now - job.created
            if self.job_step_seconds > 0:
                target = min(2, int(age / self.job_step_seconds))
            else:
                target = 2 if age >= UNPOLLED_JOB_SECONDS else 0
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
                new = apply_fields(
                    st, mod, old, job.fields, 0, overwrite_multiselect=job.over_write
                )
            except RecordError:
                job.not_updated += 1
                continue
            commit_record(st, mod, old, new, job.user_id, now)
            changed.append(rid)
            job.updated += 1
        job.done += len(batch)
        job.step += 1
        if changed:
            self._persist(st.product, mod.api_name, changed, jobs=True)
        else:
            self._persist(st.product, mod.api_name, [], jobs=True)
