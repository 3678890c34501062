"""Safety rules of the server contract (no server involved)."""

from __future__ import annotations

import pytest

from contract_tests.server.target import Target, TargetRefused, target_from_options
from contract_tests.settings import CI_SEED, resolve_settings, schemathesis_config_dict


def test_remote_target_is_refused_without_allow_writes():
    with pytest.raises(TargetRefused, match="--allow-writes"):
        Target(name="live", token="t", base_url="https://www.zohoapis.com").ensure_allowed()


def test_remote_target_is_accepted_with_allow_writes():
    Target(
        name="live", token="t", base_url="https://www.zohoapis.com", allow_writes=True
    ).ensure_allowed()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:8000"]
)
def test_loopback_targets_need_no_flag(url):
    Target(name="local", token="t", base_url=url).ensure_allowed()


def test_target_from_environment(monkeypatch):
    monkeypatch.setenv("ZOHO_BASE_URL", "https://www.zohoapis.eu/")
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "secret")
    target = target_from_options(None, None, False)
    assert (
        target is not None
        and target.base_url == "https://www.zohoapis.eu"
        and target.token == "secret"
    )
    assert target.is_live and not target.allow_writes


def test_ci_profile_is_derandomized_with_a_fixed_seed(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("ZOHO_CONTRACT_PROFILE", raising=False)
    monkeypatch.delenv("ZOHO_CONTRACT_SEED", raising=False)
    settings = resolve_settings()
    assert settings.profile == "ci" and settings.seed == CI_SEED and settings.deterministic


def test_live_runs_send_no_undocumented_methods():
    live = schemathesis_config_dict(
        resolve_settings(profile="ci"), token="t", base_url="https://x", live=True
    )
    assert live["phases"]["coverage"]["unexpected-methods"] == []


def test_adapted_builtin_checks_are_switched_off():
    config = schemathesis_config_dict(
        resolve_settings(profile="ci"), token="t", base_url=None, live=False
    )
    assert {name for name, value in config["checks"].items() if value == {"enabled": False}} == {
        "unsupported_method",
        "positive_data_acceptance",
        "negative_data_rejection",
    }


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("http://127.0.0.1:4010/crm/v8", "http://127.0.0.1:4010"),
        ("https://www.zohoapis.eu/bigin/v2/Contacts", "https://www.zohoapis.eu"),
        ("http://localhost:4010/mock/crm", "http://localhost:4010/mock"),
    ],
)
def test_a_base_url_ending_in_an_api_path_is_refused_naming_the_server(url, root):
    # (it was taken, every request went to /crm/v8/crm/v8/..., and the verdict was "the target
    # serves none of crm, bigin", which does not name the URL)
    target = target_from_options(url, "t", allow_writes=True)
    with pytest.raises(TargetRefused) as caught:
        target.ensure_allowed()
    assert str(caught.value) == (
        f"{url!r} ends in an API path: give the server alone, {root} (the gate adds /crm/v8/... "
        "and /bigin/v2/... to each request)"
    )


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:4010/mock", "http://127.0.0.1:4010/crm/mock", "http://localhost/crm/vendor"],
)
def test_a_mock_servers_own_path_is_kept(url):
    # (a path with /crm/ followed by no version is the mock's own: /crm/mock/crm/v8/... is sent)
    target_from_options(url, "t", allow_writes=False).ensure_allowed()
