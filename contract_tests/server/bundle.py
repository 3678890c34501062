"""The published spec bundles, and what the suite reads from them.

The suite reads the bundles from ``openapi/dist/`` (the published artifacts), never the sources.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

Product = Literal["crm", "bigin"]
PRODUCTS: tuple[Product, ...] = ("crm", "bigin")

REPO_ROOT = Path(__file__).resolve().parents[2]
DIST = REPO_ROOT / "openapi" / "dist"

# The wire contract (ARCHITECTURE.md): operationIds per product. A test pins the bundles to it.
OPERATIONS: dict[Product, tuple[str, ...]] = {
    "crm": (
        "updateRecords",
        "updateRecord",
        "getRecord",
        "massUpdateRecords",
        "getMassUpdateStatus",
        "getFields",
        "insertRecords",
        "upsertRecords",
        "getRecords",
        "searchRecords",
        "deleteRecords",
        "deleteRecord",
    ),
    "bigin": (
        "updateRecords",
        "updateRecord",
        "getRecord",
        "upsertRecords",
        "updateRelatedRecords",
        "getRelatedRecords",
        "getFields",
        "insertRecords",
        "getRecords",
        "searchRecords",
        "deleteRecords",
        "deleteRecord",
    ),
}

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class BundleMissing(FileNotFoundError):
    """The published bundle has not been built (``python -m codegen`` / the bundler writes it)."""


def bundle_path(product: Product) -> Path:
    """The repository's ``openapi/dist`` bundle; from an installed wheel, the copy it carries."""
    path = DIST / f"{product}.openapi.json"
    if path.is_file():
        return path
    from zoho_records import bundled_spec_path  # installed: bundles ship with the client

    return bundled_spec_path(product)


@cache
def _load(product: Product) -> dict[str, Any]:
    path = bundle_path(product)
    if not path.is_file():
        raise BundleMissing(f"{path} does not exist: bundle the specs first")
    with path.open(encoding="utf-8") as fd:
        return json.load(fd)


def load_bundle(product: Product) -> dict[str, Any]:
    """A fresh deep copy of the bundle (schemathesis mutates what it is given)."""
    return copy.deepcopy(_load(product))


def bundle_available(product: Product) -> bool:
    return bundle_path(product).is_file()


@dataclass(frozen=True, slots=True)
class DocumentedError:
    code: str
    status: int
    scope: str | None = None  # "record" (a per-record result) or "request" (a top-level error)
    message: str = ""
    resolution: str = ""


def documented_errors(operation_definition: dict[str, Any]) -> tuple[DocumentedError, ...] | None:
    """The ``x-zoho-errors`` list of one operation, or ``None`` when the operation has none."""
    raw = operation_definition.get("x-zoho-errors")
    if raw is None:
        return None
    return tuple(
        DocumentedError(
            code=str(item["code"]),
            status=int(item["status"]),
            scope=item.get("scope"),
            message=str(item.get("message", "")),
            resolution=str(item.get("resolution", "")),
        )
        for item in raw
    )


def operation_ids(spec: dict[str, Any]) -> list[str]:
    return [
        operation["operationId"]
        for item in spec.get("paths", {}).values()
        for method, operation in item.items()
        if method in HTTP_METHODS and isinstance(operation, dict) and "operationId" in operation
    ]
