"""``base_url`` copied from Zoho's pages, which show ``https://www.zohoapis.com/crm/v8/Leads``:
``ZohoClient(base_url="https://www.zohoapis.com/crm/v8")`` was taken, and every request went to
``/crm/v8/crm/v8/...``: an update's records came back ``INVALID_MODULE`` (the emulator) or
``INVALID_URL_PATTERN``, the command line's metadata read "could not read the field metadata",
none of which names the URL. A base URL (or accounts URL) that ends in an API path, or has a
query or fragment, is now refused, naming the server to give; a proxy's own path is kept."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_records import ZohoClient
from zoho_records.cli import main


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://www.zohoapis.com/crm/v8", "https://www.zohoapis.com"),
        ("https://www.zohoapis.com/crm/v8/Leads", "https://www.zohoapis.com"),
        ("https://www.zohoapis.eu/crm/", "https://www.zohoapis.eu"),
        ("https://www.zohoapis.com/bigin/v2", "https://www.zohoapis.com"),
        ("http://127.0.0.1:8080/CRM/V2.1", "http://127.0.0.1:8080"),
        ("http://proxy.local/zoho/crm/v8", "http://proxy.local/zoho"),
        ("http://proxy.local/crm/zoho/crm/v8/", "http://proxy.local/crm/zoho"),
        ("https://www.zohoapis.com/crm/bulk/v8/read", "https://www.zohoapis.com"),
    ],
)
def test_a_base_url_ending_in_an_api_path_names_the_server(url: str, root: str) -> None:
    with pytest.raises(ValueError) as caught:
        ZohoClient(base_url=url, access_token="t")
    assert str(caught.value) == (
        f"base_url {url!r} ends in an API path: give the server alone, {root}; the client adds "
        "each request's path (/crm/<version>/..., /bigin/v2/..., /oauth/v2/token)"
    )


def test_an_accounts_url_ending_in_the_token_path_is_refused_too() -> None:
    with pytest.raises(ValueError, match=r"give the server alone, https://accounts\.zoho\.eu;"):
        ZohoClient(
            dc="eu",
            accounts_url="https://accounts.zoho.eu/oauth/v2/token",
            refresh_token="r",
            client_id="c",
            client_secret="s",
        )


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/?org=1", "http://127.0.0.1:8080/#top"])
def test_a_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(ValueError) as caught:
        ZohoClient(base_url=url, access_token="t")
    assert str(caught.value) == (
        f"base_url {url!r} has a query or a fragment: give the server alone, http://127.0.0.1:8080"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.zohoapis.eu/",
        "http://proxy.local/zoho",
        "http://h/crmx",
        "http://h/my-crm",
        # a proxy's own path may hold /crm/ (or /bigin/, /oauth/) followed by no API version:
        # it was refused, naming the host alone as the server to give
        "https://gw.example.com/crm/zoho",
        "https://gw.example.com/services/crm/relay",
        "https://gw.example.com/crm/vendor-proxy",
        "https://gw.example.com/bigin/proxy/",
    ],
)
def test_a_server_and_a_proxys_path_are_taken(url: str) -> None:
    with ZohoClient(base_url=url, access_token="t") as client:
        assert client.base_url == url.rstrip("/")


def test_an_accounts_proxys_path_under_oauth_is_taken() -> None:
    with ZohoClient(
        dc="eu",
        accounts_url="https://sso.example.com/oauth/zoho",
        refresh_token="r",
        client_id="c",
        client_secret="s",
    ) as client:
        assert client is not None


def test_the_command_line_says_it_before_anything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    src = tmp_path / "d.csv"
    src.write_text("id,Stage\n1,Won\n")
    argv = ["update", "--module", "Deals", "--file", str(src)]
    assert main([*argv, "--base-url", "http://127.0.0.1:9/crm/v8"]) == 2
    assert capsys.readouterr().err.startswith(
        "zoho-records: error: base_url 'http://127.0.0.1:9/crm/v8' ends in an API path: give the "
        "server alone, http://127.0.0.1:9;"
    )
