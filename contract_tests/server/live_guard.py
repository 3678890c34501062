"""Keeps a run against a live Zoho account to records it created itself.

Before every request of a live run (a ``before_call`` hook), the guard rewrites the record ids a
write would touch to ids of records this run created: the path ``record_id``, ``data[].id``,
mass-update ``ids`` (and drops ``cvid``/``territory``, which select records by view). Upserts go to
Contacts with a unique e-mail per record and ``duplicate_check_fields: ["Email"]``, so they can
only insert. Inserts (``insertRecords``) create records and are sent as they are, without an
``id``. Deletes (``deleteRecords``, ``deleteRecord``) are pointed at a record the guard inserts
for them first, never at a seed record or one the run did not create. Ids a response reports as
inserted are remembered, deleted ones forgotten; at the end the guard deletes exactly those left. Reads are left alone. A write the guard cannot confine is refused (the
hook raises, the request is not sent).
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from typing import Any

import schemathesis

from contract_tests.server.run_state import run_state_for

WRITE_METHODS = frozenset({"PUT", "POST", "PATCH", "DELETE"})
UPSERT_MODULE = "Contacts"
# The module of the seed records created before the run, and of the records deletes may delete.
SEED_MODULE = {"crm": "Leads", "bigin": "Contacts"}


class LiveWriteRefused(RuntimeError):
    """A write the guard could not confine to records the run created."""


def _looks_like_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.isdigit()


class LiveGuard:
    def __init__(self, *, product: str, base_url: str, token: str, version: str = "v8") -> None:
        self.product = product
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.version = version
        self.marker = f"zr-contract-{uuid.uuid4().hex[:12]}"
        self.created: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self.rewrites = 0

    # -- records created by the run ---------------------------------------------------------------

    def _prefix(self) -> str:
        return f"/crm/{self.version}" if self.product == "crm" else "/bigin/v2"

    def _client(self) -> Any:
        import httpx

        return httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Zoho-oauthtoken {self.token}"},
            timeout=30.0,
        )

    def seed(self) -> None:
        """Create the records the run may write to (deleted again by ``cleanup``)."""
        module = SEED_MODULE[self.product]
        records = [
            {
                "Last_Name": f"{self.marker}-{index}",
                "Email": f"{self.marker}-{index}@example.invalid",
            }
            for index in range(2)
        ]
        with self._client() as client:
            response = client.post(
                f"{self._prefix()}/{module}", json={"data": records, "trigger": []}
            )
        body = response.json() if response.content else {}
        for item in body.get("data", []):
            if item.get("status") == "success":
                self.remember(module, item["details"]["id"])
        if not self.created:
            raise LiveWriteRefused(
                f"could not create seed records in {module}: {response.status_code} {response.text[:300]}"
            )

    def disposable(self) -> tuple[str, str]:
        """(module, id) of a record inserted now for a delete to delete."""
        module = SEED_MODULE[self.product]
        record = {
            "Last_Name": f"{self.marker}-d",
            "Email": f"{self.marker}-{uuid.uuid4().hex[:8]}@example.invalid",
        }
        with self._client() as client:
            response = client.post(f"{self._prefix()}/{module}", json={"data": [record]})
        body = response.json() if response.content else {}
        for item in body.get("data", []) if isinstance(body, dict) else []:
            if isinstance(item, dict) and item.get("status") == "success":
                record_id = str(item["details"]["id"])
                self.remember(module, record_id)
                return module, record_id
        raise LiveWriteRefused(
            f"could not insert a record to delete in {module}: {response.status_code} "
            f"{response.text[:300]}"
        )

    def forget(self, record_id: Any) -> None:
        with self.lock:
            for ids in self.created.values():
                if str(record_id) in ids:
                    ids.remove(str(record_id))

    def remember(self, module: str, record_id: Any) -> None:
        with self.lock:
            if str(record_id) not in self.created[module]:
                self.created[module].append(str(record_id))

    def cleanup(self) -> list[str]:
        """Delete every record the run created; return the ids that could not be deleted."""
        left: list[str] = []
        with self._client() as client:
            for module, ids in self.created.items():
                for start in range(0, len(ids), 100):
                    chunk = ids[start : start + 100]
                    response = client.delete(
                        f"{self._prefix()}/{module}", params={"ids": ",".join(chunk)}
                    )
                    if response.status_code >= 300:
                        left.extend(chunk)
        return left

    # -- confining requests -----------------------------------------------------------------------

    def _any_created(self, module: str | None) -> tuple[str, str]:
        with self.lock:
            if module in self.created and self.created[module]:
                return module, self.created[module][0]
            for name, ids in self.created.items():
                if ids:
                    return name, ids[0]
        raise LiveWriteRefused("no record created by this run to write to")

    def _is_created(self, record_id: Any) -> bool:
        with self.lock:
            return any(str(record_id) in ids for ids in self.created.values())

    def confine(self, case: Any) -> None:
        """Rewrite ``case`` in place so that it can only touch records this run created."""
        method = case.method.upper()
        if method not in WRITE_METHODS:
            return
        operation_id = case.operation.definition.raw.get("operationId")
        parameters = case.path_parameters or {}
        body = case.body if isinstance(case.body, dict) else None
        if operation_id in ("deleteRecords", "deleteRecord"):
            module, record_id = self.disposable()
            parameters["module_api_name"] = module
            if operation_id == "deleteRecord":
                parameters["record_id"] = record_id
            else:
                query = case.query if isinstance(case.query, dict) else {}
                query["ids"] = record_id
                case.query = query
            case.path_parameters = parameters
            self.rewrites += 1
            return
        if operation_id == "insertRecords":
            for record in (
                body.get("data", []) if body and isinstance(body.get("data"), list) else []
            ):
                if isinstance(record, dict):
                    record.pop("id", None)
            return
        if operation_id == "upsertRecords":
            parameters["module_api_name"] = UPSERT_MODULE
            for index, record in enumerate(
                body.get("data", []) if body and isinstance(body.get("data"), list) else []
            ):
                if isinstance(record, dict):
                    record.pop("id", None)
                    record["Email"] = (
                        f"{self.marker}-{uuid.uuid4().hex[:8]}-{index}@example.invalid"
                    )
                    record["duplicate_check_fields"] = ["Email"]
            self.rewrites += 1
            return
        if "record_id" in parameters and not self._is_created(parameters["record_id"]):
            module, record_id = self._any_created(parameters.get("module_api_name"))
            parameters["record_id"] = record_id
            parameters.setdefault("module_api_name", module)
            self.rewrites += 1
        if body is not None:
            for record in body.get("data", []) if isinstance(body.get("data"), list) else []:
                if (
                    isinstance(record, dict)
                    and _looks_like_id(record.get("id"))
                    and not self._is_created(record["id"])
                ):
                    record["id"] = self._any_created(parameters.get("module_api_name"))[1]
                    self.rewrites += 1
            if operation_id == "massUpdateRecords":
                for key in ("cvid", "territory"):
                    body.pop(key, None)
                ids = body.get("ids")
                if isinstance(ids, list):
                    body["ids"] = [
                        i
                        if not _looks_like_id(i) or self._is_created(i)
                        else self._any_created(None)[1]
                        for i in ids
                    ]
                elif ids is not None and _looks_like_id(ids) and not self._is_created(ids):
                    body["ids"] = [self._any_created(None)[1]]
                elif not isinstance(ids, list):
                    body["ids"] = [self._any_created(parameters.get("module_api_name"))[1]]
                self.rewrites += 1
        elif operation_id is None:
            raise LiveWriteRefused(f"{method} {case.formatted_path}: not an operation of the spec")

    def learn(self, case: Any, response: Any) -> None:
        operation_id = case.operation.definition.raw.get("operationId")
        if operation_id not in ("upsertRecords", "insertRecords", "deleteRecords", "deleteRecord"):
            return
        try:
            body = response.json()
        except Exception:
            return
        module = (case.path_parameters or {}).get("module_api_name", UPSERT_MODULE)
        for item in body.get("data", []) if isinstance(body, dict) else []:
            details = item.get("details") if isinstance(item, dict) else None
            if item.get("status") == "success" and isinstance(details, dict) and "id" in details:
                if operation_id in ("deleteRecords", "deleteRecord"):
                    self.forget(details["id"])
                else:
                    self.remember(module, details["id"])

    # -- wiring into schemathesis -----------------------------------------------------------------

    def install(self, schema: Any) -> None:
        """Hooks are global in schemathesis; they act only for the run this guard belongs to."""

    def uninstall(self) -> None:
        pass


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: Any) -> None:
    state = run_state_for(case)
    if state is not None and state.guard is not None:
        state.guard.confine(case)


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    state = run_state_for(case)
    if state is not None and state.guard is not None:
        state.guard.learn(case, response)
