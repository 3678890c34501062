"""What the server contract needs from the bundles (cheap; no server involved)."""

from __future__ import annotations

import pytest

from contract_tests.server.bundle import (
    HTTP_METHODS,
    OPERATIONS,
    PRODUCTS,
    bundle_available,
    documented_errors,
    load_bundle,
    operation_ids,
)


def _bundle(product):
    if not bundle_available(product):
        pytest.fail(f"openapi/dist/{product}.openapi.json missing: bundle the specs first")
    return load_bundle(product)


@pytest.mark.parametrize("product", PRODUCTS)
def test_bundle_has_exactly_the_wire_operations(product):
    assert sorted(operation_ids(_bundle(product))) == sorted(OPERATIONS[product])


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_operation_documents_its_errors(product):
    spec = _bundle(product)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            errors = documented_errors(operation)
            assert errors, f"{method.upper()} {path} has no x-zoho-errors"
            for error in errors:
                assert str(error.status) in operation["responses"], (
                    f"{operation['operationId']}: {error.code} is documented with {error.status}, "
                    "which the operation's responses do not declare"
                )


def test_stateful_links_chain_upsert_update_read():
    spec = _bundle("bigin")
    upsert = spec["paths"]["/bigin/v2/{module_api_name}/upsert"]["post"]
    for status in ("200", "201"):
        links = upsert["responses"][status]["links"]
        targets = {link["operationId"]: link["parameters"] for link in links.values()}
        assert set(targets) >= {"updateRecord", "getRecord"}
        for parameters in targets.values():
            assert parameters["record_id"] == "$response.body#/data/0/details/id"
    update = spec["paths"]["/bigin/v2/{module_api_name}/{record_id}"]["put"]
    assert any(
        link["operationId"] == "getRecord" for link in update["responses"]["200"]["links"].values()
    )
