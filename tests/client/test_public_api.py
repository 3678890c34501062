"""The public surface is exactly what ``__all__`` declares (and nothing private leaks in)."""

from __future__ import annotations

import zoho_records

PUBLIC = {
    "ZohoClient",
    "AsyncZohoClient",
    "DATA_CENTERS",
    "CRM_SYSTEM_DUPLICATE_CHECK",
    "DataCenter",
    "Endpoints",
    "RetryPolicy",
    "ClientStats",
    "CreditEstimate",
    "estimate_credits",
    "outcomes_before",
    "while_waiting",
    "Token",
    "TokenStore",
    "MemoryTokenStore",
    "OAuthCredentials",
    "NOT_GIVEN",
    "NotGiven",
    "LinkRemoval",
    "delete_link",
    "append_values",
    "RecordSuccess",
    "RecordError",
    "RecordOutcome",
    "BulkResult",
    "MassUpdateJob",
    "RecordsPage",
    "ZohoError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "PreconditionFailedError",
    "RequestTooLargeError",
    "RateLimitError",
    "CreditsExhaustedError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "TokenRefreshError",
    "JobTimeoutError",
    "SearchLimitError",
    "bundled_spec_path",
    "__version__",
}


def test_all_is_pinned() -> None:
    assert set(zoho_records.__all__) == PUBLIC
    assert len(zoho_records.__all__) == len(PUBLIC)


def test_every_name_in_all_exists() -> None:
    for name in zoho_records.__all__:
        assert hasattr(zoho_records, name), name


def test_modules_are_private_except_cli() -> None:
    import pkgutil

    names = {m.name for m in pkgutil.iter_modules(zoho_records.__path__)}
    assert {n for n in names if not n.startswith("_")} == {"cli"}


def test_exception_tree() -> None:
    from zoho_records import (
        APIConnectionError,
        APIError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        PreconditionFailedError,
        RateLimitError,
        ZohoError,
    )

    for leaf in (
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        PreconditionFailedError,
        RateLimitError,
        InternalServerError,
    ):
        assert issubclass(leaf, APIStatusError)
    assert issubclass(APIStatusError, APIError) and issubclass(APIError, ZohoError)
    assert issubclass(APITimeoutError, APIConnectionError) and issubclass(
        APIConnectionError, APIError
    )
    assert "AuthenticationError" in (zoho_records._exceptions.__doc__ or "")


def test_status_mapping_accepts_unknown_codes() -> None:
    import httpx

    from zoho_records._exceptions import make_status_error

    request = httpx.Request("PUT", "https://x.test/crm/v8/Deals")
    cases = {
        401: "AuthenticationError",
        403: "PermissionDeniedError",
        404: "NotFoundError",
        412: "PreconditionFailedError",
        429: "RateLimitError",
        503: "InternalServerError",
        418: "APIStatusError",
    }
    for status, name in cases.items():
        response = httpx.Response(
            status,
            json={"code": "BRAND_NEW_CODE", "status": "error", "message": "m", "details": {"k": 1}},
            request=request,
        )
        exc = make_status_error(response, response.json())
        assert type(exc).__name__ == name
        assert (
            exc.code == "BRAND_NEW_CODE" and exc.details == {"k": 1} and exc.status_code == status
        )


def test_layer_rules_imports() -> None:
    """zoho_records imports generated/*, httpx, pydantic, msgspec and the stdlib; only the CLI may
    touch zoho_emulator (lazily, inside a function)."""
    import ast
    import sys
    from pathlib import Path

    allowed_third_party = {
        "httpx",
        "pydantic",
        "pydantic_core",
        "msgspec",  # typed decoding of per-record answers (the bulk fast path)
        "zoho_crm_client",
        "zoho_bigin_client",
        "zoho_crm_models",
        "zoho_bigin_models",
        "zoho_wire_facts",  # versions, limits, non-field keys read out of the spec by codegen
    }
    package = Path(zoho_records.__file__).parent
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "zoho_emulator":
                    where = path.relative_to(package).as_posix()
                    assert where == "cli/target.py", f"{where} imports zoho_emulator"
                    assert node.col_offset > 0, "the CLI must import zoho_emulator lazily"
                    continue
                assert (
                    top in sys.stdlib_module_names
                    or top in allowed_third_party
                    or top == "__future__"
                ), f"{path.name} imports {name}"
