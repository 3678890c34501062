"""Bulk updates at Zoho's real limits: the emulator capped at an edition's concurrency (10, 15,
25 calls in flight; over it 429 without ``Retry-After``) and 200 ms latency per answer.

    python bench/limits_throughput.py [--records 20000] [--caps 10,15,25] [--rounds 5]
        [--latency-ms 200] [--no-jitter] [--out FILE]

For each cap, 20,000 Deals updates (200 calls of 100) through:

- ``zoho_records-defaults``: ``ZohoClient(base_url=..., access_token=...)``, nothing else set
  (adaptive concurrency, bound 25); a fresh client per round, so each round finds the cap;
- ``zoho_records-warm``: one ``ZohoClient`` (defaults) kept for all rounds of a cap: after
  its first job it starts at the limit it learned (a long-lived client, or the CLI's second
  file);
- ``zoho-records-cli``: ``zoho-records update --module Deals --file deals.csv --report ...
  --no-progress --base-url ...`` with its defaults, its ``main()`` run in this process (so the
  interpreter's start-up and imports are not counted; the CSV's reading, the field metadata
  read, one more round trip at the latency, and the report are): its limit is one round trip
  more than the others';
- ``raw-httpx-cap``: a pool of exactly ``cap`` threads sharing one ``httpx.Client``, sending
  pre-built chunks (what a user who knows the cap would write; no retries).

The emulator runs in its own process; its load profile is set through ``POST
/_emulator/limits`` (``max_concurrent_requests``: the cap alone, without an edition's
sub-concurrency of 10 for writes of more than 10 records, which would cap every variant at 10;
``latency``: ``200ms``, then ``100ms-400ms`` uniform, mean 250 ms, unless ``--no-jitter``).
Its counters (``/_emulator/stats``, zeroed before each job) give the requests, the 429s and
the peak concurrency server-side. Each job is compared with the physical minimum: calls / cap
x mean latency (the issue's measure). An ideal client cannot reach it either: with a fixed
latency whole calls take ceil(calls / cap) round trips (200 calls at cap 15: 14 x 200 ms =
2.8 s, 0.952 of 2.67 s), with a uniform one the slots do not end together. What an ideal
client takes with the job's own draws (the emulator's latency is reseeded before every job, so
each variant gets the same draws: before, the variants took turns along one stream and raw
httpx's jobs drew 246 ms on average where the defaults' drew 255) is ``floor_s``. Reported per variant: the median and best wall time over the rounds and their
fraction of the limit, failed records, 429s as a share of requests, the server's peak
concurrency. JSON in ``bench/results/limits_throughput.json`` (with the machine's load).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import heapq
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
for sub in ("src", "generated"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from client_throughput import (  # noqa: E402
    HEADERS,
    TOKEN,
    chunks_for,
    free_port,
    records_for,
    write_dataset,
)

from zoho_emulator.limits import Latency  # noqa: E402
from zoho_records import ZohoClient  # noqa: E402


class Emulator:
    """``zoho-emulator serve`` in its own process; its load profile is set per measurement
    through ``POST /_emulator/limits`` and its counters read from ``/_emulator/stats``."""

    def __init__(self, n: int) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        data = Path(self.tmp.name) / "deals.json"
        write_dataset(n, data)
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "zoho_emulator", "serve", "--port", str(port)]
        cmd += ["--data", str(data), "--token", TOKEN, "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/_emulator/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.close()
        raise RuntimeError("the emulator did not start")

    def limits(self, cap: int, latency: str) -> None:
        """Zoho's concurrency cap (429 over it, no Retry-After) and the latency model."""
        body = {"max_concurrent_requests": cap, "latency": latency}
        httpx.post(self.base_url + "/_emulator/limits", json=body, timeout=10).raise_for_status()

    def zero(self) -> None:
        httpx.delete(self.base_url + "/_emulator/stats", timeout=10).raise_for_status()

    def stats(self) -> dict[str, Any]:
        r = httpx.get(self.base_url + "/_emulator/stats", timeout=10)
        r.raise_for_status()
        doc: dict[str, Any] = r.json()
        return doc

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.tmp.cleanup()


Run = Callable[[str, list[dict[str, Any]], int], dict[str, Any]]


