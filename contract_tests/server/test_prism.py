"""A real third-party server: Stoplight Prism (pinned in package.json) serving our own bundles.

- As a stateless mock of the published file: Prism takes Zoho's token header, and the gate's
  verdict is short and right. It names the rules a mock of the bundle cannot meet, each for a
  reason pinned below, and nothing crashes or floods.
- As it is, Prism dies on a fuzzed request (see ``prism/sl_violations_header_fix.js``): the gate
  ends with the "stopped answering" verdict.
- As a validating proxy in front of the emulator (``prism proxy ... --errors``) while the client
  drives every operation: Prism, a validator we did not write, finds no response of ours (and
  no request of the client's) breaking our spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests import cli
from contract_tests.server.bundle import DIST
from contract_tests.server.prism import PrismServer, prism_available, served_bundle
from contract_tests.server.target import DEFAULT_TOKEN

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        not prism_available(), reason="node_modules missing: run `make setup` (npm ci)"
    ),
]

# What a stateless mock of the CRM bundle cannot meet, and the line of evidence of each.
MOCK_CANNOT_MEET = {
    # a mock has no token store: any token is as good as another
    "ignored_auth": "API accepts invalid authentication",
    # a mock answers a write with the spec's example, not one result per record sent
    "zoho_one_result_per_record": "result",
    # Zoho answers an undocumented method 400 INVALID_REQUEST_METHOD, which no OpenAPI document
    # can say; a generic server answers 405
    "zoho_unsupported_method": "got 405: Zoho answers 400 INVALID_REQUEST_METHOD",
    # Prism takes an empty If-Unmodified-Since header for an absent one (the only request
    # violation its validator lets through)
    "zoho_negative_data_rejection": "Schema-violating request accepted",
    # Prism answers a body it cannot parse as JSON with its own error document, not Zoho's
    "response_schema_conformance": "Response violates schema",
}
SUMMARY_LINE = re.compile(r"^  (\w+): (\w+)(?: -> (\d+))?: (.*)$")


@pytest.fixture(scope="module")
def crm_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return served_bundle("crm", tmp_path_factory.mktemp("prism"))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def run_gate(*args: str) -> tuple[int, str, str]:
        status = cli.main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run_gate


def test_the_gate_on_a_prism_mock_is_short_and_right(tmp_path, run):
    """Prism serves the published file as it is (dist/crm.openapi.yaml). Its one security
    requirement is the Zoho-oauthtoken header (spec 2.1.0): Prism accepts Zoho's header (before,
    an oauth2 requirement beside it made Prism answer 401 to every request, and the gate exit
    2). (One gate run for both: it was two identical runs, 65 s each.)"""
    with PrismServer("mock", DIST / "crm.openapi.yaml", tmp_path / "prism.log") as prism:
        status, out, err = run("--base-url", prism.base_url, "--token", DEFAULT_TOKEN)
        assert prism.alive(), "Prism died: " + prism.log()[-2000:]
    printed = out + err
    assert status == 1, printed
    assert "refused the access token" not in err and "answered 401" not in err
    assert len(printed.splitlines()) < 100, printed
    assert "bigin: skipped, the target does not serve it" in out
    assert "bigin against" not in out
    assert "error:" not in out and "stopped answering" not in printed
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", printed):
        assert option in {
            "--base-url",
            "--token",
            "--product",
            "--seed",
            "--allow-no-writes",
            "--details",
        }, f"{option} is not an option of zoho-contract:\n{printed}"
    failed = {}
    for line in out.splitlines():
        match = SUMMARY_LINE.match(line)
        if match and match.group(1) != "replay":
            failed.setdefault(match.group(1), []).append(match.group(4))
    assert set(failed) <= set(MOCK_CANNOT_MEET), printed
    for check, headlines in failed.items():
        assert all(MOCK_CANNOT_MEET[check] in headline for headline in headlines), headlines
    # the two a mock cannot meet by being stateless are found
    assert {"ignored_auth", "zoho_one_result_per_record"} <= set(failed), printed


def test_prism_as_it_is_gets_a_clear_verdict_whether_it_dies_or_not(crm_bundle, tmp_path, run):
    """Prism without HEADER_FIX dies when a fuzzed request's violation names a character beyond
    Latin-1; whether the seeded run sends such a request depends on how far Prism validates it
    (since spec 2.1.0 it no longer refuses every request at the security check first), so both
    endings are held to their verdict: died -> exit 2, "stopped answering", Prism's own error in
    its log; alive -> exit 1 and the short verdict. Neither floods the log or names Network Error."""
    log = tmp_path / "prism.log"
    with PrismServer("mock", crm_bundle, log, fix_violations_header=False) as prism:
        status, out, err = run("--base-url", prism.base_url, "--token", DEFAULT_TOKEN)
        died = not prism.alive()
    if died:
        assert "Invalid character in header content" in log.read_text(errors="replace")
        assert status == 2
        assert "the target stopped answering" in err and "curl -X" in err
    else:
        assert status == 1, out + err
        assert "stopped answering" not in out + err
    assert len((out + err).splitlines()) < 100
    # (curl lines left out: a fuzzed body may hold any text, even "--report")
    said = "\n".join(line for line in (out + err).splitlines() if "curl -X" not in line)
    assert "Network Error" not in said and "--report" not in said, out + err


# -- Prism as a validating proxy in front of the emulator ------------------------------------------


class Recording(httpx.HTTPTransport):
    """Remembers every answer that passed through Prism."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, int, str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.seen.append(
            (
                request.method,
                str(request.url),
                response.status_code,
                response.headers.get("sl-violations", ""),
                response.text[:500]
                if "problem+json" in response.headers.get("content-type", "")
                else "",
            )
        )
        return response


