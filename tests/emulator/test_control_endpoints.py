"""The control endpoints (``/_emulator/...``): a malformed body is a 400 saying why (never a
500, nothing changed), and a control token guards them when one is set (always on a
non-loopback address)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoho_emulator import EmulatorConfig
from zoho_emulator.cli import control_token, is_loopback

from .conftest import Api, Harness

CRM_USER = "554023000000235011"
DEEP = "[" * 100_000 + "]" * 100_000

MALFORMED: list[tuple[str, str, Any]] = [
    # the cases
    ("POST", "/_emulator/tokens", {"token": "t1", "expires_in": "soon"}),
    ("POST", "/_emulator/tokens", {"token": "t1", "users": 5}),
    ("POST", "/_emulator/tokens", {"token": "t1", "denied_modules": 5}),
    ("POST", "/_emulator/tokens", {"token": "t1", "scopes": 5}),
    # and their neighbours
    ("POST", "/_emulator/tokens", {"token": "t1", "scopes": ["ok", 5]}),
    ("POST", "/_emulator/tokens", {"token": "t1", "denied_modules": ["Leads", None]}),
    ("POST", "/_emulator/tokens", {"token": "t1", "users": {"crm": 5}}),
    ("POST", "/_emulator/tokens", {"token": "t1", "users": {"crm": "no-such-user"}}),
    ("POST", "/_emulator/tokens", {"token": "t1", "users": {"mars": CRM_USER}}),
    ("POST", "/_emulator/tokens", {"token": "t1", "users": []}),
    ("POST", "/_emulator/tokens", {"token": "t1", "expires_in": True}),
    ("POST", "/_emulator/tokens", {"token": "t1", "expires_in": [1]}),
    ("POST", "/_emulator/tokens", {"token": "t1", "expires_in": 1e300}),
    ("POST", "/_emulator/tokens", {"token": "t1", "expire_in": 5}),
    ("POST", "/_emulator/tokens", {"token": ""}),
    ("POST", "/_emulator/tokens", {"token": "has space"}),
    ("POST", "/_emulator/tokens", {"token": 5}),
    ("POST", "/_emulator/tokens", {}),
    ("POST", "/_emulator/tokens", [{"token": "t1"}]),
    ("POST", "/_emulator/tokens", b"not json"),
    ("POST", "/_emulator/tokens", b""),
    ("POST", "/_emulator/tokens", DEEP.encode()),
    ("POST", "/_emulator/load", 5),
    ("POST", "/_emulator/load", []),
    ("POST", "/_emulator/load", {"crm": 5}),
    ("POST", "/_emulator/load", {"crm": {"modules": 5}}),
    ("POST", "/_emulator/load", {"crm": {"modules": {"Deals": 5}}}),
    ("POST", "/_emulator/load", {"crm": {"records": {"Deals": 5}}}),
    ("POST", "/_emulator/load", {"crm": {"records": {"Deals": [5]}}}),
    ("POST", "/_emulator/load", {"crm": {"users": 5}}),
    ("POST", "/_emulator/load", b"{"),
    ("POST", "/_emulator/faults", {"faults": 5}),
    ("POST", "/_emulator/faults", {"faults": [5]}),
    ("POST", "/_emulator/faults", {"faults": [{"kind": "drop", "probability": "x"}]}),
    ("POST", "/_emulator/faults", {"faults": [], "mode": 5}),
    ("POST", "/_emulator/faults", []),
    ("POST", "/_emulator/reset", {"dataset": 1}),
    ("POST", "/_emulator/reset", [1]),
    ("POST", "/_emulator/reset", b"junk"),
]


def _send(api: Api, method: str, path: str, body: Any) -> httpx.Response:
    content = body if isinstance(body, bytes) else None
    json_body = None if isinstance(body, bytes) else body
    return api.request(method, path, json_body=json_body, content=content, token=None)


@pytest.mark.parametrize(("method", "path", "body"), MALFORMED)
def test_a_malformed_control_body_is_a_400_with_the_reason(
    api: Api, method: str, path: str, body: Any
) -> None:
    before = api.get("/_emulator/health").json()
    r = _send(api, method, path, body)
    assert r.status_code == 400, r.text
    answer = r.json()
    assert answer["code"] == "INVALID_DATA" and answer["status"] == "error"
    details = answer["details"]
    assert details.get("reason") or details.get("expected_data_type"), answer
    # nothing changed: no token added, same records
    assert api.get("/crm/v8/Deals/554023000000235011", token="t1").status_code == 401
    assert api.get("/_emulator/health").json() == before


def test_a_well_formed_token_is_added(api: Api) -> None:
    body = {
        "token": "t2",
        "scopes": ["ZohoCRM.modules.ALL"],
        "users": {"crm": CRM_USER},
        "denied_modules": ["Leads"],
        "expires_in": 60,
    }
    assert api.post("/_emulator/tokens", body, token=None).status_code == 200
    assert api.get("/crm/v8/Deals/3652397000003852095", token="t2").status_code == 200
    assert api.get("/crm/v8/Leads/1", token="t2").status_code == 403
    assert api.post("/_emulator/tokens", {"token": "t3", "scopes": "a,b"}).status_code == 200
    assert api.post("/_emulator/reset", token=None).status_code == 200
    assert api.request("POST", "/_emulator/reset", content=b"{}").status_code == 200


def test_a_control_token_guards_the_control_endpoints(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(control_token="ctl-secret"))
    for method, path in [
        ("GET", "/_emulator/health"),
        ("POST", "/_emulator/reset"),
        ("GET", "/_emulator/faults"),
        ("GET", "/_emulator/requests"),
        ("GET", "/_emulator/records/crm/Deals"),
    ]:
        r = api.request(method, path, token=None)
        assert r.status_code == 401 and r.json()["code"] == "INVALID_CONTROL_TOKEN", path
        wrong = {"X-Emulator-Control-Token": "ctl-secreT"}
        assert api.request(method, path, token=None, headers=wrong).status_code == 401
        right = {"X-Emulator-Control-Token": "ctl-secret"}
        assert api.request(method, path, token=None, headers=right).status_code == 200, path
    r = api.post("/_emulator/tokens", {"token": "sneaky"}, token=None)
    assert r.status_code == 401
    # the API itself is not guarded by it
    assert api.get("/crm/v8/Deals/3652397000003852095").status_code == 200


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.internal", False),
    ],
)
def test_which_hosts_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    token, notice = control_token(host, None)
    if loopback:
        assert token is None and notice is None
    else:
        assert token and len(token) >= 20 and notice and token in notice
        assert "X-Emulator-Control-Token" in notice
    given, notice = control_token(host, "mine")
    assert given == "mine" and notice and "mine" not in notice


def test_serve_with_a_control_token_says_so_and_needs_it(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "zoho_emulator", "serve", "--port", "0"]
    cmd += ["--control-token", "ctl-cli", "--db", str(tmp_path / "s.db")]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        base = proc.stderr.readline().split()[-1]
        notice = proc.stderr.readline()
        assert "X-Emulator-Control-Token" in notice, notice
        assert httpx.get(f"{base}/_emulator/health", timeout=10).status_code == 401
        headers = {"X-Emulator-Control-Token": "ctl-cli"}
        assert httpx.get(f"{base}/_emulator/health", headers=headers, timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        finally:
            proc.kill()
            if proc.stderr is not None:
                proc.stderr.close()
