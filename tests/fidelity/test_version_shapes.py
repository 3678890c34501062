"""The emulator's metadata in each API version's shapes (what each SDK parses; COVERAGE.md).

Zoho's SDKs read the shapes off their generated models: ``zohocrmsdk2-0``/``2-1`` type
``lookup.module`` and ``multiselectlookup.linking_module`` as strings, ``zohocrmsdk5-0`` to
``7-0`` (and Zoho's v3 and v4 SDKs for other languages) as module objects, ``zohocrmsdk8-0``
reads ``multiselectlookup.linking_details.module``. ``test_zoho_sdks`` runs the SDKs; these
tests pin the shapes themselves, in-process and fast.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from zoho_emulator import EmulatorConfig, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

V2_ERA = ("v2", "v2.1")
V3_TO_V7 = ("v3", "v4", "v5", "v6", "v7")
ALL = (*V2_ERA, *V3_TO_V7, "v8")
ACCOUNTS_ID = "554023000000002177"  # the default dataset's module ids
LISTINGS_ID = "3652397000001988000"


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    app = create_app(EmulatorConfig())
    token = app.state.emulator.config.token_specs()
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Zoho-oauthtoken {next(iter(token))}"
        yield client


def fields(api: TestClient, version: str, module: str, product: str = "crm") -> dict[str, Any]:
    root = f"/crm/{version}" if product == "crm" else "/bigin/v2"
    r = api.get(f"{root}/settings/fields", params={"module": module})
    assert r.status_code == 200, r.text
    return {f["api_name"]: f for f in r.json()["fields"]}


@pytest.mark.parametrize("version", V2_ERA)
def test_v2_era_names_modules_by_string(api: TestClient, version: str) -> None:
    deals = fields(api, version, "Deals")
    assert deals["Account_Name"]["lookup"] == {
        "display_label": "Deals",
        "api_name": "Deals",
        "module": "Accounts",
        "id": deals["Account_Name"]["lookup"]["id"],
    }
    msl = deals["Listings"]["multiselectlookup"]
    assert msl["linking_module"] == "Deals_X_Listings"
    assert msl["connected_module"] == "Listings"
    assert (msl["lookup_apiname"], msl["connectedlookup_apiname"]) == (
        "Deals",
        "Interested_Listings",
    )
    assert "connectedfield_apiname" not in msl and "linking_details" not in msl
    mul = deals["AssociatedUser"]["multiuserlookup"]
    assert (mul["linking_module"], mul["connected_module"]) == ("Deals_X_Users", None)
    quoted = fields(api, version, "Quotes")["Quoted_Items"]
    assert quoted["subform"]["module"] == "Quoted_Items"
    assert "associated_module" not in quoted


@pytest.mark.parametrize("version", V3_TO_V7)
def test_v3_to_v7_name_modules_by_object(api: TestClient, version: str) -> None:
    deals = fields(api, version, "Deals")
    lookup = deals["Account_Name"]["lookup"]
    assert lookup["module"] == {"api_name": "Accounts", "id": ACCOUNTS_ID}
    assert (lookup["api_name"], lookup["display_label"]) == ("Deals", "Deals")
    msl = deals["Listings"]["multiselectlookup"]
    assert msl["linking_module"]["api_name"] == "Deals_X_Listings"
    assert msl["connected_module"] == {"api_name": "Listings", "id": LISTINGS_ID}
    assert msl["connectedfield_apiname"] == "Interested_Listings"
    assert "linking_details" not in msl
    mul = deals["AssociatedUser"]["multiuserlookup"]
    assert mul["linking_module"]["api_name"] == "Deals_X_Users"
    assert mul["connected_module"]["api_name"] == "Users"
    quoted = fields(api, version, "Quotes")["Quoted_Items"]
    assert quoted["associated_module"]["module"] == "Quoted_Items"
    assert quoted["subform"]["module"] == "Quoted_Items"


def test_v8_describes_linking_by_details(api: TestClient) -> None:
    deals = fields(api, "v8", "Deals")
    assert deals["Account_Name"]["lookup"]["module"] == {"api_name": "Accounts", "id": ACCOUNTS_ID}
    msl = deals["Listings"]["multiselectlookup"]
    assert "linking_module" not in msl and "connected_module" not in msl
    linking = msl["linking_details"]
    assert linking["module"]["api_name"] == "Deals_X_Listings"
    assert linking["lookup_field"]["api_name"] == "Deals"
    assert linking["connected_lookup_field"]["api_name"] == "Interested_Listings"
    connected = msl["connected_details"]
    assert connected["module"]["api_name"] == "Listings"
    assert connected["module"]["id"] == LISTINGS_ID
    assert connected["field"]["api_name"] == "Interested_Listings"
    mul = deals["AssociatedUser"]["multiuserlookup"]
    assert mul["linking_details"]["module"]["api_name"] == "Deals_X_Users"
    assert mul["connected_details"]["module"]["api_name"] == "Users"


def test_bigin_keeps_the_current_shapes(api: TestClient) -> None:
    pipelines = fields(api, "v2", "Pipelines", product="bigin")
    lookups = [f for f in pipelines.values() if f["data_type"] == "lookup"]
    assert lookups and all(isinstance(f["lookup"]["module"], dict) for f in lookups)


@pytest.mark.parametrize("version", ALL)
def test_linking_modules_have_metadata(api: TestClient, version: str) -> None:
    listings = fields(api, version, "Deals_X_Listings")
    assert listings["Deals"]["data_type"] == "lookup"
    assert listings["Interested_Listings"]["data_type"] == "lookup"
    module_of = (
        (lambda f: f["lookup"]["module"])
        if version in V2_ERA
        else (lambda f: f["lookup"]["module"]["api_name"])
    )
    assert (module_of(listings["Deals"]), module_of(listings["Interested_Listings"])) == (
        "Deals",
        "Listings",
    )
    assert {"Created_Time", "Modified_Time", "Created_By", "Modified_By"} <= set(listings)
    assert "Owner" not in listings and "Tag" not in listings
    users = fields(api, version, "deals_x_users")  # module names are case-insensitive
    assert users["User"]["data_type"] == "userlookup"
    mods = {m["api_name"]: m for m in api.get(f"/crm/{version}/settings/modules").json()["modules"]}
    # "linking" from v3 (the v3 changelog, Modules API), "custom" before
    kind = "custom" if version in V2_ERA else "linking"
    assert mods["Deals_X_Listings"]["generated_type"] == kind
    assert mods["Listings"]["generated_type"] == "custom"
    assert mods["Deals"]["generated_type"] == "default"
    assert "Quoted_Items" not in mods  # subform modules are not listed
    one = api.get(f"/crm/{version}/settings/modules/Deals_X_Users").json()["modules"][0]
    assert one["api_name"] == "Deals_X_Users" and one["fields"]


@pytest.mark.parametrize("version", ALL)
def test_subform_modules_have_metadata(api: TestClient, version: str) -> None:
    items = fields(api, version, "Quoted_Items")
    parent = items["Parent_Id"]["lookup"]["module"]
    assert (parent if version in V2_ERA else parent["api_name"]) == "Quotes"
    assert {"Product_Name", "Quantity", "List_Price"} <= set(items)


@pytest.mark.parametrize("version", ALL)
def test_every_module_a_field_names_is_served(api: TestClient, version: str) -> None:
    """What an SDK asks next (the module of each lookup, linking or subform) is never unknown."""
    modules = [m["api_name"] for m in api.get(f"/crm/{version}/settings/modules").json()["modules"]]
    seen: set[str] = set()
    todo = [m for m in modules if m not in ("Documents", "Projects")]  # not API-supported
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for f in fields(api, version, module).values():
            names = []
            if f["data_type"] == "lookup" and f["lookup"]:
                m = f["lookup"]["module"]
                names.append(m if isinstance(m, str) else m["api_name"])
            for key in ("multiselectlookup", "multiuserlookup"):
                if key in f:
                    link = (
                        f[key].get("linking_details", {}).get("module") or f[key]["linking_module"]
                    )
                    names.append(link if isinstance(link, str) else link["api_name"])
            if "subform" in f:
                names.append(f["subform"]["module"])
            todo.extend(n for n in names if n not in seen)
    assert {"Deals_X_Listings", "Deals_X_Users", "Quoted_Items", "Invoiced_Items"} <= seen


def test_linking_and_subform_modules_hold_no_records(api: TestClient) -> None:
    r = api.put("/crm/v8/Deals_X_Listings", json={"data": [{"id": "1"}]})
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_MODULE")
    r = api.get("/crm/v8/Quoted_Items/554023000000490011")
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_MODULE")


@pytest.mark.parametrize("version", ALL)
def test_modules_visible_became_status_in_v5(api: TestClient, version: str) -> None:
    deals = next(
        m
        for m in api.get(f"/crm/{version}/settings/modules").json()["modules"]
        if m["api_name"] == "Deals"
    )
    if version in ("v2", "v2.1", "v3", "v4"):
        assert deals["visible"] is True and "status" not in deals
    else:
        assert deals["status"] == "visible" and "visible" not in deals