def _job(client: ZohoClient, records: list[dict[str, Any]]) -> dict[str, Any]:
    before = client.stats
    start = time.perf_counter()
    result = client.crm.update_records("Deals", records)
    took = time.perf_counter() - start
    stats = client.stats
    return {
        "seconds": took,
        "failed": len(result.failed),
        "requests": stats.requests - before.requests,
        "throttled": stats.throttled - before.throttled,
        "final_concurrency": stats.concurrency,
        "credits": stats.credits - before.credits,
    }


def ours(base: str, records: list[dict[str, Any]], cap: int) -> dict[str, Any]:
    with ZohoClient(base_url=base, access_token=TOKEN) as client:
        return _job(client, records)


_WARM: dict[str, ZohoClient] = {}


def ours_warm(base: str, records: list[dict[str, Any]], cap: int) -> dict[str, Any]:
    """The same client for every round of a cap: from the second job on it starts at the
    limit it learned (the first round is a cold start, so the best round counts)."""
    if base not in _WARM:
        _WARM[base] = ZohoClient(base_url=base, access_token=TOKEN)
    return _job(_WARM[base], records)


def raw(base: str, records: list[dict[str, Any]], cap: int) -> dict[str, Any]:
    chunks = chunks_for(records)
    limits = httpx.Limits(max_connections=cap + 2, max_keepalive_connections=cap + 2)
    throttled = 0
    with httpx.Client(base_url=base, headers=HEADERS, limits=limits, timeout=60) as http:

        def send(body: bytes) -> tuple[int, int]:
            r = http.put("/crm/v8/Deals", content=body)
            if r.status_code == 429:
                return 0, 1
            return sum(1 for item in r.json()["data"] if item["status"] == "success"), 0

        start = time.perf_counter()
        with ThreadPoolExecutor(cap) as pool:
            done = list(pool.map(send, chunks))
        took = time.perf_counter() - start
    ok = sum(d[0] for d in done)
    throttled = sum(d[1] for d in done)
    return {
        "seconds": took,
        "failed": len(records) - ok,
        "requests": len(chunks),
        "throttled": throttled,
    }


def cli(base: str, records: list[dict[str, Any]], cap: int) -> dict[str, Any]:
    """``zoho-records update`` with its defaults, as a user runs it but for the process: its
    ``main()`` here (the file written before the clock starts; its summary kept)."""
    from zoho_records.cli import main as cli_main

    with tempfile.TemporaryDirectory() as tmp:
        src, report = Path(tmp) / "deals.csv", Path(tmp) / "report.csv"
        with src.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        argv = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
        argv += ["--no-progress", "--base-url", base]
        err = io.StringIO()
        os.environ["ZOHO_ACCESS_TOKEN"] = TOKEN
        start = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli_main(argv)
        took = time.perf_counter() - start
        if code not in (0, 1):
            raise RuntimeError(f"zoho-records update failed ({code}): {err.getvalue()}")
        with report.open(newline="") as fh:
            failed = sum(1 for row in csv.DictReader(fh) if row["outcome"] != "success")
    summary = err.getvalue().strip().splitlines()
    return {"seconds": took, "failed": failed, "summary": summary[-3:]}


VARIANTS: dict[str, Run] = {
    "zoho_records-defaults": ours,
    "zoho_records-warm": ours_warm,
    "zoho-records-cli": cli,
    "raw-httpx-cap": raw,
}
# the command reads the field metadata first: one more round trip in its physical minimum
EXTRA_ROUND_TRIPS = {"zoho-records-cli": 1}


def measure(emu: Emulator, run: Run, records: list[dict[str, Any]], cap: int) -> dict[str, Any]:
    """One job, with the server's counters for it (requests, 429s, peak in flight)."""
    emu.zero()
    result = run(emu.base_url, records, cap)
    stats = emu.stats()
    result["server_requests"] = stats["requests"]
    result["server_429"] = stats["throttled_total"]
    result["server_peak"] = stats["peak_concurrency"]
    result["server_latency_ms"] = stats["latency_ms"]["mean"]
    return result


