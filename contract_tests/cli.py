"""``zoho-contract``: run the server contract against a target and report.

    zoho-contract                                   # starts the emulator on 127.0.0.1 itself
    zoho-contract --base-url http://127.0.0.1:8000  # any local server
    zoho-contract --base-url https://www.zohoapis.com --token "$TOKEN" --allow-writes

Every run has a seed (a fixed default, printed); ``--seed N`` replays a run. The products a
target serves are found first, one harmless read each (``--product`` forces one). What will run
is printed first, then a note per phase (stderr). A target that stops answering ends the run at
once. Writes a JUnit XML report (``--junit-xml``) and prints a short summary: identical failures
once, with a count (``--details N`` shows the first N of each product in full). Exit status:
0 the contract holds, 1 the target breaks it, 2 the gate could not run (bad arguments or report
path, target unreachable or gone, missing extra, an error of the gate itself).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from contract_tests.server.bundle import PRODUCTS, BundleMissing, Product
from contract_tests.server.target import (
    DEFAULT_TOKEN,
    ENV_TOKEN,
    Target,
    TargetRefused,
    target_from_options,
)
from contract_tests.settings import (
    ENV_MAX_EXAMPLES,
    ENV_PROFILE,
    PHASES,
    PROFILES,
    RunSettings,
    resolve_settings,
)

PROG = "zoho-contract"
# One harmless read per product: a getFields of a module both products have.
PROBES: dict[Product, str] = {
    "crm": "/crm/v8/settings/fields?module=Contacts",
    "bigin": "/bigin/v2/settings/fields?module=Contacts",
}
PROBE_TIMEOUT = 10.0
EMULATOR = "emulator"  # the name of the target the command starts itself
# What a replay command line says in place of a token given with --token (never printed).
TOKEN_PLACEHOLDER = "YOUR_TOKEN"
# Where hypothesis keeps its files unless the user says otherwise: not the working directory.
ENV_HYPOTHESIS_HOME = "HYPOTHESIS_STORAGE_DIRECTORY"


def _count(minimum: int, what: str) -> Any:
    """An argparse ``type``: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value}: {what} must be {minimum} or more")
        return value

    return parse


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
        "--max-examples",
        type=_count(1, "examples per operation and phase"),
        metavar="N",
        help="examples per operation and phase (1 or more); env ZOHO_CONTRACT_MAX_EXAMPLES",
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
        type=_count(0, "the number of failures shown in full"),
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


def replay_command(
    args: argparse.Namespace,
    product: str,
    seed: int | None,
    target: Target | None = None,
    settings: RunSettings | None = None,
) -> str:
    """The command that replays one product's run, with the target, token and sizes as the user
    gave them, whether by option or environment. The token itself is never printed: from
    ``--token`` it is ``TOKEN_PLACEHOLDER``; from ``ZOHO_ACCESS_TOKEN``, that variable."""
    explicit = target is not None and target.name != EMULATOR
    parts = [PROG]
    base_url = target.base_url if explicit and target is not None else args.base_url
    if base_url:
        parts += ["--base-url", base_url]
        if args.token:
            parts += ["--token", TOKEN_PLACEHOLDER]
        elif os.environ.get(ENV_TOKEN):
            parts += ["--token", "$" + ENV_TOKEN]
    if args.allow_writes or (explicit and target is not None and target.allow_writes):
        parts.append("--allow-writes")
    # sizes the user chose (option or environment), as options: the command stands alone
    profile = args.profile
    if profile is None and settings is not None and os.environ.get(ENV_PROFILE):
        profile = settings.profile
    if profile:
        parts += ["--profile", profile]
    max_examples = args.max_examples
    if max_examples is None and settings is not None and os.environ.get(ENV_MAX_EXAMPLES):
        max_examples = settings.max_examples
    if max_examples is not None:
        parts += ["--max-examples", str(max_examples)]
    if args.allow_no_writes:
        parts.append("--allow-no-writes")
    parts += ["--product", product, "--seed", str(seed)]
    return " ".join(f'"{part}"' if part.startswith("$") else shlex.quote(part) for part in parts)


def token_note(args: argparse.Namespace, target: Target | None) -> str | None:
    """The line that goes with a replay command holding ``TOKEN_PLACEHOLDER``."""
    if args.token and target is not None and target.name != EMULATOR:
        return f"(put the token you gave with --token in place of {TOKEN_PLACEHOLDER})"
    return None


def check_report_path(path: Path) -> str | None:
    """Why a JUnit report cannot be written at ``path`` (one line: what and what to do), else
    ``None``. Missing parent directories are created; a file the check creates is removed."""
    shown = str(path)
    if path.is_dir():
        return (
            f"--junit-xml {shown} is a directory; give a file path, such as {path / 'contract.xml'}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return (
            f"--junit-xml {shown}: cannot create its directory {path.parent} "
            f"({error.strerror or error}); give a path in a directory you can write"
        )
    existed = path.exists()
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        return (
            f"--junit-xml {shown}: cannot write there ({error.strerror or error}); give a path "
            "in a directory you can write"
        )
    if not existed:
        path.unlink(missing_ok=True)
    return None


