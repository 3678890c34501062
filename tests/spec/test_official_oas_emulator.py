"""The emulator takes what Zoho's official CRM OAS declares for our operations.

Zoho accepts these keys, headers and parameters (its own OpenAPI declares them), so the emulator
must not refuse them: it accepts them and, where it does not emulate their effect, ignores them
(each one's description in the spec says so). Bodies and parameters come from
``test_official_oas.BODIES`` and the inventory, so a key added there is tried here too.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from zoho_emulator import create_app

from .test_official_oas import BODIES, OPS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

AUTH = {"Authorization": "Zoho-oauthtoken zoho-emulator-token"}
DEAL = "3652397000003852095"
DEALS_IN_BODY = {"554023000000527003": DEAL}  # the BODIES use a lead id; send a deal's


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(None), base_url="http://127.0.0.1") as c:
        yield c


def _deal_body(body: dict[str, Any]) -> dict[str, Any]:
    data = [
        {**row, **({"id": DEALS_IN_BODY[row["id"]]} if "id" in row else {})} for row in body["data"]
    ]
    return {**body, "data": data}


def test_update_records_with_their_keys_and_x_external(client: TestClient) -> None:
    r = client.put(
        "/crm/v8/Deals", json=_deal_body(BODIES["updateRecords"]),
        headers={**AUTH, "X-EXTERNAL": "Deals.External_Deal_ID"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["status"] == "success"
    assert (
        client.get(f"/crm/v8/Deals/{DEAL}", headers=AUTH).json()["data"][0]["Stage"] == "Closed Won"
    )


def test_update_record_with_their_keys_and_x_external(client: TestClient) -> None:
    r = client.put(
        f"/crm/v8/Deals/{DEAL}", json=BODIES["updateRecord"],
        headers={**AUTH, "X-EXTERNAL": "Deals.External_Deal_ID"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["details"]["id"] == DEAL


def test_get_record_with_every_official_parameter(client: TestClient) -> None:
    params, headers = {}, dict(AUTH)
    for param in OPS["getRecord"]["parameters"]:
        if param["in"] == "query":
            params[param["name"]] = (
                "2024-01-15T09:00:00+05:30" if "DateTime" in param["name"] else "true"
            )
        elif param["in"] == "header":
            headers[param["name"]] = (
                "2024-01-15T09:00:00+05:30"
                if "Since" in param["name"]
                else "Deals.External_Deal_ID"
            )
    assert {"fields", "approved", "X-EXTERNAL", "If-Modified-Since"} <= set(params) | set(headers)
    r = client.get(f"/crm/v8/Deals/{DEAL}", params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["id"] == DEAL


def test_mass_update_with_criteria(client: TestClient) -> None:
    r = client.post(
        "/crm/v8/Accounts/actions/mass_update", json=BODIES["massUpdateRecords"], headers=AUTH
    )
    assert r.status_code == 202, r.text
    job_id = r.json()["data"][0]["details"]["job_id"]
    status = client.get(
        "/crm/v8/Accounts/actions/mass_update", params={"job_id": job_id}, headers=AUTH
    )
    assert status.status_code == 200, status.text
