"""Tokens, scopes, permissions and the OAuth token endpoint."""

from __future__ import annotations

import time

import pytest

from zoho_emulator import EmulatorConfig, TokenSpec

from .conftest import Api, Harness

LEAD = "554023000000527003"
BODY = {"data": [{"id": LEAD, "Company": "Z"}]}

INVALID_TOKEN = {
    "code": "INVALID_TOKEN",
    "details": {},
    "message": "invalid oauth token",
    "status": "error",
}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "zoho-emulator-token"},
        {"Authorization": "Bearer zoho-emulator-token"},
        {"Authorization": "Zoho-oauthtoken nope"},
        {"Authorization": "Zoho-oauthtoken"},
    ],
)
def test_invalid_token(api: Api, headers: dict[str, str]) -> None:
    r = api.put("/crm/v8/Leads", BODY, token=None, headers=headers)
    assert r.status_code == 401
    assert r.json() == INVALID_TOKEN


def scoped(harness: Harness) -> Api:
    return harness.make(
        EmulatorConfig(
            tokens={
                "all": None,
                "leads-update": ["ZohoCRM.modules.leads.UPDATE"],
                "leads-read": "ZohoCRM.modules.Leads.READ",
                "modules-all": "ZohoCRM.modules.ALL",
                "mass": "ZohoCRM.mass_update.Deals.UPDATE",
                "settings": "ZohoCRM.settings.fields.READ",
                "bigin-update": "ZohoBigin.modules.pipelines.UPDATE",
                "bigin-create": "ZohoBigin.modules.pipelines.CREATE",
            }
        )
    )


def test_module_scope_allows_update(harness: Harness) -> None:
    api = scoped(harness)
    assert api.put("/crm/v8/Leads", BODY, token="leads-update").status_code == 200
    assert api.put("/crm/v8/Leads", BODY, token="modules-all").status_code == 200


@pytest.mark.parametrize(
    "token,method,path,body",
    [
        ("leads-update", "PUT", "/crm/v8/Deals", {"data": [{"id": "554023000000497007"}]}),
        ("leads-read", "PUT", "/crm/v8/Leads", BODY),
        (
            "leads-update",
            "POST",
            "/crm/v8/Deals/actions/mass_update",
            {"data": [{"Type": "New Business"}], "ids": ["1"]},
        ),
        (
            "mass",
            "POST",
            "/crm/v8/Accounts/actions/mass_update",
            {"data": [{"Industry": "Retail"}], "ids": ["1"]},
        ),
        ("leads-update", "GET", "/crm/v8/settings/fields?module=Leads", None),
        ("bigin-update", "POST", "/bigin/v2/Pipelines/upsert", {"data": [{"Deal_Name": "x"}]}),
        ("bigin-create", "PUT", "/bigin/v2/Pipelines", {"data": [{"id": "2034020000000489124"}]}),
        ("modules-all", "PUT", "/bigin/v2/Pipelines", {"data": [{"id": "2034020000000489124"}]}),
    ],
)
def test_scope_mismatch(harness: Harness, token: str, method: str, path: str, body: object) -> None:
    api = scoped(harness)
    r = api.request(method, path, json_body=body, token=token)
    assert r.status_code == 401
    assert r.json()["code"] == "OAUTH_SCOPE_MISMATCH" and r.json()["status"] == "error"


def test_other_scopes_allowed(harness: Harness) -> None:
    api = scoped(harness)
    assert api.get(f"/crm/v8/Leads/{LEAD}", token="leads-read").status_code == 200
    r = api.post(
        "/crm/v8/Deals/actions/mass_update",
        {"data": [{"Type": "New Business"}], "ids": ["554023000000497007"]},
        token="mass",
    )
    assert r.status_code == 200
    assert (
        api.get("/crm/v8/settings/fields", params={"module": "Leads"}, token="settings").status_code
        == 200
    )
    assert (
        api.put(
            "/bigin/v2/Pipelines", {"data": [{"id": "2034020000000489124"}]}, token="bigin-update"
        ).status_code
        == 200
    )
    assert (
        api.post(
            "/bigin/v2/Pipelines/upsert",
            {"data": [{"Deal_Name": "Himalayan Trek"}]},
            token="bigin-create",
        ).status_code
        == 200
    )


