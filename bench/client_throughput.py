"""Throughput of ``ZohoClient`` against raw httpx and Zoho's own SDK, on the emulator.

    python bench/client_throughput.py [--records 10000] [--concurrency 10] [--rounds 3] [--no-sdk]
        [--variants raw-httpx-threads,zoho_records-sync,...]

The emulator runs in its own process (``zoho-emulator serve`` on 127.0.0.1, a dataset with
``--records`` Deals) so that the clients do not share a GIL with the server. Every round
updates all records (100 per request) through:

- ``raw-httpx-threads``: a pool of ``--concurrency`` threads sharing one ``httpx.Client``,
  sending pre-built, pre-encoded JSON chunks (the baseline; no parsing beyond ``json.loads``);
- ``raw-httpx-async``: ``httpx.AsyncClient`` with the same pre-built chunks, at most
  ``--concurrency`` requests in flight (encode/httpx#3215 reports it degrading under load);
- ``zoho_records-sync``: ``ZohoClient.crm.update_records`` from a list of dicts (chunking,
  JSON encoding, auth, retries, per-record outcomes in input order);
- ``zoho_records-async``: ``AsyncZohoClient``, the same work, with its default transport (sync
  httpx on a thread pool, ``_transports.ThreadedAsyncTransport``);
- ``zoho_records-async-httpx``: ``AsyncZohoClient`` on ``httpx.AsyncHTTPTransport``;
- ``zoho_records-sync-details``: as ``zoho_records-sync``, and every outcome's ``details`` is
  read inside the timing (they are decoded on first read: this is what reading them costs);
- ``zoho_records-sync-stream``: the CLI's path: the same engine, outcomes consumed as chunks
  complete and not kept (no ``BulkResult``);
- ``zoho_records-sync-models``: as ``zoho_records-sync`` with request bodies round-tripped
  through the generated attrs models (``_generated.BODY_MODELS = True``);
- ``zoho-sdk``: Zoho's ``zohocrmsdk8-0`` 7.0.0 (synchronous, one request at a time, as it is
  documented to be used), pointed at the emulator through a custom ``DataCenter.Environment``;
  skipped (with a note) when the package is not installed.

Variants run interleaved, ``--rounds`` times; the best round counts (the least disturbed). A
JSON summary is written to ``bench/results/client_throughput.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
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
for sub in ("src", "generated"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from zoho_records import AsyncZohoClient, ZohoClient  # noqa: E402

TOKEN = "bench-token"
FIRST_ID = 7_100_000_000_000_000_000


def ids(n: int) -> list[str]:
    return [str(FIRST_ID + i) for i in range(n)]


def write_dataset(n: int, path: Path) -> None:
    from zoho_emulator.dataset import default_dataset

    data = default_dataset()
    data["crm"]["records"]["Deals"] = [
        {
            "id": rid,
            "Deal_Name": f"Deal {rid}",
            "Stage": "Qualification",
            "Amount": 1,
            "Created_Time": "2024-01-01T10:00:00+00:00",
            "Modified_Time": "2024-01-01T10:00:00+00:00",
        }
        for rid in ids(n)
    ]
    path.write_text(json.dumps(data))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, n: int) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        data = Path(self.tmp.name) / "deals.json"
        write_dataset(n, data)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zoho_emulator",
                "serve",
                "--port",
                str(self.port),
                "--data",
                str(data),
                "--token",
                TOKEN,
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/_emulator/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(
            "emulator did not start: "
            + (self.proc.stderr.read().decode() if self.proc.stderr else "")
        )

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.tmp.cleanup()


# ------------------------------------------------------------------------------------------------
def records_for(n: int, round_no: int) -> list[dict[str, Any]]:
    return [
        {"id": rid, "Next_Step": f"round {round_no} step {i}", "Amount": 1000 + i + round_no}
        for i, rid in enumerate(ids(n))
    ]


def chunks_for(records: list[dict[str, Any]]) -> list[bytes]:
    return [
        json.dumps({"data": records[i : i + 100]}, separators=(",", ":")).encode()
        for i in range(0, len(records), 100)
    ]


HEADERS = {"Authorization": f"Zoho-oauthtoken {TOKEN}", "Content-Type": "application/json"}


def raw_threads(base: str, records: list[dict[str, Any]], concurrency: int) -> int:
    chunks = chunks_for(records)  # pre-built: not timed
    limits = httpx.Limits(
        max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2
    )
    with httpx.Client(base_url=base, headers=HEADERS, limits=limits) as http:

        def send(body: bytes) -> int:
            r = http.put("/crm/v8/Deals", content=body)
            return sum(1 for item in r.json()["data"] if item["status"] == "success")

        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            ok = sum(pool.map(send, chunks))
        return ok, time.perf_counter() - start  # type: ignore[return-value]


def raw_async(base: str, records: list[dict[str, Any]], concurrency: int) -> tuple[int, float]:
    chunks = chunks_for(records)

    async def main() -> tuple[int, float]:
        limits = httpx.Limits(
            max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2
        )
        async with httpx.AsyncClient(base_url=base, headers=HEADERS, limits=limits) as http:
            sem = asyncio.Semaphore(concurrency)

            async def send(body: bytes) -> int:
                async with sem:
                    r = await http.put("/crm/v8/Deals", content=body)
                return sum(1 for item in r.json()["data"] if item["status"] == "success")

            start = time.perf_counter()
            ok = sum(await asyncio.gather(*(send(c) for c in chunks)))
            return ok, time.perf_counter() - start

    return asyncio.run(main())


def ours_sync(base: str, records: list[dict[str, Any]], concurrency: int) -> tuple[int, float]:
    with ZohoClient(base_url=base, access_token=TOKEN, concurrency=concurrency) as client:
        start = time.perf_counter()
        result = client.crm.update_records("Deals", records)
        ok = sum(1 for o in result if o.ok)  # every outcome object built, inside the timing
        elapsed = time.perf_counter() - start
    assert len(result) == len(records)
    return ok, elapsed


def ours_sync_details(
    base: str, records: list[dict[str, Any]], concurrency: int
) -> tuple[int, float]:
    with ZohoClient(base_url=base, access_token=TOKEN, concurrency=concurrency) as client:
        start = time.perf_counter()
        result = client.crm.update_records("Deals", records)
        ok = sum(1 for o in result if o.ok and o.details["id"] == o.id)
        elapsed = time.perf_counter() - start
    assert len(result) == len(records)
    return ok, elapsed


def ours_sync_stream(
    base: str, records: list[dict[str, Any]], concurrency: int
) -> tuple[int, float]:
    """The public streaming API (``iter_update_records``): outcomes as requests complete."""
    with ZohoClient(base_url=base, access_token=TOKEN, concurrency=concurrency) as client:
        start = time.perf_counter()
        ok = sum(o.ok for o in client.crm.iter_update_records("Deals", records))
        return ok, time.perf_counter() - start


def ours_sync_models(
    base: str, records: list[dict[str, Any]], concurrency: int
) -> tuple[int, float]:
    from zoho_records import _generated

    _generated.BODY_MODELS = True
    try:
        return ours_sync(base, records, concurrency)
    finally:
        _generated.BODY_MODELS = False


def ours_async(
    base: str, records: list[dict[str, Any]], concurrency: int, native: bool = False
) -> tuple[int, float]:
    async def main() -> tuple[int, float]:
        transport = None
        if native:
            limits = httpx.Limits(
                max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2
            )
            transport = httpx.AsyncHTTPTransport(limits=limits)
        async with AsyncZohoClient(
            base_url=base, access_token=TOKEN, concurrency=concurrency, transport=transport
        ) as client:
            start = time.perf_counter()
            result = await client.crm.update_records("Deals", records)
            ok = sum(1 for o in result if o.ok)
            return ok, time.perf_counter() - start

    return asyncio.run(main())


# ------------------------------------------------------------------------------------------------
class ZohoSDK:
    """Zoho's own SDK, initialised once against the emulator."""

    def __init__(self, base: str) -> None:
        from zohocrmsdk.src.com.zoho.api.authenticator import OAuthToken
        from zohocrmsdk.src.com.zoho.api.authenticator.store import FileStore
        from zohocrmsdk.src.com.zoho.crm.api import Initializer, SDKConfig
        from zohocrmsdk.src.com.zoho.crm.api.dc.data_center import DataCenter

        self.tmp = tempfile.TemporaryDirectory()
        # A custom domain: an Environment with our URLs (DataCenter.get() does not know the
        # host, so the SDK keeps this environment). accounts_url is the full token endpoint.
        environment = DataCenter.Environment(base, base + "/oauth/v2/token", base)
        token = OAuthToken(access_token=TOKEN, find_user=False)
        store = FileStore(
            file_path=os.path.join(self.tmp.name, "tokens.txt")
        )  # it insists on a store
        Initializer.initialize(
            environment=environment,
            token=token,
            store=store,
            sdk_config=SDKConfig(auto_refresh_fields=False, pick_list_validation=False),
            resource_path=self.tmp.name,
        )

    def run(self, records: list[dict[str, Any]]) -> tuple[int, float]:
        from zohocrmsdk.src.com.zoho.crm.api.record import (
            BodyWrapper,
            Record,
            RecordOperations,
            SuccessResponse,
        )

        start = time.perf_counter()
        ok = 0
        ops = RecordOperations("Deals")
        for i in range(0, len(records), 100):
            body = BodyWrapper()
            batch = []
            for rec in records[i : i + 100]:
                r = Record()
                r.set_id(int(rec["id"]))
                r.add_key_value("Next_Step", rec["Next_Step"])
                r.add_key_value("Amount", float(rec["Amount"]))
                batch.append(r)
            body.set_data(batch)
            response = ops.update_records(body)
            for item in response.get_object().get_data():
                ok += isinstance(item, SuccessResponse)
        return ok, time.perf_counter() - start


