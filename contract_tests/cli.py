"""``zoho-contract``: run the server contract against a target and report.

    zoho-contract                                   # starts the emulator on 127.0.0.1 itself
    zoho-contract --base-url http://127.0.0.1:8000  # any local server
    zoho-contract --base-url https://www.zohoapis.com --token "$TOKEN" --allow-writes

Writes a JUnit XML report (``--junit-xml``) and prints a short summary: operations, cases, and
failures by check. Exit status: 0 contract met, 1 contract broken, 2 refused or unusable.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from contract_tests.server.bundle import PRODUCTS, BundleMissing
from contract_tests.server.target import TargetRefused, target_from_options
from contract_tests.settings import PROFILES, resolve_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoho-contract",
        description=__doc__.replace("``", ""),  # plain text: no reStructuredText markup
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--base-url", help="server to test (scheme://host[:port]); env ZOHO_BASE_URL"
    )
    parser.add_argument("--token", help="access token; env ZOHO_ACCESS_TOKEN")
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="required for a server that is not local: the run then writes only records it creates",
    )
    parser.add_argument(
        "--junit-xml", type=Path, metavar="PATH", help="write a JUnit XML report here"
    )
    parser.add_argument(
        "--max-examples", type=int, metavar="N", help="examples per operation and phase"
    )
    parser.add_argument(
        "--seed", type=int, metavar="N", help="seed (a fixed seed makes the run repeatable)"
    )
    parser.add_argument(
        "--product", choices=(*PRODUCTS, "all"), default="all", help="specs to test (default all)"
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="sizes preset (default: ci under CI=true, else local)",
    )
    parser.add_argument(
        "--details", type=int, default=3, metavar="N", help="failures shown per check (default 3)"
    )
    parser.add_argument(
        "--allow-no-writes",
        action="store_true",
        help="pass even if the target wrote no record (success rules then go unchecked)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = resolve_settings(
        profile=args.profile, max_examples=args.max_examples, seed=args.seed
    )
    products = PRODUCTS if args.product == "all" else (args.product,)
    target = target_from_options(args.base_url, args.token, args.allow_writes)
    with ExitStack() as stack:
        if target is None:
            target = _start_emulator(stack)
        try:
            target.ensure_allowed()
        except TargetRefused as refusal:
            print(f"zoho-contract: refused: {refusal}", file=sys.stderr)
            return 2
        from contract_tests.server.runner import JunitReport, run_contract

        junit = JunitReport(args.junit_xml) if args.junit_xml else None
        started = time.monotonic()
        reports = []
        try:
            for product in products:
                reports.append(run_contract(product, target, settings, junit=junit))
        except BundleMissing as missing:
            print(f"zoho-contract: {missing}", file=sys.stderr)
            return 2
        finally:
            if junit is not None:
                junit.close()
    elapsed = time.monotonic() - started
    for report in reports:
        if not report.ok and args.details:
            print(report.details(limit=args.details))
            print()
    print(
        f"zoho-contract: {target.name} ({target.base_url or 'in-process'}), profile {settings.profile}, seed {settings.seed}"
    )
    for report in reports:
        print(report.summary())
    total_cases = sum(report.cases for report in reports)
    total_failures = sum(len(report.failures) + len(report.errors) for report in reports)
    print(f"total: {total_cases} cases, {total_failures} failures, {elapsed:.1f}s")
    if junit is not None:
        print(f"JUnit report: {junit.path}")
    unwritten = [report.product for report in reports if not report.record_writes]
    if unwritten and not args.allow_no_writes:
        print(
            f"zoho-contract: {', '.join(unwritten)}: no record was written, so the rules of "
            "successful writes (string ids in details, 207 for mixed results, one result per "
            "record among successes) went unchecked. The suite's examples update the records of "
            "Zoho's documentation samples (the emulator's default dataset holds them): give the "
            "target those records, or pass --allow-no-writes to accept a run without them",
            file=sys.stderr,
        )
        return 1
    return 0 if all(report.ok for report in reports) else 1


def _start_emulator(stack: ExitStack):  # type: ignore[no-untyped-def]
    from contract_tests.server.target import Target

    if importlib.util.find_spec("zoho_emulator") is None:  # running from a checkout
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from zoho_emulator.testing import EmulatorServer

    # "error": the fuzzer sends malformed HTTP on purpose; uvicorn's per-request warnings
    # about it would bury the summary.
    server = stack.enter_context(EmulatorServer(log_level="error"))
    return Target(name="emulator", token=server.token, base_url=server.base_url)


if __name__ == "__main__":
    sys.exit(main())
