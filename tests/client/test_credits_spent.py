"""The org's API credits spent (issue 14): Zoho answers 429 ``TOO_MANY_REQUESTS`` for any limit,
and its ``X-API-CREDITS-REMAINING`` (sent once half the credits are used) tells a spent window
from a concurrency refusal when it is below what the call costs. Such a 429 is not retried,
does not shrink the adaptive limit, raises ``CreditsExhaustedError`` and stops a bulk run (its
later calls are not sent, their records say so); the command line says so and resumes.

Against the emulator over HTTP (``daily_credits`` through ``/_emulator/limits``), and a mock
transport for the answers the emulator does not give (a 429 with credits left)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import (
    AsyncZohoClient,
    CreditsExhaustedError,
    RateLimitError,
    RecordError,
    ZohoClient,
)
from zoho_records._credits import credits_left, credits_spent
from zoho_records.cli import main

from .conftest import (
    control,
    deal_ids,
    emulator_records,
    fast_retries,
    success_answer,
    write_csv,
)

pytestmark = pytest.mark.timeout(120)

HEADER = "X-API-CREDITS-REMAINING"


def test_the_header_tells_spent_credits_from_a_concurrency_refusal() -> None:
    assert credits_left({HEADER: "9"}) == 9
    assert credits_left({HEADER: " 12 "}) == 12
    assert credits_left({}) is None and credits_left({HEADER: "many"}) is None
    assert credits_spent(429, 9, 10)  # fewer than the call costs: spent
    assert credits_spent(429, 0, 1)
    assert not credits_spent(429, 10, 10)  # enough left: the concurrency cap
    assert not credits_spent(429, None, 10)  # no header: under half used, not the credits
    assert not credits_spent(200, 0, 10)


def updates(n: int) -> list[dict[str, Any]]:
    return [{"id": rid, "Stage": "Closed Won"} for rid in deal_ids(n)]


def closed_won(path: Path, n: int) -> Path:
    """An update file setting the first ``n`` Deals to Closed Won."""
    return write_csv(path, ["id", "Stage"], ([rid, "Closed Won"] for rid in deal_ids(n)))


def check_stopped_run(outcomes: list[Any], emulator: EmulatorServer) -> None:
    # 100-record updates cost 10 credits: two fit in 25, the third is refused with 5 left,
    # not retried, and nothing is sent after it
    assert [o.ok for o in outcomes] == [True] * 200 + [False] * 800
    refused = outcomes[200]
    assert isinstance(refused, RecordError) and refused.code == "TOO_MANY_REQUESTS"
    assert isinstance(refused.error, CreditsExhaustedError)
    assert (refused.error.credits_left, refused.error.credits_needed) == (5, 10)
    assert "API credits are spent for now" in refused.message
    assert all(o.error is refused.error for o in outcomes[200:300])
    for later in outcomes[300:]:
        assert later.code == "TOO_MANY_REQUESTS"
        assert later.message.startswith(
            "not sent: an earlier request failed with TOO_MANY_REQUESTS"
        )
    stats = emulator.stats()
    assert stats["requests"] == 3 and stats["throttled"]["credits"] == 1
    assert stats["throttled_total"] == 1
    records = emulator_records(emulator, "crm", "Deals")
    ids = deal_ids(1000)
    assert [records[i]["Stage"] for i in ids] == ["Closed Won"] * 200 + ["Qualification"] * 800


def test_a_bulk_run_stops_at_the_first_call_refused_for_spent_credits(
    emulator: EmulatorServer,
) -> None:
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 25})
    with ZohoClient(
        base_url=emulator.base_url,
        access_token=emulator.token,
        concurrency=1,
        retry_policy=fast_retries(),
    ) as client:
        result = client.crm.update_records("Deals", updates(1000))
        stats = client.stats
    check_stopped_run(list(result), emulator)
    assert stats.throttled == 1 and stats.calls == 2 and stats.credits == 20


def test_the_async_client_stops_the_same_way(emulator: EmulatorServer) -> None:
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 25})

    async def run() -> list[Any]:
        async with AsyncZohoClient(
            base_url=emulator.base_url,
            access_token=emulator.token,
            concurrency=1,
            retry_policy=fast_retries(),
        ) as client:
            result = await client.crm.update_records("Deals", updates(1000))
            return list(result)

    check_stopped_run(asyncio.run(run()), emulator)


def test_a_single_call_raises_at_once_and_the_adaptive_limit_stays(
    emulator: EmulatorServer,
) -> None:
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 1})
    rid = deal_ids(1)[0]
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, retry_policy=fast_retries()
    ) as client:
        assert client.crm.get_record("Deals", rid)["id"] == rid
        before = client.stats.concurrency
        with pytest.raises(CreditsExhaustedError) as caught:
            client.crm.get_record("Deals", rid)
        assert isinstance(caught.value, RateLimitError)  # caught where a 429 was before
        assert (caught.value.credits_left, caught.value.credits_needed) == (0, 1)
        assert client.stats.concurrency == before  # not a sign of the concurrency cap
        assert client.stats.throttled == 1
    assert emulator.stats()["requests"] == 2  # max_retries 3, but no retry


def mock_client(answers: list[httpx.Response], seen: list[httpx.Request]) -> ZohoClient:
    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    return ZohoClient(
        base_url="https://x.test",
        access_token="t",
        transport=httpx.MockTransport(reply),
        retry_policy=fast_retries(),
    )


def too_many(left: str | None) -> httpx.Response:
    body = {"code": "TOO_MANY_REQUESTS", "details": {}, "message": "too many", "status": "error"}
    return httpx.Response(429, json=body, headers={HEADER: left} if left is not None else {})


def test_a_429_with_credits_left_is_a_concurrency_refusal_and_is_retried() -> None:
    ids = deal_ids(100)  # one update of 100 records: 10 credits
    seen: list[httpx.Request] = []
    answers = [too_many("10"), success_answer(ids)]
    with mock_client(answers, seen) as client:
        result = client.crm.update_records("Deals", [{"id": i, "Stage": "x"} for i in ids])
    assert result.ok and len(seen) == 2
    seen.clear()
    answers = [too_many("9")]  # fewer than 10 left: spent, not sent again
    with mock_client(answers, seen) as client:
        result = client.crm.update_records("Deals", [{"id": i, "Stage": "x"} for i in ids])
    assert len(seen) == 1
    assert all(isinstance(o.error, CreditsExhaustedError) for o in result.failed)
    assert len(result.failed) == 100


def test_the_command_line_says_the_credits_are_spent_and_resumes(
    env: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator, report = env, tmp_path / "report.csv"
    rows = ([f"Credit deal {i}", "Qualification", "2027-01-01"] for i in range(1000))
    src = write_csv(tmp_path / "new.csv", ["Deal_Name", "Stage", "Closing_Date"], rows)
    # the metadata read (1) and two inserts of 100 (10 each) fit in 25: the third is refused
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 25})
    argv = ["insert", "--module", "Deals", "--file", str(src), "--report", str(report)]
    argv += ["--base-url", emulator.base_url, "--no-progress"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "200 succeeded, 800 failed" in err
    assert (
        "800 of the failed rows were refused or not sent because the org's API credits are "
        "spent for now (4 left, a call needs 10)"
    ) in err
    assert f"run the same command with --resume {report} then" in err
    assert "Zoho says 4 API credit(s) are left in its rolling 24 hours" in err
    assert emulator.stats()["throttled"]["credits"] >= 1
    # a day later (a new window): the same command with --resume sends the 800 rows, once
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 1000})
    assert main([*argv, "--resume", str(report)]) == 0
    assert "800 succeeded, 0 failed, 200 skipped (done before)" in capsys.readouterr().err
    names = [
        r["Deal_Name"]
        for r in emulator_records(emulator, "crm", "Deals").values()
        if str(r.get("Deal_Name", "")).startswith("Credit deal ")
    ]
    assert sorted(names) == sorted(f"Credit deal {i}" for i in range(1000))


def test_the_credits_zoho_says_are_left_are_in_the_stats(emulator: EmulatorServer) -> None:
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 40})
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, concurrency=1
    ) as client:
        client.crm.update_records("Deals", updates(100))  # 10 of 40: under half, not said
        assert client.stats.credits_left is None
        client.crm.update_records("Deals", updates(100))  # 20 of 40: said from now on
        assert client.stats.credits_left == 20
        client.crm.update_records("Deals", updates(50))
        assert client.stats.credits_left == 15


def test_a_dry_run_warns_when_zoho_says_fewer_credits_are_left_than_the_rows_need(
    env: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator, src = env, closed_won(tmp_path / "updates.csv", 300)
    argv = ["update", "--module", "Deals", "--file", str(src), "--dry-run"]
    argv += ["--base-url", emulator.base_url, "--no-progress"]
    # 29 of 60 credits used: the metadata read (1) makes it 30, half, so its answer says 30
    # are left; the 300 rows need 30: no warning
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 60})
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        client.crm.update_records("Deals", updates(290))  # 29 credits
    assert main(argv) == 0
    assert "warning" not in capsys.readouterr().err
    # one more metadata read: 29 left, fewer than the 30 needed
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert (
        "zoho-records: warning: Zoho says 29 API credit(s) are left in its rolling 24 hours, "
        "fewer than the 30 these rows need: a run would stop when they run out"
    ) in err
    assert emulator.stats()["throttled_total"] == 0  # a dry run sends no write


def test_the_answer_to_the_request_sent_last_says_what_is_left() -> None:
    # answers come back out of order: one sent earlier and read later says more were left
    from zoho_records._concurrency import OK, Limiter

    lim = Limiter(25)
    first, second = lim.try_acquire(), lim.try_acquire()
    assert first is not None and second is not None
    lim.release(second, OK, left=40)
    lim.release(first, OK, left=50)  # sent before: older news
    assert lim.stats().credits_left == 40
    third = lim.try_acquire()
    assert third is not None
    lim.release(third, OK, left=60)  # later (the window rolled on): newer news
    assert lim.stats().credits_left == 60


def test_a_run_warns_before_it_sends_when_fewer_credits_are_left_than_the_rows_need(
    env: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator, report = env, tmp_path / "report.csv"
    src = closed_won(tmp_path / "updates.csv", 300)
    control(emulator, "POST", "/_emulator/limits", {"daily_credits": 50})
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        client.crm.update_records("Deals", updates(240))  # 24 credits: 26 left
    argv = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    argv += ["--base-url", emulator.base_url, "--no-progress", "--concurrency", "1"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    warning = (
        "zoho-records: warning: Zoho says 25 API credit(s) are left in its rolling 24 hours, "
        "fewer than the up to 30 the 300 row(s) to send need: the run stops when they run out"
    )
    assert warning in err and err.index(warning) < err.index("200 succeeded, 100 failed")
