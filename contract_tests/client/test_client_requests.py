"""Every operation: the generated client sends exactly the request the spec describes.

For each operation of both bundles and each of its request examples (or once, without a body),
the request the generated ``sync_detailed`` emits is captured with respx and checked: method,
path with the path parameters filled in, ``Authorization: Zoho-oauthtoken <token>``, query
parameters, the JSON body byte for byte equal to the example (``$append_values``, ``_delete``,
``trigger: []`` included) and openapi-core's request validation against the bundle.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx
from openapi_core import OpenAPI

from contract_tests.client import calling, spec_walk
from contract_tests.client.spec_walk import Example, Operation
from contract_tests.openapi_httpx import HttpxOpenAPIRequest


def _request_cases() -> list[Any]:
    cases = []
    for op in spec_walk.all_operations():
        if op.request_schema is None:
            cases.append(pytest.param(op, None, id=f"{op.id}-nobody"))
        elif not op.request_examples:
            cases.append(pytest.param(op, None, id=f"{op.id}-NO-EXAMPLE"))
        for ex in op.request_examples:
            cases.append(pytest.param(op, ex, id=f"{op.id}-{ex.name}"))
    return cases


def _first_success(op: Operation) -> tuple[int, Any]:
    for status in sorted(op.responses):
        case = op.responses[status]
        if 200 <= status < 300:
            return status, case.examples[0].value if case.examples else None
    raise AssertionError(f"{op.id}: no documented 2xx response")


@pytest.fixture(scope="module")
def openapi_specs() -> dict[str, OpenAPI]:
    return {p: OpenAPI.from_dict(spec_walk.bundle(p)) for p in spec_walk.PRODUCTS}


@pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning")  # oauth2: not checked
@pytest.mark.parametrize(("op", "example"), _request_cases())
def test_client_sends_documented_request(
    op: Operation, example: Example | None, openapi_specs: dict[str, OpenAPI]
) -> None:
    assert op.request_schema is None or example is not None, (
        f"{op.id}: the request body has no example in the spec"
    )
    module = calling.operation_module(op)
    body = example.value if example else None
    kwargs = calling.call_kwargs(op, module, body)
    values = calling.parameter_values(op)
    status, response_body = _first_success(op)

    base = spec_walk.base_url(op.product)
    with respx.mock(base_url=base, assert_all_called=True) as mock:
        route = mock.route(method=op.method.upper()).mock(
            return_value=httpx.Response(status, json=response_body)
        )
        with calling.authenticated_client(op.product) as client:
            response = module.sync_detailed(client=client, **kwargs)

    assert route.call_count == 1
    request: httpx.Request = route.calls.last.request
    assert request.method == op.method.upper()
    assert request.url.raw_path.decode().split("?")[0] == (
        httpx.URL(base).raw_path.decode().rstrip("/") + calling.expected_path(op, values)
    )
    assert request.headers["Authorization"] == f"Zoho-oauthtoken {calling.TOKEN}"
    for (where, name), value in values.items():
        if where == "query":
            # a boolean goes on the wire as JSON spells it (wf_trigger=true), as Zoho documents
            wire = json.dumps(value) if isinstance(value, bool) else str(value)
            assert request.url.params.get(name) == wire, name
        elif where == "header":
            assert request.headers.get(name) == str(value), name
    if example is not None:
        # Exactly the example on the wire: no key dropped, renamed or added.
        assert json.loads(request.content) == example.value
        assert request.headers["Content-Type"].startswith("application/json")
    else:
        assert request.content == b""

    openapi_specs[op.product].validate_request(HttpxOpenAPIRequest(request))
    assert response.status_code == status
    assert response.parsed is not None


def test_every_operation_has_a_request_case() -> None:
    ids = {p.values[0].id for p in _request_cases()}
    assert ids == {op.id for op in spec_walk.all_operations()}
    assert ids, "no operations found in the bundles"
