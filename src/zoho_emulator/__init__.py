"""A stateful emulator of the Zoho CRM and Bigin record-write APIs.

    from zoho_emulator import create_app, EmulatorConfig
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer() as server:          # uvicorn on 127.0.0.1, a free port
        server.base_url, server.token         # "http://127.0.0.1:PORT", "zoho-emulator-token"

Layout (moto style): ``models/`` (state and rules, no HTTP; a module per operation family),
``schema`` (modules, fields), ``validators``, ``field_metadata``, ``dataset`` (+
``data/default_dataset.yaml``), ``storage`` (memory / SQLite), ``exceptions`` (domain errors;
``EmulatorError.to_wire`` is the one place they become wire errors), ``responses`` (parse
requests, call the backend, render results and statuses), ``queries`` (the query parameters of
get records, search and delete, and their answers), ``request``, ``control``
(``/_emulator/``), ``urls`` (routing), ``app`` (the plain ASGI app), ``auth``, ``jobs``,
``faults``, ``limits`` (a loaded Zoho: edition caps, credits, latency; off by default),
``cli``, ``testing``. ARCHITECTURE.md draws the whole map.
"""

from typing import Any

from .auth import TokenSpec
from .config import DEFAULT_TOKEN, EmulatorConfig
from .faults import FaultRule

# Installed without the [emulator] extra (the SDK alone), the package still imports, so that
# `zoho-emulator` and `zoho-records` can say in one line which extra to install.
# (Starlette stays in the extra for in-process tests: starlette.testclient drives the ASGI app.)
SERVER_STACK = ("uvicorn", "yaml", "orjson")
EXTRA_HINT = "pip install 'zoho-records[emulator]'"

try:
    from .app import Emulator, create_app
except ModuleNotFoundError as _error:
    if _error.name not in SERVER_STACK:
        raise
    _missing = _error.name

    def __getattr__(name: str) -> Any:
        if name in ("Emulator", "create_app"):
            raise ModuleNotFoundError(
                f"the emulator needs the 'emulator' extra ({_missing} is not installed): "
                + EXTRA_HINT,
                name=_missing,
            )
        raise AttributeError(f"module 'zoho_emulator' has no attribute {name!r}")


__all__ = [
    "DEFAULT_TOKEN",
    "Emulator",
    "EmulatorConfig",
    "FaultRule",
    "TokenSpec",
    "create_app",
]