# ------------------------------------------------------------------------------------------------
def _arguments() -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-sdk", action="store_true")
    parser.add_argument(
        "--variants",
        default="",
        help="comma-separated variant names to run (default: all); the raw-httpx-threads "
        "baseline and the two zoho_records-sync variants are always kept for the ratios",
    )
    return parser, parser.parse_args()


Variant = Callable[[list[dict[str, Any]]], tuple[int, float]]


def _variants(
    parser: argparse.ArgumentParser, args: argparse.Namespace, base: str
) -> dict[str, Variant]:
    """The variants to run (``--variants`` keeps the baselines the ratios need)."""
    variants: dict[str, Variant] = {
        "raw-httpx-threads": lambda r: raw_threads(base, r, args.concurrency),
        "raw-httpx-async": lambda r: raw_async(base, r, args.concurrency),
        "zoho_records-sync": lambda r: ours_sync(base, r, args.concurrency),
        "zoho_records-async": lambda r: ours_async(base, r, args.concurrency),
        "zoho_records-async-httpx": lambda r: ours_async(base, r, args.concurrency, native=True),
        "zoho_records-sync-details": lambda r: ours_sync_details(base, r, args.concurrency),
        "zoho_records-sync-stream": lambda r: ours_sync_stream(base, r, args.concurrency),
        "zoho_records-sync-models": lambda r: ours_sync_models(base, r, args.concurrency),
    }
    if args.variants:
        keep = set(args.variants.split(",")) | {
            "raw-httpx-threads",
            "zoho_records-sync",
            "zoho_records-sync-stream",
        }
        unknown = keep - set(variants) - {"zoho-sdk"}
        if unknown:
            parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
        variants = {name: fn for name, fn in variants.items() if name in keep}
        if "zoho-sdk" not in keep:
            args.no_sdk = True
    return variants


