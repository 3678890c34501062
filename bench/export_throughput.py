"""Throughput and peak memory of ``zoho-records export`` against the emulator.

    python bench/export_throughput.py [--records 100000] [--small 10000] [--rounds 3]

Starts an emulator on 127.0.0.1 (in this process, on a thread) holding ``--records`` Deals
(plus the demo data), then runs the CLI as a subprocess, ``zoho-records export --module Deals
--out …`` (CSV and JSONL; every writable field; 200 records a page, page tokens past 2,000),
and reports records/s (wall time of the whole command, start-up included) and the command's
peak resident memory (its ``VmHWM``, read by the command itself as it ends). The same export
of a module of ``--small`` records shows whether memory stays flat as the module grows (the
records are streamed to the file page by page). Prints a table and writes ``bench/results/export_throughput.json``.
Never sends traffic beyond 127.0.0.1.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIRST_ID = 7_000_000_000_000_000_000


def dataset(n: int) -> dict[str, Any]:
    from zoho_emulator.dataset import default_dataset

    data = default_dataset()
    deals = data["crm"]["records"]["Deals"]
    # n in all (demo deals included): Zoho's page tokens reach 100,000 records, no further
    for i in range(n - len(deals)):
        rid = str(FIRST_ID + i)
        deals.append(
            {
                "id": rid,
                "Deal_Name": f"Deal {rid}",
                "Stage": "Qualification",
                "Amount": 100 + i % 1000,
                "Next_Step": f"call {i}",
                "Created_Time": "2024-01-01T10:00:00+00:00",
                "Modified_Time": "2024-01-01T10:00:00+00:00",
            }
        )
    return data


# The CLI, then its own peak resident memory (VmHWM, in KiB) on stderr. Not the child's
# ru_maxrss: a child started with vfork (as subprocess does) inherits the parent's high-water
# mark, here the bench process holding the emulator and its 100,000 records.
PEAK_WRAPPER = (
    "import sys\n"
    "from zoho_records.cli import main\n"
    "sys.argv[0] = 'zoho-records'\n"
    "rc = main(sys.argv[1:])\n"
    "with open('/proc/self/status') as fh:\n"
    "    print(*[l for l in fh if l.startswith('VmHWM:')], sep='', end='', file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def run_export(base_url: str, token: str, out: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, lines written) of one CLI export."""
    env = {**os.environ, "ZOHO_ACCESS_TOKEN": token}
    cmd = [
        sys.executable,
        "-c",
        PEAK_WRAPPER,
        "export",
        "--module",
        "Deals",
        "--out",
        str(out),
        "--base-url",
        base_url,
        "--no-progress",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode()
    if proc.returncode != 0:
        raise RuntimeError(f"export failed ({proc.returncode}): {err}")
    peak = [line for line in err.splitlines() if line.startswith("VmHWM:")]
    if not peak:
        raise RuntimeError(f"the export printed no peak memory: {err}")
    with out.open("rb") as fh:
        lines = sum(1 for _ in fh)
    return seconds, int(peak[-1].split()[1]), lines


def measure(n: int, rounds: int, fmt: str, tmp: Path) -> dict[str, Any]:
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer(data=dataset(n)) as server:
        total = None
        times, peaks = [], []
        for r in range(rounds):
            out = tmp / f"deals-{n}-{r}.{fmt}"
            seconds, peak, lines = run_export(server.base_url, server.token, out)
            total = lines - (1 if fmt == "csv" else 0)
            times.append(seconds)
            peaks.append(peak)
            out.unlink()
    assert total is not None and total >= n, f"exported {total} of {n}"
    best = min(times)
    return {
        "records": total,
        "format": fmt,
        "rounds": rounds,
        "best_s": round(best, 3),
        "median_s": round(statistics.median(times), 3),
        "records_per_s_best": round(total / best),
        "records_per_s_median": round(total / statistics.median(times)),
        "peak_rss_mib": round(max(peaks) / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, fmt in ((args.small, "csv"), (args.records, "csv"), (args.records, "jsonl")):
            results.append(measure(n, args.rounds, fmt, Path(tmp)))
    print(
        f"{'records':>9} {'format':>6} {'best s':>7} {'rec/s best':>11} {'rec/s med':>10} {'peak MiB':>9}"
    )
    for r in results:
        print(
            f"{r['records']:>9,} {r['format']:>6} {r['best_s']:>7} {r['records_per_s_best']:>11,} "
            f"{r['records_per_s_median']:>10,} {r['peak_rss_mib']:>9}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "export_throughput.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