def ideal_makespan(calls: int, cap: int, latency: str, first: int = 0) -> float:
    """The time an ideal client takes with the draws this job gets: ``cap`` slots always busy,
    each call sent the instant a slot frees, nothing else. The emulator's latency is drawn from
    ``Random(0)`` (its seed), reseeded before each job, one draw per answer in the order the
    requests arrive; ``first`` answers come before the calls, one at a time (the CLI's metadata
    read). A fixed latency gives ceil(calls / cap) round trips; 100-400 ms, slots that end
    apart (at cap 25, 200 calls: about 2.2 s against calls / cap x mean = 2.0 s)."""
    model, rng = Latency.parse(latency), random.Random(0)
    draws = [model.draw(rng) for _ in range(first + calls)]
    slots = [0.0] * cap
    for draw in draws[first:]:
        heapq.heapreplace(slots, slots[0] + draw)
    return sum(draws[:first]) + max(slots)


def summarize(
    cap: int, latency: str, name: str, calls: int, mean: float, results: list[dict[str, Any]]
) -> dict[str, Any]:
    first = EXTRA_ROUND_TRIPS.get(name, 0)
    limit = calls / cap * mean + first * mean
    floor = ideal_makespan(calls, cap, latency, first)
    seconds = [r["seconds"] for r in results]
    median = statistics.median(seconds)
    requests = sum(r["server_requests"] for r in results)
    throttled = sum(r["server_429"] for r in results)
    return {
        "cap": cap,
        "latency": latency,
        "variant": name,
        "physical_min_s": round(limit, 3),
        "floor_s": round(floor, 3),
        "fraction_of_floor_median": round(floor / median, 3),
        "median_s": round(median, 3),
        "best_s": round(min(seconds), 3),
        "fraction_of_limit_median": round(limit / median, 3),
        "fraction_of_limit_best": round(limit / min(seconds), 3),
        "runs": [round(x, 3) for x in seconds],
        "failed_records": sum(r["failed"] for r in results),
        "throttled_pct": round(100 * throttled / max(requests, 1), 2),
        "throttled_per_run": [r["server_429"] for r in results],
        "server_peak": max(r["server_peak"] for r in results),
        "server_latency_ms": statistics.mean(r["server_latency_ms"] or 0 for r in results),
        "final_concurrency": [r.get("final_concurrency") for r in results],
        "summary": results[-1].get("summary"),
    }


def bench_cap(emu: Emulator, cap: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    calls = -(-args.records // 100)
    rows = []
    for jitter in [False] if args.no_jitter else [False, True]:
        if jitter:
            latency, mean = "100ms-400ms", 0.25  # uniform: mean 250 ms
        else:
            latency, mean = f"{args.latency_ms:g}ms", args.latency_ms / 1000
        emu.limits(cap, latency)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
        for round_no in range(args.rounds):
            records = records_for(args.records, round_no)
            for name, run in VARIANTS.items():
                emu.limits(cap, latency)  # reseeds the latency: every job gets the same draws
                runs[name].append(measure(emu, run, records, cap))
        for name, results in runs.items():
            row = summarize(cap, latency, name, calls, mean, results)
            rows.append(row)
            print(json.dumps(row), flush=True)
        for client in _WARM.values():
            client.close()
        _WARM.clear()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--caps", default="10,15,25")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--no-jitter", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "limits_throughput.json"))
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    emu = Emulator(args.records)
    try:
        for cap in (int(c) for c in args.caps.split(",")):
            rows += bench_cap(emu, cap, args)
    finally:
        emu.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    doc = {"records": args.records, "rounds": args.rounds, "loadavg": load, "rows": rows}
    out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {args.rounds} rounds")
    print(
        f"{'cap':>4} {'latency':>12} {'variant':<22} {'min s':>6} {'median':>7} {'of limit':>8}"
        f" {'best':>6} {'floor':>6} {'of floor':>8} {'failed':>6} {'429 %':>6} {'peak':>5}"
    )
    for r in rows:
        print(
            f"{r['cap']:>4} {r['latency']:>12} {r['variant']:<22} {r['physical_min_s']:>6}"
            f" {r['median_s']:>7} {r['fraction_of_limit_median']:>8}"
            f" {r['fraction_of_limit_best']:>6} {r['floor_s']:>6}"
            f" {r['fraction_of_floor_median']:>8} {r['failed_records']:>6}"
            f" {r['throttled_pct']:>6} {r['server_peak']:>5}"
        )


if __name__ == "__main__":
    main()
