"""Shared fixtures: the published bundles and helpers to walk them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "openapi" / "dist"
PRODUCTS = ("crm", "bigin")
METHODS = ("get", "put", "post", "delete", "patch")


def load_bundle(product: str) -> dict[str, Any]:
    return json.loads((DIST / f"{product}.openapi.json").read_text(encoding="utf-8"))


def deref(doc: dict[str, Any], node: Any) -> Any:
    """Follow internal ``$ref``s until a non-ref node."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(doc: dict[str, Any]):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


@pytest.fixture(scope="session", params=PRODUCTS)
def bundle(request) -> tuple[str, dict[str, Any]]:
    return request.param, load_bundle(request.param)
