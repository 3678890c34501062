"""``dc=`` and ``environment=`` pick the hosts Zoho's own SDK uses, for every pair.

The table below is transcribed by hand from Zoho's Python SDK ``zohocrmsdk8-0`` 7.0.0,
``zohocrmsdk/src/com/zoho/crm/api/dc/{us,eu,in,cn,jp,au,ca,sa}_data_center.py``: each class's
``PRODUCTION()``, ``SANDBOX()`` and ``DEVELOPER()`` environments (the API URL) and its
``get_iam_url()`` (the accounts server's token URL, ``…/oauth/v2/token``; the client keeps the
host and adds that path itself).
"""

from __future__ import annotations

import argparse
import io

import pytest

from zoho_records import DATA_CENTERS, AsyncZohoClient, ZohoClient
from zoho_records.cli import build_parser, main, open_client

# dc -> (production API, sandbox API, developer API, accounts token URL), from the SDK
SDK_HOSTS = {
    "us": (
        "https://www.zohoapis.com",
        "https://sandbox.zohoapis.com",
        "https://developer.zohoapis.com",
        "https://accounts.zoho.com/oauth/v2/token",
    ),
    "eu": (
        "https://www.zohoapis.eu",
        "https://sandbox.zohoapis.eu",
        "https://developer.zohoapis.eu",
        "https://accounts.zoho.eu/oauth/v2/token",
    ),
    "in": (
        "https://www.zohoapis.in",
        "https://sandbox.zohoapis.in",
        "https://developer.zohoapis.in",
        "https://accounts.zoho.in/oauth/v2/token",
    ),
    "cn": (
        "https://www.zohoapis.com.cn",
        "https://sandbox.zohoapis.com.cn",
        "https://developer.zohoapis.com.cn",
        "https://accounts.zoho.com.cn/oauth/v2/token",
    ),
    "jp": (
        "https://www.zohoapis.jp",
        "https://sandbox.zohoapis.jp",
        "https://developer.zohoapis.jp",
        "https://accounts.zoho.jp/oauth/v2/token",
    ),
    "au": (
        "https://www.zohoapis.com.au",
        "https://sandbox.zohoapis.com.au",
        "https://developer.zohoapis.com.au",
        "https://accounts.zoho.com.au/oauth/v2/token",
    ),
    "ca": (
        "https://www.zohoapis.ca",
        "https://sandbox.zohoapis.ca",
        "https://developer.zohoapis.ca",
        "https://accounts.zohocloud.ca/oauth/v2/token",
    ),
    "sa": (
        "https://www.zohoapis.sa",
        "https://sandbox.zohoapis.sa",
        "https://developer.zohoapis.sa",
        "https://accounts.zoho.sa/oauth/v2/token",
    ),
}
ENVIRONMENTS = ("production", "sandbox", "developer")
PAIRS = [
    (dc, env, hosts[i], hosts[3])
    for dc, hosts in SDK_HOSTS.items()
    for i, env in enumerate(ENVIRONMENTS)
]


def token_url(client: ZohoClient | AsyncZohoClient) -> str:
    return client.accounts_url + "/oauth/v2/token"


@pytest.mark.parametrize(("dc", "environment", "api", "token"), PAIRS)
def test_every_data_centre_and_environment_maps_to_the_sdk_hosts(
    dc: str, environment: str, api: str, token: str
) -> None:
    with ZohoClient(dc=dc, environment=environment, access_token="t") as client:
        assert (client.base_url, token_url(client)) == (api, token)
    client_a = AsyncZohoClient(dc=dc, environment=environment, access_token="t")
    assert (client_a.base_url, token_url(client_a)) == (api, token)


def test_the_data_centre_list_is_the_sdks() -> None:
    assert set(DATA_CENTERS) == set(SDK_HOSTS)
    assert {dc: e.api_url for dc, e in DATA_CENTERS.items()} == {
        dc: hosts[0] for dc, hosts in SDK_HOSTS.items()
    }


def test_production_is_the_default_environment_and_us_the_default_data_centre() -> None:
    with ZohoClient(dc="sa", access_token="t") as client:
        assert client.base_url == "https://www.zohoapis.sa"
    with ZohoClient(environment="sandbox", access_token="t") as client:
        assert client.base_url == "https://sandbox.zohoapis.com"
        assert client.accounts_url == "https://accounts.zoho.com"


