"""Bad arguments are refused before anything is sent, with a message that says what to do
and never shows a secret; bad records cost only themselves (``INVALID_INPUT``)."""

from __future__ import annotations

import json

import httpx
import pytest

from zoho_records import APIConnectionError, ZohoClient

from .conftest import success_answer


def echo(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return success_answer(body.get("ids") or [r.get("id") for r in body["data"]])


def client_for(handler=echo, **kw) -> tuple[ZohoClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    kw.setdefault("access_token", "t")
    return ZohoClient(
        base_url="https://x.test", transport=httpx.MockTransport(recording), **kw
    ), seen


def test_nan_and_infinity_are_refused_per_record() -> None:
    """NaN has no JSON form: the record gets INVALID_INPUT, the rest of the chunk is sent, and
    the word "NaN" inside a string is just text."""
    client, seen = client_for()
    records = [
        {"id": "1", "Amount": float("nan")},
        {"id": "2", "Next_Step": "NaN Infinity"},
        {"id": "3", "Amount": float("-inf")},
    ]
    result = client.crm.update_records("Deals", records)
    assert [o.code for o in result] == ["INVALID_INPUT", "SUCCESS", "INVALID_INPUT"]
    assert "field 'Amount'" in result[0].message and "NaN and Infinity" in result[0].message
    assert [r["id"] for r in json.loads(seen[0].content)["data"]] == ["2"]


def test_a_token_read_with_its_newline_is_stripped() -> None:
    client, seen = client_for(access_token="s3cr3t-token\n")
    assert client.crm.update_records("Deals", [{"id": "1"}]).ok
    assert seen[0].headers["Authorization"] == "Zoho-oauthtoken s3cr3t-token"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"access_token": ""}, "access_token is empty"),
        ({"access_token": "s3cr3t token"}, "access_token has a space"),
        ({"access_token": "s3cr3t\x00token"}, "control character"),
        (
            {"refresh_token": "s3cr3t\ttoken", "client_id": "c", "client_secret": "s"},
            "refresh_token has a space",
        ),
    ],
)
def test_malformed_secrets_are_refused_without_being_shown(kw, message) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        ZohoClient(base_url="https://x.test", **kw)
    assert "s3cr3t" not in str(caught.value)


def test_connection_errors_never_quote_the_authorization_header() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError(f"Illegal header value {request.headers['Authorization']!r}")

    client, _ = client_for(broken, max_retries=0)
    (outcome,) = client.crm.update_records("Deals", [{"id": "1"}])
    assert outcome.code == "CONNECTION_ERROR"
    assert "Zoho-oauthtoken [redacted]" in outcome.message and "'t'" not in outcome.message
    with pytest.raises(APIConnectionError) as caught:
        client.crm.update_record("Deals", "1", {"Stage": "x"})
    assert "Zoho-oauthtoken [redacted]" in str(caught.value)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda c: c.crm.update_records("Deals/1", [{"id": "1"}]),
            ValueError,
            "not a Zoho API name",
        ),
        (lambda c: c.crm.update_records("", [{"id": "1"}]), ValueError, "not a Zoho API name"),
        (lambda c: c.crm.get_record("Deals", "abc"), ValueError, "not a Zoho id"),
        (lambda c: c.crm.get_record("Deals", "554023000000497015\n"), ValueError, "not a Zoho id"),
        (lambda c: c.crm.get_fields("Deals\n"), ValueError, "not a Zoho API name"),
        (lambda c: c.crm.update_record("Deals", "1/2", {}), ValueError, "not a Zoho id"),
        (lambda c: c.crm.update_record("Deals", "1", None), TypeError, "fields must be a mapping"),
        (
            lambda c: c.bigin.update_related("Pipelines", "1", "Products list", [{"id": "2"}]),
            ValueError,
            "related_list 'Products list'",
        ),
        (lambda c: c.crm.mass_update_status("Deals", "x1"), ValueError, "job_id"),
        (lambda c: c.crm.update_records("Deals", "abc"), TypeError, "not a single str"),
        (
            lambda c: c.crm.update_records(
                "Deals", [{"id": "1"}], skip_feature_execution="cadences"
            ),
            TypeError,
            "skip_feature_execution must be a list",
        ),
        (
            lambda c: c.crm.mass_update("Deals", None, ids=["1"]),
            TypeError,
            "fields must be a mapping",
        ),
    ],
)
def test_bad_arguments_are_refused_before_sending(call, error, message) -> None:
    client, seen = client_for()
    with pytest.raises(error, match=message):
        call(client)
    assert seen == []


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "www.zohoapis.eu", "ftp://x", ""])
def test_base_url_must_be_a_full_http_url(url: str) -> None:
    with pytest.raises(ValueError, match="is not an http"):
        ZohoClient(base_url=url, access_token="t")


def test_mass_update_ids_that_are_not_ids_are_not_sent() -> None:
    client, seen = client_for()
    result = client.crm.mass_update("Deals", {"Stage": "Won"}, ids=[None, "11", True, 12, 1.5])
    assert [(o.index, o.code) for o in result] == [
        (0, "INVALID_INPUT"),
        (1, "SUCCESS"),
        (2, "INVALID_INPUT"),
        (3, "SUCCESS"),
        (4, "INVALID_INPUT"),
    ]
    assert json.loads(seen[0].content)["ids"] == ["11", "12"]
