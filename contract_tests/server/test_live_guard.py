"""The live guard confines issue 13's inserts and deletes to records the run created (against
the emulator over HTTP, standing in for a live account)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx

from contract_tests.server.live_guard import LiveGuard


def _case(operation_id: str, method: str, **kw: Any) -> Any:
    operation = SimpleNamespace(definition=SimpleNamespace(raw={"operationId": operation_id}))
    return SimpleNamespace(
        operation=operation, method=method, formatted_path="/x", path_parameters=kw.get("path"),
        body=kw.get("body"), query=kw.get("query"),
    )  # fmt: skip


def test_deletes_only_touch_records_the_guard_inserted_for_them() -> None:
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer() as server:
        guard = LiveGuard(product="crm", base_url=server.base_url, token=server.token)
        guard.seed()
        seeds = list(guard.created["Leads"])
        headers = {"Authorization": f"Zoho-oauthtoken {server.token}"}
        with httpx.Client(base_url=server.base_url, headers=headers) as client:
            before = client.get("/crm/v8/Leads", params={"fields": "id", "per_page": "200"})
            existing = {r["id"] for r in before.json()["data"]}
            bulk = _case("deleteRecords", "DELETE", path={"version": "v8",
                         "module_api_name": "Deals"}, query={"ids": ",".join(sorted(existing))})  # fmt: skip
            guard.confine(bulk)
            target = bulk.query["ids"]
            assert target not in existing and bulk.path_parameters["module_api_name"] == "Leads"
            response = client.delete("/crm/v8/Leads", params=bulk.query)
            assert response.status_code == 200
            guard.learn(bulk, response)
            single = _case("deleteRecord", "DELETE", path={"version": "v8",
                           "module_api_name": "Leads", "record_id": seeds[0]})  # fmt: skip
            guard.confine(single)
            assert single.path_parameters["record_id"] not in (*seeds, *existing)
            response = client.delete(f"/crm/v8/Leads/{single.path_parameters['record_id']}")
            guard.learn(single, response)
            insert = _case("insertRecords", "POST", path={"version": "v8", "module_api_name":
                           "Leads"}, body={"data": [{"id": seeds[0], "Last_Name": "G"}]})  # fmt: skip
            guard.confine(insert)
            assert insert.body["data"] == [{"Last_Name": "G"}]
            response = client.post("/crm/v8/Leads", json=insert.body)
            guard.learn(insert, response)
            assert guard.created["Leads"][:2] == seeds and len(guard.created["Leads"]) == 3
            assert guard.cleanup() == []
            after = client.get("/crm/v8/Leads", params={"fields": "id", "per_page": "200"})
            assert {r["id"] for r in after.json()["data"]} == existing - set(seeds)
