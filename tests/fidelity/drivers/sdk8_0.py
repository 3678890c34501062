"""The scenario with Zoho's ``zohocrmsdk8-0`` (CRM API v8; import name ``zohocrmsdk``).

With ``"records": true`` in its argument it runs issue 13's scenario instead: the SDK's own
``create_records``, ``upsert_records`` (``duplicate_check_fields``), ``get_records`` (first page
by ``page``, the rest by ``page_token``), ``search_records``, ``delete_records`` and a
``get_record`` of a deleted record, in ``cfg["records_module"]``.
"""

from __future__ import annotations

from typing import Any

from _flow import Flow, main


class Flow8(Flow):
    def run(self) -> dict[str, Any]:
        if not self.cfg.get("records"):
            return super().run()
        self.initialize()
        self.module = self.cfg["records_module"]
        tag = self.cfg["tag"]
        out: dict[str, Any] = {}
        api = self.imp("crm.api")

        body = self.rec.BodyWrapper()
        body.set_data([self.record(None, values) for values in self.cfg["insert"]])
        out["insert"] = self.answer(self.ops().create_records(body))

        body = self.rec.BodyWrapper()
        body.set_data([self.record(None, values) for values in self.cfg["upsert"]])
        body.set_duplicate_check_fields(["Email"])
        out["upsert"] = self.answer(self.ops().upsert_records(body))

        pages = []
        token = None
        for _ in range(50):
            params = api.ParameterMap()
            params.add(self.rec.GetRecordsParam.fields, "Last_Name,Email")
            params.add(self.rec.GetRecordsParam.per_page, self.cfg["per_page"])
            if token is None:
                params.add(self.rec.GetRecordsParam.page, 1)
            else:
                params.add(self.rec.GetRecordsParam.page_token, token)
            page = self.answer(self.ops().get_records(params))
            pages.append(page)
            info = (page["object"] or {}).get("info") or {}
            token = info.get("next_page_token")
            if not info.get("more_records") or not token:
                break
        out["pages"] = pages

        params = api.ParameterMap()
        params.add(self.rec.SearchRecordsParam.criteria, f"(Last_Name:starts_with:{tag})")
        out["search"] = self.answer(self.ops().search_records(params))

        ids = self.cfg_ids(out)
        params = api.ParameterMap()
        params.add(self.rec.DeleteRecordsParam.ids, ",".join(ids))
        params.add(self.rec.DeleteRecordsParam.wf_trigger, False)
        out["delete"] = self.answer(self.ops().delete_records(params))
        out["read_deleted"] = self.answer(self.ops().get_record(int(ids[0])))
        return out

    @staticmethod
    def cfg_ids(out: dict[str, Any]) -> list[str]:
        ids: list[str] = []
        for step in ("insert", "upsert"):
            for item in (out[step]["object"] or {}).get("data") or []:
                rid = str((item.get("details") or {}).get("id"))
                if rid not in ids:
                    ids.append(rid)
        return ids


if __name__ == "__main__":
    main(Flow8)
