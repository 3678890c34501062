"""``make docs``: the HTML reference of both bundles, opened in headless Chromium.

The test builds the reference with the Makefile's own target (into a temporary directory), then
opens each page in Debian's ``/usr/bin/chromium`` once per tag (the reference renders a tag's
operations when it is navigated to) and checks that every operation of the bundle is on the
rendered page: its section (``/<tag>/<operationid>``) and its summary. The pages are built with
``--inlineBundle``: a reference that loads its scripts from a CDN renders nothing offline, and
this test, which has no network, would see only the overview.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import PRODUCTS, ROOT, load_bundle, operations

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=10000",
)  # fmt: skip

pytestmark = pytest.mark.timeout(300)


def _slug(tag: str) -> str:
    return tag.lower().replace(" ", "-")


@pytest.fixture(scope="session")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CHROMIUM.exists():
        reason = (
            "/usr/bin/chromium is missing: `make setup` as root installs Debian's chromium "
            "package, or run `apt-get install chromium`"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("docs")
    built = subprocess.run(
        ["make", "-s", "docs", f"DOCS_DIR={out}"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def _dump(page: Path, fragment: str, profile: Path) -> str:
    run = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
         f"{page.as_uri()}#/{fragment}"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    dom = re.sub(r"<script\b.*?</script>", "", dom, flags=re.S)
    return re.sub(r"<style\b.*?</style>", "", dom, flags=re.S)


@pytest.fixture(scope="session")
def rendered(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """(product, tag slug) -> the rendered DOM (scripts and styles removed)."""
    jobs = []
    for product in PRODUCTS:
        tags = {t for _, _, op in operations(load_bundle(product)) for t in op["tags"]}
        jobs += [(product, _slug(tag)) for tag in sorted(tags)]
    profiles = tmp_path_factory.mktemp("chromium")
    with ThreadPoolExecutor(max_workers=3) as pool:
        doms = pool.map(
            lambda job: _dump(docs / f"{job[0]}.html", job[1], profiles / f"{job[0]}-{job[1]}"),
            jobs,
        )
        return dict(zip(jobs, doms, strict=True))


@pytest.mark.parametrize("product", PRODUCTS)
def test_both_references_are_built_self_contained(docs: Path, product: str) -> None:
    page = (docs / f"{product}.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=\"https?://", page), "a script comes from the network"
    assert load_bundle(product)["info"]["version"] in page


CASES = [
    (product, op["tags"][0], op["operationId"], op["summary"])
    for product in PRODUCTS
    for _, _, op in operations(load_bundle(product))
]


@pytest.mark.parametrize(
    ("product", "tag", "operation_id", "summary"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_every_operation_is_on_the_page(
    rendered: dict[tuple[str, str], str], product: str, tag: str, operation_id: str, summary: str
) -> None:
    dom = rendered[(product, _slug(tag))]
    sections = set(re.findall(r'data-section-id="([^"]*)"', dom))
    assert f"/{_slug(tag)}/{operation_id.lower()}" in sections, (
        f"{operation_id} is not rendered in the {product} reference (sections: {sorted(sections)})"
    )
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    assert summary in text, f"the summary of {operation_id} ({summary!r}) is not on the page"