def test_names_are_case_insensitive() -> None:
    with ZohoClient(dc="CA", environment="Sandbox", access_token="t") as client:
        assert client.base_url == "https://sandbox.zohoapis.ca"
        assert client.accounts_url == "https://accounts.zohocloud.ca"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dc": "uk"}, "unknown Zoho data centre 'uk': use one of us, eu, in, cn, jp, au, ca, sa"),
        ({"dc": "eu", "environment": "staging"}, "unknown Zoho environment 'staging'"),
        ({"environment": "prod"}, "use one of production, sandbox, developer"),
        ({"dc": 3}, "unknown Zoho data centre 3"),
        ({"dc": "eu", "environment": None, "accounts_url": "accounts.zoho.eu"}, "not an http(s)"),
        (
            {"base_url": "http://127.0.0.1:1", "environment": "sandbox"},
            "environment='sandbox' picks a Zoho host, base_url='http://127.0.0.1:1' names one",
        ),
    ],
)
def test_bad_values_get_a_clear_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ZohoClient(access_token="t", **kwargs)  # type: ignore[arg-type]


def test_explicit_accounts_url_and_base_url_still_win() -> None:
    with ZohoClient(
        dc="ca", environment="developer", accounts_url="http://127.0.0.1:9/", access_token="t"
    ) as client:
        assert (client.base_url, client.accounts_url) == (
            "https://developer.zohoapis.ca",
            "http://127.0.0.1:9",
        )
    with ZohoClient(dc="ca", base_url="http://127.0.0.1:8", access_token="t") as client:
        assert (client.base_url, client.accounts_url) == (
            "http://127.0.0.1:8",
            "https://accounts.zohocloud.ca",
        )


# --- the command line ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_zoho_target_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZOHO_DC", "ZOHO_ENVIRONMENT", "ZOHO_BASE_URL", "ZOHO_ACCOUNTS_URL"):
        monkeypatch.delenv(name, raising=False)


def cli_args(*extra: str) -> argparse.Namespace:
    return build_parser().parse_args(["update", "--module", "Deals", "--file", "x.csv", *extra])


@pytest.mark.parametrize(("dc", "environment", "api", "token"), PAIRS)
def test_cli_dc_and_environment_pick_the_same_hosts(
    dc: str, environment: str, api: str, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    args = cli_args("--dc", dc, "--environment", environment)
    with open_client(args, io.StringIO()) as client:
        assert (client.base_url, token_url(client)) == (api, token)


def test_cli_environment_from_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    monkeypatch.setenv("ZOHO_ENVIRONMENT", "developer")
    with open_client(cli_args("--dc", "jp"), io.StringIO()) as client:
        assert client.base_url == "https://developer.zohoapis.jp"


def test_cli_rejects_an_unknown_environment(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli_args("--dc", "eu", "--environment", "staging")
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--environment: invalid choice: 'staging'" in err
    assert "'developer', 'production', 'sandbox'" in err


def test_cli_rejects_an_unknown_data_centre(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli_args("--dc", "uk")
    assert "--dc: invalid choice: 'uk'" in capsys.readouterr().err


def test_cli_environment_without_a_data_centre_is_a_usage_error(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "deals.csv"
    src.write_text("id,Stage\n3652397000003852095,Closed Won\n")
    code = main(["update", "--module", "Deals", "--file", str(src), "--environment", "sandbox"])
    assert code == 2
    err = capsys.readouterr().err
    assert "zoho-records: error: --environment sandbox needs --dc" in err


def test_cli_environment_with_a_base_url_is_a_usage_error(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    src = tmp_path / "deals.csv"
    src.write_text("id,Stage\n3652397000003852095,Closed Won\n")
    code = main(
        [
            "update",
            "--module",
            "Deals",
            "--file",
            str(src),
            "--environment",
            "sandbox",
            "--base-url",
            "http://127.0.0.1:1",
        ]
    )
    assert code == 2
    assert "environment='sandbox' picks a Zoho host" in capsys.readouterr().err
