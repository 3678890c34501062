"""``zoho-records update --group-identical`` against the plain ``update``, on a file where every
row sets the same Stage, at an edition's limits and 200 ms per answer.

    python bench/group_identical.py [--records 20000] [--edition professional]
        [--latency 200ms] [--rounds 3]

The emulator runs in its own process (``zoho-emulator serve --edition E --latency L``: the
edition's cap on calls in flight, 10 for writes of more than 10 records, its credits); the
command runs as a user runs it (a new process each time, start-up included) with a report.
Per variant: the best and median wall time over the rounds, what the emulator counted in the
best round (calls answered, 429s, credits spent; ``/_emulator/stats``), the rows not reported
``success``, and the physical minimum: one metadata read, then the calls spread over the slots
they may hold (updates of more than 10 records: the sub-concurrency limit; mass updates: the
edition's cap), each taking the latency. JSON in ``bench/results/group_identical.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from client_throughput import TOKEN, free_port, ids, write_dataset  # noqa: E402

STAGES = ("Closed Won", "Closed Lost", "Negotiation/Review", "Qualification")


class Emulator:
    """``zoho-emulator serve`` with an edition's limits and a latency, in its own process."""

    def __init__(self, n: int, edition: str, latency: str) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        write_dataset(n, self.dir / "deals.json")
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "zoho_emulator", "serve", "--port", str(port)]
        cmd += ["--data", str(self.dir / "deals.json"), "--token", TOKEN]
        cmd += ["--edition", edition, "--latency", latency, "--log-level", "warning"]
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

    def control(self, method: str, path: str) -> dict[str, Any]:
        r = httpx.request(method, self.base_url + path, timeout=10)
        r.raise_for_status()
        result: dict[str, Any] = r.json()
        return result

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.tmp.cleanup()


def run_cli(emu: Emulator, src: Path, grouped: bool) -> dict[str, Any]:
    """One ``update`` of the file, as a new process; what the emulator counted."""
    report = emu.dir / "report.csv"
    report.unlink(missing_ok=True)
    emu.control("DELETE", "/_emulator/stats")
    cmd = [sys.executable, "-m", "zoho_records.cli", "update", "--module", "Deals"]
    cmd += ["--file", str(src), "--report", str(report), "--no-progress"]
    cmd += ["--base-url", emu.base_url] + (["--group-identical"] if grouped else [])
    pythonpath = os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")])
    env = {**os.environ, "PYTHONPATH": pythonpath, "ZOHO_ACCESS_TOKEN": TOKEN}
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"the command failed ({done.returncode}): {done.stderr}")
    stats = emu.control("GET", "/_emulator/stats")
    with report.open(newline="") as fh:
        failed = sum(1 for r in csv.DictReader(fh) if r["outcome"] != "success")
    return {
        "seconds": took,
        "calls": stats["requests"] - stats["throttled_total"],
        "throttled": stats["throttled_total"],
        "credits": (stats["credits"] or {}).get("spent"),
        "peak_concurrency": stats["peak_concurrency"],
        "failed": failed,
        "summary": done.stderr.strip().splitlines()[-2:],
    }


def startup_seconds() -> float:
    """The best of three ``zoho-records --version``: the interpreter, the imports, the parser."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")]),
    }
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "zoho_records.cli", "--version"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return min(times)


def physical_minimum(n: int, grouped: bool, limits: dict[str, Any], latency: float) -> float:
    """One metadata read, then the calls spread over the slots they may hold."""
    cap = limits["max_concurrent_requests"] or 25
    if grouped:
        calls, slots = math.ceil(n / 500), cap
    else:
        calls, slots = math.ceil(n / 100), min(cap, limits["sub_concurrency"] or cap)
    return latency * (1 + math.ceil(calls / slots))


def seconds_of(latency: str) -> float:
    value = latency.strip().lower()
    return float(value[:-2]) / 1000 if value.endswith("ms") else float(value.rstrip("s"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--edition", default="professional")
    parser.add_argument("--latency", default="200ms")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    emu = Emulator(args.records, args.edition, args.latency)
    out: list[dict[str, Any]] = []
    startup = startup_seconds()
    try:
        limits = emu.control("GET", "/_emulator/limits")["limits"]
        runs: dict[str, list[dict[str, Any]]] = {"plain": [], "group-identical": []}
        for round_no in range(args.rounds):
            src = emu.dir / "deals.csv"
            stage = STAGES[round_no % len(STAGES)]
            with src.open("w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["id", "Stage"])
                w.writerows([rid, stage] for rid in ids(args.records))
            for name in runs:
                runs[name].append(run_cli(emu, src, name != "plain"))
        for name, results in runs.items():
            best = min(results, key=lambda r: r["seconds"])
            minimum = physical_minimum(
                args.records, name != "plain", limits, seconds_of(args.latency)
            )
            row = {
                "variant": name,
                "startup_s": round(startup, 2),
                "records": args.records,
                "edition": args.edition,
                "latency": args.latency,
                "best_s": round(best["seconds"], 2),
                "median_s": round(statistics.median(r["seconds"] for r in results), 2),
                "physical_minimum_s": round(minimum, 2),
                "calls": best["calls"],
                "credits": best["credits"],
                "throttled_all_rounds": sum(r["throttled"] for r in results),
                "failed_all_rounds": sum(r["failed"] for r in results),
                "peak_concurrency": best["peak_concurrency"],
                "summary": best["summary"],
            }
            out.append(row)
    finally:
        emu.close()
    header = f"{'variant':<16} {'best s':>7} {'median s':>9} {'minimum s':>10} {'calls':>6}"
    print(f"start-up of the command (zoho-records --version, best of 3): {startup:.2f} s")
    print(header + f" {'credits':>8} {'429s':>5} {'failed':>7}")
    for r in out:
        print(
            f"{r['variant']:<16} {r['best_s']:>7} {r['median_s']:>9} "
            f"{r['physical_minimum_s']:>10} {r['calls']:>6} {r['credits']!s:>8} "
            f"{r['throttled_all_rounds']:>5} {r['failed_all_rounds']:>7}"
        )
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "group_identical.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
