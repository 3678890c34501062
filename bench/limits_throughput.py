"""Bulk updates at Zoho's real limits: the emulator capped at an edition's concurrency (10, 15,
25 calls in flight; over it 429 without ``Retry-After``) and 200 ms added to each write.

    python bench/limits_throughput.py [--records 20000] [--caps 10,15,25] [--rounds 2]
        [--latency-ms 200] [--no-jitter]

For each cap, 20,000 Deals updates (200 calls of 100) through:

- ``zoho_records-defaults``: ``ZohoClient(base_url=..., access_token=...)``, nothing else set
  (adaptive concurrency, bound 25); a fresh client per round, so each round finds the cap;
- ``zoho_records-warm``: one ``ZohoClient`` (defaults) kept for all rounds of a cap: after
  its first job it starts at the limit it learned (a long-lived client, or the CLI's second
  file); the best round counts, so this is the warm figure;
- ``raw-httpx-cap``: a pool of exactly ``cap`` threads sharing one ``httpx.Client``, sending
  pre-built chunks (what a user who knows the cap would write; no retries).

Each is compared with the physical minimum: calls / cap x latency (mean latency with jitter).
With ``--jitter`` (default on) the same again with latency drawn per request from 100 to 400 ms
(the emulator's latency faults are additive with a probability each: 100 ms always plus three
of 100 ms at probability 0.5, so 100/200/300/400 ms, mean 250 ms). The emulator runs in its
own process. Reported per variant: the best round's wall time and fraction of the limit, the
median, failed records and 429s over all rounds. JSON in ``bench/results/limits_throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import os
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

from zoho_records import ZohoClient  # noqa: E402


class Emulator:
    """``zoho-emulator serve`` in its own process, with ``--max-concurrent-requests cap``."""

    def __init__(self, n: int, cap: int) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        data = Path(self.tmp.name) / "deals.json"
        write_dataset(n, data)
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "zoho_emulator", "serve", "--port", str(port)]
        cmd += ["--data", str(data), "--token", TOKEN, "--log-level", "warning"]
        cmd += ["--max-concurrent-requests", str(cap)]
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


VARIANTS: dict[str, Run] = {
    "zoho_records-defaults": ours,
    "zoho_records-warm": ours_warm,
    "raw-httpx-cap": raw,
}


def set_latency(base: str, latency_ms: float, jitter: bool) -> float:
    """Latency faults on writes; returns the mean added latency in seconds."""
    if jitter:
        faults = [{"kind": "latency", "method": "PUT", "latency_ms": 100}] + [
            {"kind": "latency", "method": "PUT", "latency_ms": 100, "probability": 0.5}
        ] * 3
        mean = 0.25
    else:
        faults = [{"kind": "latency", "method": "PUT", "latency_ms": latency_ms}]
        mean = latency_ms / 1000
    r = httpx.post(base + "/_emulator/faults", json={"faults": faults}, timeout=10)
    r.raise_for_status()
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--caps", default="10,15,25")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--no-jitter", action="store_true")
    args = parser.parse_args()
    caps = [int(c) for c in args.caps.split(",")]
    calls = -(-args.records // 100)
    rows: list[dict[str, Any]] = []
    for cap in caps:
        emu = Emulator(args.records, cap)
        try:
            for jitter in [False] if args.no_jitter else [False, True]:
                mean = set_latency(emu.base_url, args.latency_ms, jitter)
                limit = calls / cap * mean
                runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
                for round_no in range(args.rounds):
                    records = records_for(args.records, round_no)
                    for name, run in VARIANTS.items():
                        runs[name].append(run(emu.base_url, records, cap))
                for name, results in runs.items():
                    best = min(r["seconds"] for r in results)
                    requests = sum(r["requests"] for r in results)
                    throttled = sum(r["throttled"] for r in results)
                    row = {
                        "cap": cap,
                        "latency": "100-400 ms" if jitter else f"{args.latency_ms:g} ms",
                        "variant": name,
                        "physical_min_s": round(limit, 3),
                        "best_s": round(best, 3),
                        "median_s": round(statistics.median(r["seconds"] for r in results), 3),
                        "fraction_of_limit": round(limit / best, 3),
                        "failed_records": sum(r["failed"] for r in results),
                        "throttled_pct": round(100 * throttled / requests, 2),
                        "final_concurrency": [r.get("final_concurrency") for r in results],
                    }
                    rows.append(row)
                    print(json.dumps(row), flush=True)
        finally:
            for client in _WARM.values():
                client.close()
            _WARM.clear()
            emu.close()
    out = ROOT / "bench" / "results" / "limits_throughput.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"records": args.records, "rows": rows}, indent=2) + "\n")
    print(
        f"\n{'cap':>4} {'latency':>11} {'variant':<22} {'min s':>6} {'best s':>7} {'of limit':>8}"
        f" {'failed':>6} {'429 %':>6}"
    )
    for r in rows:
        print(
            f"{r['cap']:>4} {r['latency']:>11} {r['variant']:<22} {r['physical_min_s']:>6}"
            f" {r['best_s']:>7} {r['fraction_of_limit']:>8} {r['failed_records']:>6}"
            f" {r['throttled_pct']:>6}"
        )


if __name__ == "__main__":
    main()
