"""A loaded Zoho (``zoho_emulator.limits``): edition caps over real HTTP, the sub-concurrency
cap, the rolling 24-hour credit window on an injected clock, the 429's body and headers,
``X-API-CREDITS-REMAINING``, the counters, the latency model, the control endpoints and the
command line; and everything off by default. No assertion on wall time: latency is checked on
the server's own record of it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from zoho_emulator import EmulatorConfig
from zoho_emulator.cli import main
from zoho_emulator.limits import EDITIONS, Latency, LoadProfile
from zoho_emulator.testing import EmulatorServer

from .conftest import TOKEN, Api, Harness

LEAD = "554023000000527003"
AUTH = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
SPEC_429 = {
    "code": "TOO_MANY_REQUESTS",
    "details": {},
    "message": "too many requests",
    "status": "error",
}


def leads(n: int) -> dict[str, Any]:
    """An update of ``n`` records (the same lead: the cost counts records, not ids)."""
    return {"data": [{"id": LEAD, "Company": f"Z{i}"} for i in range(n)]}


class Clock:
    """An injected clock: seconds, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def stats(api: Api) -> dict[str, Any]:
    r = api.get("/_emulator/stats", token=None)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def wait_for(what: Callable[[], bool], why: str, timeout: float = 10.0) -> None:
    """Poll a server-side condition (a bound, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {why}")
        time.sleep(0.005)


# ---- the tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "users", "concurrency", "credits"),
    [
        ("free", 1, 5, 5_000),
        ("free", 50, 5, 5_000),  # no per-user credits
        ("standard", 10, 10, 52_500),  # Zoho's own example: 50,000 + 10 x 250
        ("standard", 1_000, 10, 100_000),  # capped at the edition's maximum
        ("professional", 1, 15, 50_500),
        ("professional", 10_000, 15, 3_000_000),
        ("enterprise", 100, 20, 150_000),  # the formula (the page's example says 115,000)
        ("enterprise", 10_000, 20, 5_000_000),
        ("ultimate", 10_000, 25, 20_050_000),  # no maximum
    ],
)
def test_edition_profiles_follow_zohos_tables(
    edition: str, users: int, concurrency: int, credits: int
) -> None:
    profile = LoadProfile(edition=edition, users=users)
    assert profile.concurrency == concurrency
    assert profile.sub_concurrency_cap == 10
    assert profile.credits_limit == credits


def test_explicit_values_win_over_the_edition() -> None:
    p = LoadProfile(edition="free", max_concurrent_requests=2, sub_concurrency=1, daily_credits=7)
    assert (p.concurrency, p.sub_concurrency_cap, p.credits_limit) == (2, 1, 7)
    assert LoadProfile(edition="standard").credits_limit == 50_250  # one user by default


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("200ms", 200, 200),
        ("0.2s", 200, 200),
        ("100ms-400ms", 100, 400),
        ("100-400ms", 100, 400),
        ("0.1s-0.4s", 100, 400),
        (" 5 ms ", 5, 5),
    ],
)
def test_latency_forms(text: str, low: float, high: float) -> None:
    assert Latency.parse(text) == Latency(low, high)


@pytest.mark.parametrize("text", ["200", "fast", "400ms-100ms", "100ms-", "-5ms", "1m", ""])
def test_a_bad_latency_is_named(text: str) -> None:
    with pytest.raises(ValueError, match="latency"):
        Latency.parse(text)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"edition": "gold"}, "edition must be one of free, standard"),
        ({"users": 3}, "users (user licences) needs an edition"),
        ({"edition": "free", "users": 0}, "users must be a whole number of 1 or more"),
        ({"daily_credits": -1}, "daily_credits must be"),
        ({"max_concurrent_requests": "5"}, "max_concurrent_requests must be"),
        ({"latency": "soon"}, "latency must be a duration"),
        ({"concurrency": 5}, "unknown keys ['concurrency']"),
    ],
)
def test_bad_limits_are_refused_with_what_to_write(values: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError) as e:
        LoadProfile.from_mapping(values)
    assert words in str(e.value)
    if set(values) <= set(LoadProfile.KEYS):  # the config says the same when the app starts
        with pytest.raises(ValueError, match=words.split()[0]):
            EmulatorServer(**values)


# ---- off by default ------------------------------------------------------------------------------


def test_everything_is_off_by_default(api: Api) -> None:
    for _ in range(3):
        r = api.put("/crm/v8/Leads", leads(11))
        assert r.status_code == 200
        assert "x-api-credits-remaining" not in r.headers
    s = stats(api)
    assert s["limits"] == {
        "edition": None,
        "users": None,
        "max_concurrent_requests": None,
        "sub_concurrency": None,
        "daily_credits": None,
        "latency": None,
    }
    assert s["credits"] is None
    assert s["latency_ms"]["count"] == 0
    assert s["requests"] == 3 and s["throttled_total"] == 0
    assert s["peak_heavy_concurrency"] == 0  # nothing metered: no sub-concurrency count


# ---- the concurrency cap, over real HTTP ---------------------------------------------------------


class HeldRequest:
    """A PUT whose headers are sent and whose body is held back: the server counts it in
    flight until :meth:`finish` sends the rest (no timing involved)."""

    def __init__(self, port: int) -> None:
        self.body = json.dumps(leads(1)).encode()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        head = (
            f"PUT /crm/v8/Leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Zoho-oauthtoken "
            f"{TOKEN}\r\nContent-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
        )
        self.sock.sendall(head.encode() + self.body[:1])

    def finish(self) -> int:
        self.sock.sendall(self.body[1:])
        answer = b""
        while chunk := self.sock.recv(65536):
            answer += chunk
        self.sock.close()
        return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_each_editions_cap_is_answered_with_429_beyond_it(edition: str) -> None:
    cap = EDITIONS[edition].concurrency
    with EmulatorServer(edition=edition) as server, httpx.Client(timeout=10) as client:
        held = [HeldRequest(server.port) for _ in range(cap)]
        wait_for(lambda: server.emulator.in_flight == cap, f"{cap} requests are in flight")
        for _ in range(2):  # over the cap: refused at once, without Retry-After
            r = client.put(
                f"{server.base_url}/crm/v8/Leads", headers=server.auth_headers, json=leads(1)
            )
            assert r.status_code == 429
            assert r.json() == SPEC_429
            assert "retry-after" not in r.headers
        assert [h.finish() for h in held] == [200] * cap  # the ones in flight are served
        r = client.put(
            f"{server.base_url}/crm/v8/Leads", headers=server.auth_headers, json=leads(1)
        )
        assert r.status_code == 200  # and the next call gets a slot again
        s = server.stats()
    assert s["limits"]["max_concurrent_requests"] == cap
    assert s["peak_concurrency"] == cap and s["in_flight"] == 0
    assert s["requests"] == cap + 3
    assert s["throttled"] == {"concurrency": 2, "sub_concurrency": 0, "credits": 0, "injected": 0}


def test_heavy_calls_have_a_sub_concurrency_cap_of_10() -> None:
    """Writes of more than 10 records: 10 in flight at most, whatever the edition's cap; a
    light call still gets through. The calls are held in flight by the latency model."""
    with EmulatorServer(edition="ultimate", latency="1500ms") as server:
        url = f"{server.base_url}/crm/v8/Leads"
        codes: list[int] = []

        def put(n: int) -> None:
            codes.append(httpx.put(url, headers=server.auth_headers, json=leads(n)).status_code)

        # ten heavy calls and a light one (10 records is not more than 10)
        threads = [threading.Thread(target=put, args=(n,)) for n in [11] * 10 + [10]]
        for t in threads:
            t.start()
        wait_for(
            lambda: server.stats()["heavy_in_flight"] == 10 and server.emulator.in_flight == 11,
            "10 heavy calls and a light one are in flight",
        )
        r = httpx.put(url, headers=server.auth_headers, json=leads(11))
        assert r.status_code == 429 and r.json() == SPEC_429
        for t in threads:
            t.join()
        s = server.stats()
    assert sorted(codes) == [200] * 11
    assert s["throttled"]["sub_concurrency"] == 1 and s["throttled"]["concurrency"] == 0
    assert s["peak_heavy_concurrency"] == 10 and s["heavy_in_flight"] == 0
    assert s["latency_ms"]["count"] == 11  # the 429 answered at once


# ---- credits: the rolling 24-hour window on an injected clock ----------------------------------


def test_credits_are_spent_and_freed_24_hours_later(harness: Harness) -> None:
    clock = Clock()
    api = harness.make(EmulatorConfig(daily_credits=30, clock=clock))
    t0 = clock.now
    for _ in range(2):
        assert api.put("/crm/v8/Leads", leads(100)).status_code == 200  # 10 credits each
    clock.now = t0 + 3600
    r = api.put("/crm/v8/Leads", leads(95))  # 10 credits: 30 of 30
    assert r.status_code == 200 and r.headers["x-api-credits-remaining"] == "0"
    clock.now = t0 + 3601
    r = api.get(f"/crm/v8/Leads/{LEAD}")  # 1 more: over the limit
    assert r.status_code == 429 and r.json() == SPEC_429
    assert r.headers["x-api-credits-remaining"] == "0" and "retry-after" not in r.headers
    clock.now = t0 + 86_399.5  # not yet 24 hours after the first calls
    assert api.get(f"/crm/v8/Leads/{LEAD}").status_code == 429
    clock.now = t0 + 86_400  # the first 20 credits are freed, the 10 of t0+1h are not
    r = api.get(f"/crm/v8/Leads/{LEAD}")
    assert r.status_code == 200
    assert "x-api-credits-remaining" not in r.headers  # 11 of 30 used: under half
    assert api.put("/crm/v8/Leads", leads(100)).status_code == 200  # 21 of 30
    assert api.put("/crm/v8/Leads", leads(100)).status_code == 429  # 31 > 30
    clock.now = t0 + 3600 + 86_400  # the 10 of t0+1h are freed too
    r = api.put("/crm/v8/Leads", leads(100))
    assert r.status_code == 200 and r.headers["x-api-credits-remaining"] == "9"
    s = stats(api)
    assert s["credits"] == {"limit": 30, "used": 21, "remaining": 9, "spent": 51}
    assert s["throttled"]["credits"] == 3


def test_the_credits_header_appears_once_half_the_credits_are_used(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(daily_credits=10, clock=Clock()))
    seen = []
    for _ in range(6):
        seen.append(api.get(f"/crm/v8/Leads/{LEAD}").headers.get("x-api-credits-remaining"))
    assert seen == [None, None, None, None, "5", "4"]


def test_credits_per_call_follow_zohos_table(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(daily_credits=1_000, extra_operations=True, clock=Clock()))

    def cost(call: Callable[[], httpx.Response]) -> int:
        before = stats(api)["credits"]["spent"]
        call()
        spent: int = stats(api)["credits"]["spent"]
        return spent - before

    assert cost(lambda: api.put("/crm/v8/Leads", leads(1))) == 1
    assert cost(lambda: api.put("/crm/v8/Leads", leads(10))) == 1
    assert cost(lambda: api.put("/crm/v8/Leads", leads(11))) == 2
    assert cost(lambda: api.put("/crm/v8/Leads", leads(100))) == 10
    assert cost(lambda: api.put(f"/crm/v8/Leads/{LEAD}", leads(1))) == 1
    assert cost(lambda: api.put("/bigin/v2/Contacts", {"data": [{"id": "1"}] * 25})) == 3
    assert cost(lambda: api.get("/crm/v8/Leads")) == 1
    assert cost(lambda: api.get("/crm/v8/Leads", params={"cvid": "554023000000087501"})) == 3
    assert cost(lambda: api.get("/crm/v8/settings/fields", params={"module": "Leads"})) == 1
    assert cost(lambda: api.put("/crm/v8/Leads", {"data": "not a list"})) == 1  # a 400 too
    # not charged: no token, an unknown path, the control endpoints
    assert cost(lambda: api.get(f"/crm/v8/Leads/{LEAD}", token=None)) == 0
    assert cost(lambda: api.get("/crm/v8/Leads/1/2/3/4")) == 0
    assert cost(lambda: api.get("/_emulator/health")) == 0


# ---- latency -------------------------------------------------------------------------------------


def test_latency_is_drawn_within_its_range_reproducibly(mode: str) -> None:
    def run() -> dict[str, Any]:
        h = Harness(mode)
        try:
            api = h.make(EmulatorConfig(latency="2ms-12ms", seed=7))
            for _ in range(8):
                assert api.get(f"/crm/v8/Leads/{LEAD}").status_code == 200
            api.get("/_emulator/health")  # control endpoints answer at once
            api.get(f"/crm/v8/Leads/{LEAD}", token=None)  # a 401 takes its time too
            return stats(api)["latency_ms"]
        finally:
            h.close()

    first, second = run(), run()
    assert first["count"] == 9
    assert 2 <= first["min"] < first["max"] <= 12
    assert first == second  # the same seed, the same draws


def test_a_fixed_latency_delays_every_answer_by_it(api: Api) -> None:
    r = api.post("/_emulator/limits", {"latency": "20ms"}, token=None)
    assert r.json()["limits"]["latency"] == "20ms"
    for _ in range(3):
        api.put("/crm/v8/Leads", leads(1))
    lat = stats(api)["latency_ms"]
    assert lat == {"count": 3, "min": 20.0, "max": 20.0, "mean": 20.0, "total": 60.0}


def test_the_latency_counts_from_the_requests_arrival_its_handling_within_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A latency of 400 ms is the time from a request's arrival to its answer: a handler that
    took 300 ms leaves 100 ms to wait (it used to wait the whole 400 ms after its work, so
    with a latency model no client could reach calls / cap x latency); one that took longer
    than the latency is not waited on; an injected latency fault adds to the model's. The
    clock and the sleep are the app's, replaced here: no wall time."""
    import zoho_emulator.app as app_module

    now = [1000.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    monkeypatch.setattr(
        app_module, "time", SimpleNamespace(monotonic=lambda: now[0]), raising=False
    )
    monkeypatch.setattr(app_module, "asyncio", SimpleNamespace(sleep=sleep))
    h = Harness("asgi")
    try:
        api = h.make(EmulatorConfig(latency="400ms"))
        handlers = api.emulator.handlers
        work = [0.3]
        original = handlers.update_records

        def slow(req: Any) -> Any:
            now[0] += work[0]  # the handler's own work
            return original(req)

        monkeypatch.setattr(handlers, "update_records", slow)
        assert api.put("/crm/v8/Leads", leads(1)).status_code == 200
        assert slept == [0.1]
        work[0] = 0.5  # longer than the latency: answered when done
        slept.clear()
        assert api.put("/crm/v8/Leads", leads(1)).status_code == 200
        assert slept == [0.0]
        work[0] = 0.3
        api.post(
            "/_emulator/faults",
            {"faults": [{"kind": "latency", "method": "PUT", "latency_ms": 50}]},
            token=None,
        )
        slept.clear()
        assert api.put("/crm/v8/Leads", leads(1)).status_code == 200
        assert slept == [0.05, 0.1]  # the fault's 50 ms, then the model's 400 less the work
    finally:
        h.close()


# ---- control endpoints ---------------------------------------------------------------------------


def test_limits_are_set_shown_cleared_and_reset_at_run_time(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(daily_credits=2, clock=Clock()))
    assert api.get("/_emulator/limits").json()["limits"]["daily_credits"] == 2
    r = api.post("/_emulator/limits", {"edition": "enterprise", "users": 100})
    assert r.status_code == 200
    assert r.json()["limits"] == {
        "edition": "enterprise",
        "users": 100,
        "max_concurrent_requests": 20,
        "sub_concurrency": 10,
        "daily_credits": 150_000,
        "latency": None,
    }
    r = api.post("/_emulator/limits", {"edition": "enterprise", "concurrency": 3})
    assert r.status_code == 400
    assert "unknown keys ['concurrency']" in r.json()["details"]["reason"]
    assert api.get("/_emulator/limits").json()["limits"]["edition"] == "enterprise"  # unchanged
    for _ in range(3):
        assert api.get(f"/crm/v8/Leads/{LEAD}").status_code == 200
    assert api.request("DELETE", "/_emulator/stats").json()["requests"] == 0  # counters zeroed ...
    assert stats(api)["credits"]["used"] == 3  # ... the window kept
    assert api.request("DELETE", "/_emulator/limits").json()["limits"]["daily_credits"] is None
    assert stats(api)["credits"] is None
    api.reset()  # back to the configured limits, a fresh window
    s = stats(api)
    assert s["limits"]["daily_credits"] == 2 and s["credits"]["used"] == 0 and s["requests"] == 0


def test_the_control_token_guards_the_new_endpoints(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(control_token="secret"))
    for method, path in [
        ("GET", "/_emulator/stats"),
        ("DELETE", "/_emulator/stats"),
        ("GET", "/_emulator/limits"),
        ("DELETE", "/_emulator/limits"),
    ]:
        assert api.request(method, path).status_code == 401
    r = api.get("/_emulator/stats", headers={"X-Emulator-Control-Token": "secret"})
    assert r.status_code == 200


def test_injected_throttles_are_counted_apart(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(faults=[{"kind": "throttle", "count": 1, "retry_after": 1}]))
    assert api.put("/crm/v8/Leads", leads(1)).status_code == 429
    assert stats(api)["throttled"] == {
        "concurrency": 0,
        "sub_concurrency": 0,
        "credits": 0,
        "injected": 1,
    }


# ---- command line --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--users", "3"], "--users counts the user licences of an edition"),
        (["--latency", "200"], "latency must be a duration such as 200ms"),
        (["--edition", "gold"], "invalid choice: 'gold'"),
        (["--daily-credits", "0"], "a whole number of 1 or more"),
    ],
)
def test_bad_options_are_one_error_line(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["serve", "--port", "0", *args])
    except SystemExit as e:  # argparse's own errors
        code = int(e.code or 0)
    assert code == 2
    assert words in capsys.readouterr().err


