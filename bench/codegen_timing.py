"""Time ``python -m codegen`` (full regeneration) and ``--check`` on both specs.

    python bench/codegen_timing.py [--runs N]

Works on a copy of ``openapi/`` in a temp dir (``--root``), so the tree is never written.
Prints the median, min and max wall time of each command over N runs (default 5) and the
machine's core count; the target is < 10 s for a full regeneration on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="codegen-bench-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "openapi", root / "openapi")
        base = [sys.executable, "-m", "codegen", "--root", str(root)]
        cases = {
            "bundle only (python -m codegen bundle)": [*base[:3], "bundle", *base[3:]],
            "full regeneration, from scratch": base,
            "full regeneration, up to date": base,
            "--check": [*base, "--check"],
        }
        rows = []
        for label, argv in cases.items():
            samples = []
            for _ in range(args.runs):
                if label.endswith("from scratch"):
                    shutil.rmtree(root / "generated", ignore_errors=True)
                samples.append(_time(argv))
            rows.append((label, statistics.median(samples), min(samples), max(samples)))
    print(
        f"codegen timing: {args.runs} runs each, {os.cpu_count()} cores, {sys.version.split()[0]}"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'command'.ljust(width)}  median s  min s  max s")
    for label, med, lo, hi in rows:
        print(f"{label.ljust(width)}  {med:8.2f}  {lo:5.2f}  {hi:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
