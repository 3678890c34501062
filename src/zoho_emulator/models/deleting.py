"""Deleting records: Delete Records (``?ids=``, up to 100) and Delete a Record (no HTTP here).

A deleted record leaves the module (Zoho moves it to the recycle bin, which the API does not
read): Get a Record then answers as for a missing record (``INVALID_DATA``, "the id given seems
to be invalid"), an update of it fails the same way, and a second delete fails its item with
``INVALID_DATA`` "record not deleted". An unknown id among valid ones fails only its item.
"""

from __future__ import annotations

from ..exceptions import RecordError
from ..schema import coerce_id
from .base import BackendBase
from .results import Deleted, DeleteResult


class DeletingOps(BackendBase):
    """Delete records by id."""

    def delete_records(
        self,
        product: str,
        module: str,
        ids: list[str],
        *,
        wf_trigger: bool = True,
        user_id: str | None = None,
    ) -> list[DeleteResult]:
        """One result per id, in order (a repeated id: deleted once, then ``record not
        deleted``)."""
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            deleted_ids = st.deleted.setdefault(mod.api_name, set())
            records = st.records[mod.api_name]
            results: list[DeleteResult] = []
            gone: list[str] = []
            for raw in ids:
                rid = coerce_id(raw)
                rec = records.get(rid) if rid is not None else None
                if rec is None:
                    already = rid is not None and rid in deleted_ids
                    results.append(
                        RecordError(
                            code="INVALID_DATA",
                            message="record not deleted"
                            if already
                            else "the id given seems to be invalid",
                            details={"id": raw},
                        )
                    )
                    continue
                st.index_remove(mod, rec)
                del records[rec["id"]]
                deleted_ids.add(rec["id"])
                gone.append(rec["id"])
                results.append(Deleted(rec["id"]))
            if gone:
                self._persist(product, mod.api_name, gone)
            self.log(
                op="delete",
                product=product,
                module=mod.api_name,
                ids=gone,
                options={"wf_trigger": wf_trigger},
            )
            return results
