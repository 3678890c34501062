"""A stateful emulator of the Zoho CRM and Bigin record-write APIs.

    from zoho_emulator import create_app, EmulatorConfig
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer() as server:          # uvicorn on 127.0.0.1, a free port
        server.base_url, server.token         # "http://127.0.0.1:PORT", "zoho-emulator-token"

Layout (moto style): ``models`` (state and rules), ``schema`` (modules, fields, validators),
``dataset`` (+ ``data/default_dataset.yaml``), ``storage`` (memory / SQLite), ``exceptions``
(domain errors), ``responses`` (parse/serialise per operation), ``urls`` (routing), ``app``
(ASGI, the one place domain errors become wire errors), ``auth``, ``jobs``, ``faults``, ``cli``,
``testing``.
"""

from .app import Emulator, create_app
from .auth import TokenSpec
from .config import DEFAULT_TOKEN, EmulatorConfig
from .faults import FaultRule

__all__ = [
    "DEFAULT_TOKEN",
    "Emulator",
    "EmulatorConfig",
    "FaultRule",
    "TokenSpec",
    "create_app",
]
