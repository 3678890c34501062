"""The record lifecycle the gate walks through after the schemathesis run (issue 13):

insert then read back, page through the inserted records (page, then page tokens) and see
each exactly once, search finds what was written (criteria and e-mail), delete, then a read of a
deleted record gets Zoho's answer for a missing record (400 ``INVALID_DATA``), an update of it
fails per record, and a search no longer finds it.

It touches only records it inserted (Leads in CRM, Contacts in Bigin, each named with a marker of
the run) and deletes them at the end, so it is safe against a live account run with
``--allow-writes``. Each broken step is one :class:`~contract_tests.server.runner.CheckFailure`
(check ``zoho_record_lifecycle``) naming the operation and the request that broke it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from contract_tests.server.target import Target

CHECK = "zoho_record_lifecycle"
MODULE = {"crm": "Leads", "bigin": "Contacts"}
PREFIX = {"crm": "/crm/v8", "bigin": "/bigin/v2"}
COUNT = 3


class StepFailed(AssertionError):
    def __init__(self, operation: str, message: str, response: httpx.Response | None = None):
        super().__init__(message)
        self.operation = operation
        self.response = response
        self.inserted: list[str] = []


def _cleanup(product: str, client: Any, ids: list[str]) -> None:
    """Best effort: delete what a failed walk inserted (an id already deleted fails its item)."""
    if ids:
        base = f"{PREFIX[product]}/{MODULE[product]}"
        client.delete(base, params={"ids": ",".join(ids)})


@contextlib.contextmanager
def _client(target: Target) -> Iterator[httpx.Client]:
    """An HTTP client for the target; an in-process ASGI app is served on 127.0.0.1 for it."""
    headers = {"Authorization": f"Zoho-oauthtoken {target.token}"}
    if target.app is None:
        with httpx.Client(base_url=target.base_url or "", headers=headers, timeout=30) as client:
            yield client
        return
    from zoho_emulator.testing import EmulatorServer

    server = EmulatorServer()
    server.app = target.app  # serve the target's own app (its state), not a new emulator
    with server, httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
        yield client


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def walk(product: str, client: Any) -> list[str]:
    """Run the lifecycle; the ids it inserted (deleted again unless a step failed first)."""
    base = f"{PREFIX[product]}/{MODULE[product]}"
    marker = "zrlc" + uuid.uuid4().hex[:12]
    records = [
        {"Last_Name": f"{marker} {n}", "Email": f"{marker}.{n}@example.com"} for n in range(COUNT)
    ]
    inserted: list[str] = []
    try:
        return _walk(client, base, marker, records, inserted)
    except StepFailed as e:
        e.inserted = inserted
        raise


def _expect(op: str, response: httpx.Response, status: int, what: str) -> Any:
    if response.status_code != status:
        left = response.headers.get("X-API-CREDITS-REMAINING")
        hint = (
            f" (X-API-CREDITS-REMAINING {left}: the target's API credits for its rolling 24 "
            "hours look spent; run the gate again once they are back)"
            if response.status_code == 429 and left is not None
            else ""
        )
        raise StepFailed(
            op, f"{what}: expected {status}, got {response.status_code}: "
            f"{response.text[:500]}{hint}", response,
        )  # fmt: skip
    return _json(response)


def _walk(
    client: Any, base: str, marker: str, records: list[dict[str, str]], inserted: list[str]
) -> list[str]:
    _insert_and_read_back(client, base, records, inserted)
    _page_through(client, base, inserted)
    _search(client, base, marker, records, inserted)
    _delete_and_read(client, base, marker, inserted)
    return inserted


def _insert_and_read_back(
    client: Any, base: str, records: list[dict[str, str]], inserted: list[str]
) -> None:
    expect = _expect
    # insert, then read back
    body = expect("insertRecords", client.post(base, json={"data": records}), 201,
                  f"insert of {COUNT} new records")  # fmt: skip
    items = body.get("data") if isinstance(body, dict) else None
    if not isinstance(items, list) or len(items) != COUNT:
        raise StepFailed("insertRecords", f"insert answered {body!r}, not {COUNT} results")
    for item in items:
        rid = (item.get("details") or {}).get("id") if isinstance(item, dict) else None
        if item.get("status") != "success" or not isinstance(rid, str) or not rid.isdigit():
            raise StepFailed("insertRecords", f"insert result without a new id: {item!r}")
        inserted.append(rid)
    if len(set(inserted)) != COUNT:
        raise StepFailed("insertRecords", f"insert gave repeated ids: {inserted}")
    for rid, record in zip(inserted, records, strict=True):
        got = expect("getRecord", client.get(f"{base}/{rid}"), 200, f"read of inserted {rid}")
        read = (got.get("data") or [{}])[0]
        for key, value in record.items():
            if str(read.get(key, "")).casefold() != value.casefold():
                raise StepFailed("getRecord", f"inserted {rid} reads {key}={read.get(key)!r}, "
                                 f"wrote {value!r}")  # fmt: skip


def _page_through(client: Any, base: str, inserted: list[str]) -> None:
    expect = _expect
    # paging: one record per page, first by page, then by the page tokens
    ids = ",".join(inserted)
    params: dict[str, str] = {"fields": "Last_Name,Email", "ids": ids, "per_page": "1"}
    seen: list[str] = []
    response = client.get(base, params={**params, "page": "1"})
    while True:
        page = expect("getRecords", response, 200, f"a page of {ids} (seen so far: {seen})")
        seen += [r.get("id") for r in page.get("data", [])]
        info = page.get("info") or {}
        if not info.get("more_records"):
            break
        token = info.get("next_page_token")
        if not token:
            raise StepFailed("getRecords", f"more_records without next_page_token: {info!r}")
        if len(seen) > COUNT:
            break
        response = client.get(base, params={**params, "page_token": token})
    if sorted(seen) != sorted(inserted):
        raise StepFailed("getRecords", f"paging returned {seen}, expected each of {inserted} once")


def _search(
    client: Any, base: str, marker: str, records: list[dict[str, str]], inserted: list[str]
) -> None:
    expect = _expect
    # search finds what was written
    found = expect("searchRecords", client.get(f"{base}/search",
                   params={"criteria": f"(Last_Name:starts_with:{marker})"}), 200,
                   f"search for {marker}")  # fmt: skip
    got_ids = sorted(r.get("id") for r in found.get("data", []))
    if got_ids != sorted(inserted):
        raise StepFailed("searchRecords", f"criteria search found {got_ids}, wrote {inserted}")
    found = expect("searchRecords", client.get(f"{base}/search",
                   params={"email": records[0]["Email"]}), 200, "search by e-mail")  # fmt: skip
    if [r.get("id") for r in found.get("data", [])] != [inserted[0]]:
        raise StepFailed("searchRecords", f"e-mail search answered {found!r}")


def _delete_and_read(client: Any, base: str, marker: str, inserted: list[str]) -> None:
    expect = _expect
    # delete: the bulk form for all but the last, the single form for it
    gone = expect("deleteRecords", client.delete(base, params={"ids": ",".join(inserted[:-1])}),
                  200, "delete of inserted records")  # fmt: skip
    if [(i.get("details") or {}).get("id") for i in gone.get("data", [])] != inserted[:-1]:
        raise StepFailed("deleteRecords", f"delete answered {gone!r}")
    expect("deleteRecord", client.delete(f"{base}/{inserted[-1]}"), 200, "delete of one record")
    for rid in inserted:
        missing = expect("getRecord", client.get(f"{base}/{rid}"), 400, f"read of deleted {rid}")
        if not isinstance(missing, dict) or missing.get("code") != "INVALID_DATA":
            raise StepFailed("getRecord", f"read of deleted {rid} answered {missing!r}, not "
                             "Zoho's INVALID_DATA for a missing record")  # fmt: skip
    upd = expect("updateRecords", client.put(base, json={"data": [{"id": inserted[0],
                 "Last_Name": "x"}]}), 400, "update of a deleted record")  # fmt: skip
    if (upd.get("data") or [{}])[0].get("code") != "INVALID_DATA":
        raise StepFailed("updateRecords", f"update of a deleted record answered {upd!r}")
    after = client.get(f"{base}/search", params={"criteria": f"(Last_Name:starts_with:{marker})"})
    if after.status_code != 204:
        raise StepFailed("searchRecords", f"search after delete answered {after.status_code}: "
                         f"{after.text[:300]}", after)  # fmt: skip


def run_lifecycle(product: str, target: Target, failure: Callable[..., Any]) -> list[Any]:
    """The lifecycle against ``target``; one ``failure(...)`` (a CheckFailure) per broken run."""
    with _client(target) as client:
        try:
            walk(product, client)
        except StepFailed as e:
            _cleanup(product, client, e.inserted)
            curl = ""
            if e.response is not None:
                req = e.response.request
                curl = f"curl -X {req.method} '{req.url}'"
            return [
                failure(check=CHECK, operation=e.operation, phase="lifecycle",
                        status_code=e.response.status_code if e.response is not None else None,
                        title="Record lifecycle broken", message=str(e), curl=curl)
            ]  # fmt: skip
    return []