@pytest.fixture
def served() -> Iterator[tuple[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOHO_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zoho_emulator", "serve", "--port", "0", "--edition", "free"]
        + ["--latency", "1ms-3ms", "--seed", "3"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        listening = proc.stderr.readline()
        yield listening.split()[-1], proc.stderr.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        finally:
            proc.kill()
            if proc.stderr is not None:
                proc.stderr.close()


def test_serve_with_an_edition_says_its_limits_and_applies_them(
    served: tuple[str, str],
) -> None:
    base, limits_line = served
    assert limits_line.strip() == (
        "zoho-emulator: limits: edition free with 1 user licence(s), 5 calls in flight, "
        "10 heavy calls in flight, 5,000 credits per rolling 24 hours, latency 1ms-3ms"
    )
    r = httpx.put(f"{base}/crm/v8/Leads", headers=AUTH, json=leads(20), timeout=10)
    assert r.status_code == 200
    s = httpx.get(f"{base}/_emulator/stats", timeout=10).json()
    assert s["limits"]["max_concurrent_requests"] == 5
    assert s["credits"] == {"limit": 5000, "used": 2, "remaining": 4998, "spent": 2}
    assert s["latency_ms"]["count"] == 1 and 1 <= s["latency_ms"]["min"] <= 3


def test_get_records_with_cvid_or_sort_by_is_a_heavy_call() -> None:
    """The v8 API-limits page counts get records with ``cvid`` or ``sort_by`` against the
    sub-concurrency gate; a plain page read is light (the route's handler is get_records)."""
    from zoho_emulator.limits import is_heavy
    from zoho_emulator.request import Req

    def req(query: bytes) -> Req:
        return Req("GET", "/crm/v8/Deals", query, {}, b"")

    assert is_heavy(
        "get_records",
        req(
            b"cvid=554023000000087501",
        ),
        1,
    )
    assert is_heavy("get_records", req(b"sort_by=Deal_Name"), 1)
    assert not is_heavy("get_records", req(b"per_page=200"), 1)
