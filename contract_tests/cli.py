"""``zoho-contract``: run the server contract against a target and report.

    zoho-contract                                   # starts the emulator on 127.0.0.1 itself
    zoho-contract --base-url http://127.0.0.1:8000  # any local server
    zoho-contract --base-url https://www.zohoapis.com --token "$TOKEN" --allow-writes

Every run has a seed (a fixed default, printed in the summary); ``--seed N`` replays a run.
The products a target serves are found first, one harmless read each (``--product`` forces one).
A target that stops answering ends the run at once. Writes a JUnit XML report (``--junit-xml``)
and prints a short summary: identical failures once, with a count (``--details N`` shows the
first N of each product in full). Exit status: 0 the contract holds, 1 the target breaks it,
2 the gate could not run (bad arguments, target unreachable or gone, missing extra).
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from contract_tests.server.bundle import PRODUCTS, BundleMissing, Product
from contract_tests.server.target import DEFAULT_TOKEN, TargetRefused, target_from_options
from contract_tests.settings import PROFILES, resolve_settings

PROG = "zoho-contract"
# One harmless read per product: a getFields of a module both products have.
PROBES: dict[Product, str] = {
    "crm": "/crm/v8/settings/fields?module=Contacts",
    "bigin": "/bigin/v2/settings/fields?module=Contacts",
}
PROBE_TIMEOUT = 10.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
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
        "--seed", type=int, metavar="N", help="seed of the run (default: a fixed one, printed)"
    )
    parser.add_argument(
        "--product",
        choices=(*PRODUCTS, "all"),
        default="all",
        help="run this product even if the target does not seem to serve it (default: every "
        "product the target serves)",
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="sizes preset (default: ci under CI=true, else local)",
    )
    parser.add_argument(
        "--details",
        type=int,
        default=0,
        metavar="N",
        help="show the first N distinct failures of each product in full (message and curl)",
    )
    parser.add_argument(
        "--allow-no-writes",
        action="store_true",
        help="pass even if the target wrote no record (success rules then go unchecked)",
    )
    return parser


def missing_extra(need_emulator: bool) -> str | None:
    """The one line to print when the installed extras cannot run the gate, else ``None``."""
    modules = ["schemathesis", "hypothesis"] + (["starlette", "uvicorn"] if need_emulator else [])
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    return (
        f"{PROG}: the contract gate needs the 'contract' extra ({', '.join(missing)} not "
        "installed): pip install 'zoho-records[contract]'"
    )


def replay_command(args: argparse.Namespace, product: str, seed: int | None) -> str:
    """The command that replays one product's run (the token is never printed)."""
    parts = [PROG]
    if args.base_url:
        parts += ["--base-url", args.base_url]
    if args.token:
        parts += ["--token", "$ZOHO_ACCESS_TOKEN"]
    if args.allow_writes:
        parts.append("--allow-writes")
    if args.profile:
        parts += ["--profile", args.profile]
    if args.max_examples is not None:
        parts += ["--max-examples", str(args.max_examples)]
    parts += ["--product", product, "--seed", str(seed)]
    return " ".join(part if part.startswith("$") else shlex.quote(part) for part in parts)


def probe(base_url: str, token: str, product: Product) -> tuple[bool | None, str]:
    """Whether the target serves ``product``: ``None`` when it could not be reached at all."""
    import httpx

    url = base_url + PROBES[product]
    try:
        response = httpx.get(
            url, headers={"Authorization": f"Zoho-oauthtoken {token}"}, timeout=PROBE_TIMEOUT
        )
    except httpx.HTTPError as error:
        return None, f"GET {url}: {type(error).__name__}: {error}"
    served = response.status_code not in (404, 405, 501)
    return served, f"GET {PROBES[product]} answered {response.status_code}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    target = target_from_options(args.base_url, args.token, args.allow_writes)
    problem = missing_extra(need_emulator=target is None)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    try:
        settings = resolve_settings(
            profile=args.profile, max_examples=args.max_examples, seed=args.seed
        )
    except ValueError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        if target is None:
            target = _start_emulator(stack)
        try:
            target.ensure_allowed()
        except TargetRefused as refusal:
            print(f"{PROG}: refused: {refusal}", file=sys.stderr)
            return 2
        assert target.base_url is not None
        products: list[Product] = []
        skipped: list[str] = []
        for product in PRODUCTS if args.product == "all" else (args.product,):
            served, what = probe(target.base_url, target.token, product)
            if served is None:
                print(
                    f"{PROG}: cannot reach {target.base_url} ({what}); start the server, or "
                    "check --base-url",
                    file=sys.stderr,
                )
                return 2
            if served and what.endswith(" 401"):
                print(
                    f"{PROG}: {target.base_url} refused the access token ({what}), so every "
                    "request would be answered 401: pass its token with --token (sent as "
                    "`Authorization: Zoho-oauthtoken TOKEN`)",
                    file=sys.stderr,
                )
                return 2
            if served or args.product != "all":
                products.append(product)
            else:
                skipped.append(f"{product}: skipped, the target does not serve it ({what})")
        from contract_tests.server.runner import JunitReport, run_contract

        junit = JunitReport(args.junit_xml) if args.junit_xml else None
        started = time.monotonic()
        reports = []
        try:
            for product in products:
                report = run_contract(product, target, settings, junit=junit)
                reports.append(report)
                if report.stopped is not None:
                    break
        except BundleMissing as missing:
            print(f"{PROG}: {missing}", file=sys.stderr)
            return 2
        finally:
            if junit is not None:
                junit.close()
    elapsed = time.monotonic() - started
    return _verdict(args, target, settings, reports, skipped, elapsed, junit)


def _verdict(
    args: argparse.Namespace,
    target: Any,
    settings: Any,
    reports: list[Any],
    skipped: list[str],
    elapsed: float,
    junit: Any,
) -> int:
    for report in reports:
        if report.failures and args.details:
            print(report.details(limit=args.details))
            print(f"replay: {replay_command(args, report.product, report.seed)}")
            print()
    print(
        f"{PROG}: {target.name} ({target.base_url}), profile {settings.profile}, "
        f"seed {settings.seed}"
    )
    for report in reports:
        print(report.summary())
        if not report.ok:
            print(f"  replay: {replay_command(args, report.product, report.seed)}")
    for line in skipped:
        print(line)
    total_cases = sum(report.cases for report in reports)
    total_failures = sum(len(report.failures) + len(report.errors) for report in reports)
    print(f"total: {total_cases} cases, {total_failures} failures, {elapsed:.1f}s")
    if junit is not None:
        print(f"JUnit report: {junit.path}")
    stopped = next((report for report in reports if report.stopped is not None), None)
    if stopped is not None:
        print(
            f"{PROG}: the target stopped answering {stopped.stopped_after:.1f}s into the "
            f"{stopped.product} run, so the run ended there (this is not a contract verdict):\n"
            f"{stopped.stopped}",
            file=sys.stderr,
        )
        return 2
    if not reports:
        print(
            f"{PROG}: the target serves none of {', '.join(PRODUCTS)}; name one with --product "
            "to run it anyway",
            file=sys.stderr,
        )
        return 2
    unwritten = [report.product for report in reports if not report.record_writes]
    if unwritten and not args.allow_no_writes:
        print(
            f"{PROG}: {', '.join(unwritten)}: no record was written, so the rules of "
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
    return Target(name="emulator", token=server.token or DEFAULT_TOKEN, base_url=server.base_url)


if __name__ == "__main__":
    sys.exit(main())
