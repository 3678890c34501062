"""Client contract tests: the generated SDKs and models against openapi/dist.

Makes the repository root (for ``contract_tests.openapi_httpx``) and ``generated/`` (when the
generated packages are not installed) importable.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if importlib.util.find_spec("zoho_crm_client") is None:
    sys.path.insert(0, str(ROOT / "generated"))

from contract_tests.client import spec_walk  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _bundles_present() -> None:
    for product in spec_walk.PRODUCTS:
        if not spec_walk.bundle_path(product).is_file():
            pytest.fail(f"openapi/dist/{product}.openapi.json missing: run `python -m codegen`")
