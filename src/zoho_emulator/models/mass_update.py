"""Mass update: by record ids (applied at once) or by custom view (scheduled as a job).

No HTTP here: :class:`~zoho_emulator.models.results.MassUpdateArgs` comes parsed; the result
is one :class:`Written` or ``RecordError`` per id, or one :class:`Scheduled` job.
"""

from __future__ import annotations

from typing import Any

from .. import jobs as _jobs
from ..exceptions import RecordError, ZohoError
from ..schema import ModuleDef, coerce_id
from .base import BackendBase
from .results import MassUpdateArgs, Scheduled, Territory, Written
from .rules import RECORD_OPTION_KEYS, apply_fields, commit_record
from .state import ProductState, _casefold, _id_str


def _missing(name: str) -> ZohoError:
    return ZohoError(
        code="MANDATORY_NOT_FOUND",
        message="required field not found",
        details={"api_name": name, "json_path": f"$.{name}"},
    )


def _invalid_id(value: Any, name: str) -> ZohoError:
    return ZohoError(
        code="INVALID_DATA",
        message="The id given seems to be invalid",
        details={"id": _id_str(value), "api_name": name, "json_path": f"$.{name}"},
    )


class MassUpdateOps(BackendBase):
    """Mass update by ids or by custom view, and the job's status."""

    def mass_update(
        self, product: str, module: str, args: MassUpdateArgs, user_id: str | None = None
    ) -> list[Written | RecordError] | Scheduled:
        """One result per id (``args.ids``), or the job scheduled for ``args.cvid``."""
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            st.module = mod.api_name
            uid = user_id or st.current_user
            self._check_fields(st, mod, args.fields)
            if args.territory_given and args.cvid is None:
                # "It is mandatory to specify the custom view ID when you want to mass update
                # records in a territory" (the Mass Update page)
                raise _missing("cvid")
            if args.ids is not None:
                return self._update_ids(st, mod, args, uid)
            return self._schedule(st, mod, args, uid)

    def _check_fields(self, st: ProductState, mod: ModuleDef, fields: dict[str, Any]) -> None:
        """The fields may be mass updated: some, not too many, each mass-updatable, valid."""
        names = [k for k in fields if k not in RECORD_OPTION_KEYS]
        if not names:
            raise ZohoError(
                code="INVALID_DATA", message="No field found", details={"json_path": "$.data[0]"}
            )
        if len(names) > mod.mass_update_max_fields:
            raise ZohoError(
                code="INVALID_DATA",
                message="Max field limit exceeded",
                details={"limit": mod.mass_update_max_fields, "json_path": "$.data[0]"},
            )
        for k in names:
            f = mod.fields.get(k)
            if f is None or not f.mass_updatable or f.system:
                raise ZohoError(
                    code="INVALID_DATA",
                    message="This field cannot be updated in the Mass Update",
                    details={"api_name": k, "json_path": f"$.data[0].{k}"},
                )
        try:  # validate the values once
            apply_fields(st, mod, {"id": "0"}, fields, 0)
        except RecordError as e:
            raise ZohoError(code=e.code, message=e.message, details=e.details) from None

    def _update_ids(
        self, st: ProductState, mod: ModuleDef, args: MassUpdateArgs, uid: str
    ) -> list[Written | RecordError]:
        ids = args.ids or []
        if len(ids) > self.mass_update_max_ids:
            raise ZohoError(
                code="LIMIT_EXCEEDED",
                message="limit exceeded",
                details={"limit": self.mass_update_max_ids, "json_path": "$.ids"},
            )
        if not ids:
            raise _missing("ids")
        now = st.now()
        results: list[Written | RecordError] = []
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
                new = apply_fields(
                    st, mod, old, args.fields, 0, overwrite_multiselect=args.over_write
                )
            except RecordError as e:
                results.append(e)
                continue
            commit_record(st, mod, old, new, uid, now)
            changed.append(old["id"])
            results.append(Written(new, "update"))
        if changed:
            self._persist(st.product, mod.api_name, changed)
        self.log(op="mass_update", product=st.product, module=mod.api_name, ids=changed)
        return results

    def _schedule(
        self, st: ProductState, mod: ModuleDef, args: MassUpdateArgs, uid: str
    ) -> Scheduled:
        if args.cvid is None:
            raise _missing("cvid")
        cv = coerce_id(args.cvid)
        view = st.views.get(cv) if cv else None
        if view is None or view.get("module") != mod.api_name:
            raise _invalid_id(args.cvid, "cvid")
        terr_ids = self._territory_ids(st, args.territory)
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
                code="NO_RECORDS_FOUND", message="no record found to update", details={"cvid": cv}
            )
        if len(targets) > self.mass_update_max_records:
            raise ZohoError(
                code="LIMIT_EXCEEDED",
                message="Record count exceeded",
                details={"limit": self.mass_update_max_records},
            )
        job = _jobs.MassUpdateJob(
            job_id=st.new_id(),
            module=mod.api_name,
            cvid=str(cv),
            fields=dict(args.fields),
            over_write=args.over_write,
            record_ids=targets,
            user_id=uid,
            created=self.clock(),
        )
        st.jobs[job.job_id] = job
        self._persist(st.product, mod.api_name, [], jobs=True)
        self.log(
            op="mass_update_scheduled", product=st.product, module=mod.api_name, job_id=job.job_id
        )
        return Scheduled(job.job_id)

    def _territory_ids(self, st: ProductState, territory: Territory | None) -> set[str] | None:
        """The territory and (with ``include_child``) its descendants; None: no territory."""
        if territory is None:
            return None
        tid = coerce_id(territory.id)
        if tid is None or tid not in st.territories:
            raise _invalid_id(territory.id, "territory.id")
        terr_ids = {tid}
        if territory.include_child:
            terr_ids |= self._child_territories(st, tid)
        return terr_ids

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
        """The job's report (Status and counts); without a job step time, each read of an
        unfinished job advances it one step (and one nobody read ends in time, ``_advance_jobs``)."""
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
            self._advance_jobs(st)
            report = job.report()
            if self.job_step_seconds <= 0 and job.status != "COMPLETED":
                self._step_job(st, job)
            return report


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