@contextmanager
def hypothesis_home() -> Iterator[None]:
    """Hypothesis' files (its constants cache) in a temporary directory, removed at the end,
    not in ``.hypothesis/`` of the working directory; ``HYPOTHESIS_STORAGE_DIRECTORY`` set by
    the user is kept. (Its example database is off: ``database: none`` in settings.py.)

    Hypothesis reads the variable once per process, when it first stores something: this is for
    the command's own process (a process that already ran hypothesis keeps its directory)."""
    if os.environ.get(ENV_HYPOTHESIS_HOME):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="zoho-contract-hypothesis-") as home:
        os.environ[ENV_HYPOTHESIS_HOME] = home
        try:
            yield
        finally:
            os.environ.pop(ENV_HYPOTHESIS_HOME, None)


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
    if args.junit_xml is not None:
        unwritable = check_report_path(args.junit_xml)
        if unwritable is not None:
            print(f"{PROG}: error: {unwritable}", file=sys.stderr)
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
        _note(header(args, target, settings))
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
        if products:
            _note(f"{PROG}: running {', '.join(products)}" + "".join(f"; {s}" for s in skipped))
        from contract_tests.server.runner import JunitReport, run_contract

        junit = JunitReport(args.junit_xml) if args.junit_xml else None
        started = time.monotonic()
        reports = []
        try:
            stack.enter_context(hypothesis_home())
            for product in products:
                report = run_contract(product, target, settings, junit=junit, progress=_progress)
                reports.append(report)
                if report.stopped is not None:
                    break
        except BundleMissing as missing:
            print(f"{PROG}: {missing}", file=sys.stderr)
            return 2
        finally:
            if junit is not None:
                try:
                    junit.close()
                except OSError as error:  # checked before the run: only if it changed since
                    print(f"{PROG}: error: --junit-xml {args.junit_xml}: {error}", file=sys.stderr)
                    return 2
    elapsed = time.monotonic() - started
    return _verdict(args, target, settings, reports, skipped, elapsed, junit)


def _note(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _progress(line: str) -> None:
    _note(f"  {line}")


def header(args: argparse.Namespace, target: Target, settings: RunSettings) -> str:
    """The first line of a run: the target and where it came from, then what will run."""
    if target.name == EMULATOR:
        where = f"the emulator, started on {target.base_url} (no --base-url given"
        where += ", so --token is not used)" if args.token else ")"
    elif args.base_url:
        where = f"{target.base_url} (given by --base-url)"
    else:
        where = f"{target.base_url} (from ZOHO_BASE_URL)"
    products = (
        args.product
        if args.product != "all"
        else "each product it serves (" + ", ".join(PRODUCTS) + ")"
    )
    phases = ", ".join(phase for phase in PHASES if phase in settings.phases)
    return (
        f"{PROG}: target {where}; {products}: phases {phases} with {settings.max_examples} "
        f"examples per operation and phase, then the record lifecycle; profile {settings.profile}, "
        f"seed {settings.seed}"
    )


def _print_replay(
    args: argparse.Namespace, report: Any, target: Target, settings: RunSettings, indent: str
) -> None:
    print(f"{indent}replay: {replay_command(args, report.product, report.seed, target, settings)}")
    note = token_note(args, target)
    if note is not None:
        print(f"{indent}{note}")


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
        if (report.failures or report.gate_errors) and args.details:
            print(report.details(limit=args.details))
            _print_replay(args, report, target, settings, indent="")
            print()
    for report in reports:
        print(report.summary())
        if not report.ok:
            _print_replay(args, report, target, settings, indent="  ")
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
    broken = any(report.failures or report.errors for report in reports)
    gate_errors = [error for report in reports for error in report.gate_errors]
    if gate_errors:
        first = gate_errors[0].splitlines()[0]
        verdict = (
            "the failures above stand, but the run is incomplete"
            if broken
            else "this is not a verdict on the target"
        )
        print(
            f"{PROG}: the gate itself failed {len(gate_errors)} time(s), first: {first}. "
            f"An error of the gate's own machinery (hypothesis, schemathesis, the checks), not "
            f"of the target: {verdict}. --details 5 shows it in full; please report it with "
            "the replay command",
            file=sys.stderr,
        )
        if not broken:
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
    return 1 if broken else 0


def _start_emulator(stack: ExitStack) -> Target:
    if importlib.util.find_spec("zoho_emulator") is None:  # running from a checkout
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from zoho_emulator.testing import EmulatorServer

    # "error": the fuzzer sends malformed HTTP on purpose; uvicorn's per-request warnings
    # about it would bury the summary.
    server = stack.enter_context(EmulatorServer(log_level="error"))
    return Target(name=EMULATOR, token=server.token or DEFAULT_TOKEN, base_url=server.base_url)


if __name__ == "__main__":
    sys.exit(main())