def test_no_permission(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(tokens=[TokenSpec.make("t", denied_modules=["Deals"])]))
    r = api.put("/crm/v8/Deals", {"data": [{"id": "554023000000497007"}]}, token="t")
    assert r.status_code == 403
    assert r.json()["code"] == "NO_PERMISSION"
    assert api.put("/crm/v8/Leads", BODY, token="t").status_code == 200


def test_expired_token(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(tokens=[TokenSpec.make("old", expires_at=time.time() - 1)]))
    r = api.put("/crm/v8/Leads", BODY, token="old")
    assert r.status_code == 401 and r.json() == INVALID_TOKEN


def test_cli_token_syntax() -> None:
    spec = TokenSpec.parse_cli("tok=ZohoCRM.modules.ALL,ZohoCRM.settings.ALL")
    assert spec.token == "tok" and spec.scopes == {"zohocrm.modules.all", "zohocrm.settings.all"}
    assert TokenSpec.parse_cli("tok").scopes == {"*"}


def test_control_endpoint_adds_token(api: Api) -> None:
    r = api.post(
        "/_emulator/tokens", {"token": "limited", "scopes": ["ZohoCRM.modules.Leads.READ"]}
    )
    assert r.status_code == 200
    assert api.put("/crm/v8/Leads", BODY, token="limited").json()["code"] == "OAUTH_SCOPE_MISMATCH"
    assert api.get(f"/crm/v8/Leads/{LEAD}", token="limited").status_code == 200


# ---- OAuth -------------------------------------------------------------------------------------

FORM = {
    "grant_type": "refresh_token",
    "refresh_token": "emulator-refresh-token",
    "client_id": "emulator-client-id",
    "client_secret": "emulator-client-secret",
}


def test_oauth_refresh(api: Api) -> None:
    r = api.client.post("/oauth/v2/token", data=FORM)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"access_token", "api_domain", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["api_domain"] == api.base_url
    assert api.put("/crm/v8/Leads", BODY, token=body["access_token"]).status_code == 200


def test_oauth_params_in_query(api: Api) -> None:
    r = api.client.post("/oauth/v2/token", params=FORM)
    assert "access_token" in r.json()


@pytest.mark.parametrize(
    "key,value", [("client_secret", "wrong"), ("client_id", "wrong"), ("refresh_token", "wrong")]
)
def test_oauth_bad_credentials(api: Api, key: str, value: str) -> None:
    r = api.client.post("/oauth/v2/token", data={**FORM, key: value})
    assert r.status_code == 200
    assert r.json() == {"error": "invalid_code"}


def test_oauth_issued_token_expires(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(token_expires_in=1))
    token = api.client.post("/oauth/v2/token", data=FORM).json()["access_token"]
    assert api.put("/crm/v8/Leads", BODY, token=token).status_code == 200
    time.sleep(1.05)
    assert api.put("/crm/v8/Leads", BODY, token=token).json() == INVALID_TOKEN
    fresh = api.client.post("/oauth/v2/token", data=FORM).json()["access_token"]
    assert api.put("/crm/v8/Leads", BODY, token=fresh).status_code == 200


def test_oauth_refresh_token_scopes(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(refresh_tokens={"r1": ["ZohoCRM.modules.Leads.READ"]}))
    token = api.client.post("/oauth/v2/token", data={**FORM, "refresh_token": "r1"}).json()[
        "access_token"
    ]
    assert api.put("/crm/v8/Leads", BODY, token=token).json()["code"] == "OAUTH_SCOPE_MISMATCH"
