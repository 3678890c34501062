"""Throughput of the Zoho emulator on 127.0.0.1 (and of Prism's static mock, for comparison).

    python bench/emulator_throughput.py [--seconds 5] [--concurrency 16] [--no-prism]

Starts ``python -m zoho_emulator serve`` as a subprocess, then drives it from a separate
load-generator process (raw asyncio HTTP/1.1 keep-alive connections, so the client costs as
little as possible) with:

- single-record updates: ``PUT /crm/v8/Deals/{id}`` with one record (requests/s);
- 100-record updates: ``PUT /crm/v8/Deals`` with 100 records (records/s);

and the same single-record load against Prism's static mock of ``openapi/dist/crm.openapi.yaml``
(``@stoplight/prism-cli@5.16.0``, installed with npm into ``bench/node_modules``) when that
spec exists and npm is available. Prints a small table. Never sends traffic beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PRISM_VERSION = "5.16.0"
TOKEN = "zoho-emulator-token"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {HOST}:{port} after {timeout}s")


# ---------------------------------------------------------------------------------------------
# load generator (runs in its own process)


def build_request(
    method: str, path: str, body: bytes, port: int, authorization: str | None
) -> bytes:
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if authorization:
        head.append(f"Authorization: {authorization}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _worker(
    port: int, requests: list[bytes], stop_at: float, counts: list[int], statuses: dict
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = 0
    try:
        while time.perf_counter() < stop_at:
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            statuses[status] = statuses.get(status, 0) + 1
            counts[0] += 1
    finally:
        writer.close()


async def _drive(port: int, requests: list[list[bytes]], seconds: float, warmup: float) -> dict:
    counts = [0]
    statuses: dict[int, int] = {}
    # warm-up
    end = time.perf_counter() + warmup
    await asyncio.gather(*(_worker(port, r, end, [0], {}) for r in requests))
    start = time.perf_counter()
    end = start + seconds
    await asyncio.gather(*(_worker(port, r, end, counts, statuses) for r in requests))
    elapsed = time.perf_counter() - start
    return {"requests": counts[0], "elapsed": elapsed, "statuses": statuses}


def _load_process(
    port: int, requests: list[list[bytes]], seconds: float, warmup: float, q: mp.Queue
) -> None:
    try:
        import uvloop  # type: ignore[import-not-found]

        uvloop.install()
    except ImportError:
        pass
    q.put(asyncio.run(_drive(port, requests, seconds, warmup)))


def run_load(port: int, requests: list[list[bytes]], seconds: float, warmup: float = 1.0) -> dict:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=_load_process, args=(port, requests, seconds, warmup, q))
    p.start()
    result = q.get(timeout=seconds + warmup + 120)
    p.join()
    return result


# ---------------------------------------------------------------------------------------------
# scenarios


def deal_ids(port: int, n: int) -> list[str]:
    """Load a dataset with n Deals (plus the default others) into the emulator; their ids."""
    import urllib.request

    base = 7000000000000000000
    ids = [str(base + i) for i in range(n)]
    dataset = {"crm": None}
    # reuse the packaged default dataset, adding Deals
    sys.path.insert(0, str(ROOT / "src"))
    from zoho_emulator.dataset import default_dataset

    dataset = default_dataset()
    dataset["crm"]["records"]["Deals"] += [
        {"id": rid, "Deal_Name": f"Bench deal {i}", "Stage": "Qualification", "Amount": 1000 + i}
        for i, rid in enumerate(ids)
    ]
    req = urllib.request.Request(
        f"http://{HOST}:{port}/_emulator/load",
        data=json.dumps(dataset).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 (loopback only)
        assert r.status == 200, r.status
    return ids


def single_requests(
    port: int, ids: list[str], conc: int, authorization: str, path_prefix: str
) -> list[list[bytes]]:
    per = []
    for c in range(conc):
        reqs = []
        for k in range(50):
            rid = ids[(c * 50 + k) % len(ids)]
            body = json.dumps(
                {"data": [{"Amount": 1000 + k, "Stage": "Negotiation/Review"}]}
            ).encode()
            reqs.append(build_request("PUT", f"{path_prefix}/{rid}", body, port, authorization))
        per.append(reqs)
    return per


def batch_requests(port: int, ids: list[str], conc: int, token: str) -> list[list[bytes]]:
    per = []
    for c in range(conc):
        reqs = []
        for k in range(5):
            start = ((c * 5 + k) * 100) % len(ids)
            chunk = [ids[(start + j) % len(ids)] for j in range(100)]
            body = json.dumps(
                {
                    "data": [
                        {"id": rid, "Amount": 2000 + j, "Stage": "Negotiation/Review"}
                        for j, rid in enumerate(chunk)
                    ]
                }
            ).encode()
            reqs.append(
                build_request("PUT", "/crm/v8/Deals", body, port, f"Zoho-oauthtoken {token}")
            )
        per.append(reqs)
    return per


def start_emulator(port: int, db: str | None) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "zoho_emulator", "serve", "--host", HOST, "--port", str(port)]
    if db:
        cmd += ["--db", db]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_port(port, proc=proc)
    return proc


def start_prism(port: int) -> subprocess.Popen | None:
    spec = ROOT / "openapi" / "dist" / "crm.openapi.yaml"
    if not spec.exists():
        spec = ROOT / "openapi" / "crm.yaml"  # the unbundled source (Prism resolves its $refs)
    if not spec.exists():
        print("prism: skipped (no CRM spec found)", file=sys.stderr)
        return None
    print(f"prism: mocking {spec.relative_to(ROOT)}", file=sys.stderr)
    npm = shutil.which("npm")
    if npm is None:
        print("prism: skipped (npm not found)", file=sys.stderr)
        return None
    prism = BENCH / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(BENCH),
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    proc = subprocess.Popen(
        [
            str(prism),
            "mock",
            str(spec),
            "-h",
            HOST,
            "-p",
            str(port),
            "--errors",
            "false",
            "--verboseLevel",
            "silent",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, timeout=90, proc=proc)
    except RuntimeError as e:
        print(f"prism: skipped ({e})", file=sys.stderr)
        proc.kill()
        return None
    return proc


def stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--deals", type=int, default=2000)
    ap.add_argument("--db", default=None, help="run the emulator with --db FILE (SQLite)")
    ap.add_argument("--no-prism", action="store_true")
    args = ap.parse_args(argv)

    rows = []
    port = free_port()
    emu = start_emulator(port, args.db)
    try:
        ids = deal_ids(port, args.deals)
        r = run_load(
            port,
            single_requests(
                port, ids, args.concurrency, f"Zoho-oauthtoken {TOKEN}", "/crm/v8/Deals"
            ),
            args.seconds,
        )
        single_rps = r["requests"] / r["elapsed"]
        rows.append(("emulator", "single-record update", f"{single_rps:,.0f} req/s", r["statuses"]))
        r = run_load(port, batch_requests(port, ids, args.concurrency, TOKEN), args.seconds)
        rps = r["requests"] / r["elapsed"]
        rows.append(
            (
                "emulator",
                "100-record update",
                f"{rps * 100:,.0f} records/s ({rps:,.0f} req/s)",
                r["statuses"],
            )
        )
    finally:
        stop(emu)
    if not args.no_prism:
        pport = free_port()
        prism = start_prism(pport)
        if prism is not None:
            try:
                # Prism's security check accepts a Bearer header where the spec's apiKey scheme
                # would need the Zoho-oauthtoken prefix, so it is sent what makes it answer 200
                r = run_load(
                    pport,
                    single_requests(pport, ids, args.concurrency, "Bearer bench", "/crm/v8/Deals"),
                    args.seconds,
                )
                prism_rps = r["requests"] / r["elapsed"]
                rows.append(
                    ("prism", "single-record update", f"{prism_rps:,.0f} req/s", r["statuses"])
                )
                rows.append(("", "emulator / prism", f"{single_rps / prism_rps:.1f}x", ""))
            finally:
                stop(prism)
    width = max(len(r[2]) for r in rows)
    print(
        f"{'server':<10} {'load (' + str(args.concurrency) + ' clients)':<24} {'throughput':<{width}}  statuses"
    )
    for server, what, value, statuses in rows:
        print(f"{server:<10} {what:<24} {value:<{width}}  {statuses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
