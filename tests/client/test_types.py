"""NOT_GIVEN versus None, and the helpers for ``_delete`` and ``$append_values``."""

from __future__ import annotations

import json

import httpx
import pytest

from zoho_records import NOT_GIVEN, ZohoClient, append_values, delete_link
from zoho_records._types import NotGiven, strip_not_given


def test_not_given_is_a_falsy_singleton() -> None:
    assert NotGiven() is NOT_GIVEN and not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"


def test_strip_not_given_keeps_none() -> None:
    record = {
        "id": "1",
        "Phone": None,
        "Email": NOT_GIVEN,
        "Lookup": {"id": "2", "name": NOT_GIVEN},
        "Tags": [NOT_GIVEN, {"name": "a"}],
    }
    assert strip_not_given(record) == {
        "id": "1",
        "Phone": None,
        "Lookup": {"id": "2"},
        "Tags": [{"name": "a"}],
    }


def test_wire_body_sends_null_and_omits_not_given() -> None:
    bodies: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(
            200,
            json={
                "data": [
                    {
                        "code": "SUCCESS",
                        "status": "success",
                        "message": "ok",
                        "details": {"id": "5"},
                    }
                ]
            },
        )

    client = ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(handler)
    )
    client.crm.update_record("Leads", "5", {"Phone": None, "Email": NOT_GIVEN})
    assert bodies[0]["data"] == [{"Phone": None}]
    assert "Email" not in bodies[0]["data"][0]


def test_delete_link() -> None:
    assert delete_link(431581000000697244) == {"id": "431581000000697244", "_delete": None}
    with pytest.raises(ValueError):
        delete_link("abc")


def test_append_values() -> None:
    record = {"id": "1", "Foreign_Languages": ["Korean"]}
    out = append_values(record, Foreign_Languages=True)
    assert out == {
        "id": "1",
        "Foreign_Languages": ["Korean"],
        "$append_values": {"Foreign_Languages": True},
    }
    assert "$append_values" not in record  # a copy
    assert append_values(out, ["Languages_Known"])["$append_values"] == {
        "Foreign_Languages": True,
        "Languages_Known": True,
    }
    assert append_values(record, {"Foreign_Languages": False})["$append_values"] == {
        "Foreign_Languages": False
    }
    with pytest.raises(TypeError):
        append_values(record, Foreign_Languages="yes")  # type: ignore[arg-type]