def _rounds(args: argparse.Namespace, variants: dict[str, Variant]) -> dict[str, list[float]]:
    """Seconds of each variant in each round (variants interleaved; Zoho's SDK once)."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for rnd in range(args.rounds):
        for name, fn in variants.items():
            if name == "zoho-sdk" and rnd > 0:
                continue  # one round is plenty for a sequential client
            records = records_for(args.records, rnd)
            ok, elapsed = fn(records)
            if ok != args.records:
                raise SystemExit(f"{name}: only {ok}/{args.records} records succeeded")
            times[name].append(elapsed)
            print(
                f"round {rnd + 1} {name:26s} {args.records / elapsed:9,.0f} records/s",
                file=sys.stderr,
            )
    return times


def _summary(
    args: argparse.Namespace, times: dict[str, list[float]], notes: list[str]
) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "records": args.records,
        "concurrency": args.concurrency,
        "rounds": args.rounds,
        "python": sys.version.split()[0],
        "httpx": httpx.__version__,
        "variants": {},
        "notes": notes,
    }
    for name, ts in times.items():
        summary["variants"][name] = {
            "best_records_per_s": round(args.records / min(ts)),
            "median_records_per_s": round(args.records / statistics.median(ts)),
            "seconds": [round(t, 3) for t in ts],
        }
    best = {name: v["best_records_per_s"] for name, v in summary["variants"].items()}
    raw = max(best["raw-httpx-threads"], best.get("raw-httpx-async", 0))
    summary["ratio_ours_vs_raw"] = round(best["zoho_records-sync"] / raw, 3)
    summary["ratio_ours_stream_vs_raw"] = round(best["zoho_records-sync-stream"] / raw, 3)
    medians = {name: v["median_records_per_s"] for name, v in summary["variants"].items()}
    summary["median_ratio_ours_vs_raw"] = round(
        medians["zoho_records-sync"] / medians["raw-httpx-threads"], 3
    )
    summary["median_ratio_ours_stream_vs_raw"] = round(
        medians["zoho_records-sync-stream"] / medians["raw-httpx-threads"], 3
    )
    if "zoho-sdk" in best:
        summary["ratio_ours_vs_zoho_sdk"] = round(best["zoho_records-sync"] / best["zoho-sdk"], 1)
    return summary


def main() -> int:
    parser, args = _arguments()
    emulator = Emulator(args.records)
    try:
        base = emulator.base_url
        variants = _variants(parser, args, base)
        notes = []
        if not args.no_sdk:
            try:
                variants["zoho-sdk"] = ZohoSDK(base).run
            except ImportError:
                notes.append("zoho-sdk skipped: pip install zohocrmsdk8-0==7.0.0 to include it")
        # warm-up: connections, imports, the emulator's first requests
        ours_sync(base, records_for(min(args.records, 500), -1), args.concurrency)
        raw_threads(base, records_for(min(args.records, 500), -1), args.concurrency)
        summary = _summary(args, _rounds(args, variants), notes)
        print(json.dumps(summary, indent=2))
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "client_throughput.json").write_text(json.dumps(summary, indent=2))
        print(
            "targets (best of rounds; medians in the JSON): "
            f"ours/raw = {summary['ratio_ours_vs_raw']} (list-returning), "
            f"{summary['ratio_ours_stream_vs_raw']} (streaming) (>= 0.9); "
            f"ours/zoho-sdk = {summary.get('ratio_ours_vs_zoho_sdk', 'n/a')} (>= 10)",
            file=sys.stderr,
        )
        return 0
    finally:
        emulator.close()


if __name__ == "__main__":
    sys.exit(main())