@pytest.fixture(scope="module")
def proxies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    from zoho_emulator.testing import EmulatorServer

    directory = tmp_path_factory.mktemp("prism-proxy")
    with EmulatorServer(log_level="error") as emulator:
        with (
            PrismServer(
                "proxy",
                served_bundle("crm", directory),
                directory / "crm.log",
                upstream=emulator.base_url,
            ) as crm,
            PrismServer(
                "proxy",
                served_bundle("bigin", directory),
                directory / "bigin.log",
                upstream=emulator.base_url,
            ) as bigin,
        ):
            yield crm.base_url, bigin.base_url, emulator.token


def test_prism_as_a_validating_proxy_finds_no_response_of_ours_breaking_the_spec(proxies):
    from contract_tests.client_e2e.test_client_e2e import (
        ACCOUNTS_VIEW,
        DEAL,
        DEALS,
        PIPELINE,
        PIPELINE_WITH_PRODUCTS,
        PRODUCT,
    )
    from zoho_records import ZohoClient

    crm_url, bigin_url, token = proxies
    crm_transport, bigin_transport = Recording(), Recording()
    with (
        ZohoClient(base_url=crm_url, access_token=token, transport=crm_transport) as crm,
        ZohoClient(base_url=bigin_url, access_token=token, transport=bigin_transport) as bigin,
    ):
        assert crm.crm.update_records("Deals", [{"id": DEAL, "Stage": "Closed Won"}]).ok
        assert crm.crm.update_record("Deals", DEAL, {"Stage": "Closed Lost"}).ok
        assert crm.crm.get_record("Deals", DEAL)["Stage"] == "Closed Lost"
        assert crm.crm.get_fields("Deals")
        assert crm.crm.mass_update("Deals", {"Type": "New Business"}, ids=DEALS).ok
        job = crm.crm.mass_update("Accounts", {"Industry": "Retail"}, cvid=ACCOUNTS_VIEW)
        assert crm.crm.mass_update_status("Accounts", job.job_id).done
        # a per-record error answer too: an id that does not exist
        assert not crm.crm.update_records("Deals", [{"id": "1", "Stage": "Closed Won"}]).ok
        assert bigin.bigin.update_records("Pipelines", [{"id": PIPELINE, "Amount": 1}]).ok
        assert bigin.bigin.update_record("Pipelines", PIPELINE, {"Amount": 2}).ok
        assert bigin.bigin.get_record("Pipelines", PIPELINE)["Amount"] == 2
        upserted = bigin.bigin.upsert(
            "Pipelines",
            [
                {
                    "Deal_Name": "Himalayan Trek",
                    "Stage": "Closed Won",
                    "Sub_Pipeline": "Sales Pipeline Standard",
                }
            ],
        )
        assert upserted.ok
        assert bigin.bigin.update_related(
            "Pipelines", PIPELINE_WITH_PRODUCTS, "Products", [{"id": PRODUCT}]
        ).ok
        assert bigin.bigin.get_related("Pipelines", PIPELINE_WITH_PRODUCTS, "Products")
        assert bigin.bigin.get_fields("Pipelines")
    seen = crm_transport.seen + bigin_transport.seen
    assert len(seen) >= 15
    violations = [entry for entry in seen if entry[3] or entry[4]]
    assert not violations, "\n".join(map(str, violations))


def test_the_proxy_check_can_fail(tmp_path):
    """The same proxy in front of a server whose getFields answer breaks the spec is caught."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Wrong(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = json.dumps({"fields": [{"api_name": 5}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Wrong)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        upstream = f"http://127.0.0.1:{server.server_address[1]}"
        bundle = served_bundle("crm", tmp_path)
        with PrismServer("proxy", bundle, tmp_path / "p.log", upstream=upstream) as prism:
            transport = Recording()
            with httpx.Client(transport=transport) as http:
                http.get(
                    f"{prism.base_url}/crm/v8/settings/fields",
                    params={"module": "Deals"},
                    headers={"Authorization": f"Zoho-oauthtoken {DEFAULT_TOKEN}"},
                )
    finally:
        server.shutdown()
    ((_, _, status, violations, problem),) = transport.seen
    assert status == 500 and "data_type" in violations and "VIOLATIONS" in problem
