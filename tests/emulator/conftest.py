"""Fixtures: the same tests run in-process (ASGI) and against a real uvicorn server."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

try:  # run from a checkout without an editable install too
    import zoho_emulator  # noqa: F401
except ImportError:  # pragma: no cover
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from zoho_emulator import EmulatorConfig, create_app
from zoho_emulator.testing import EmulatorServer

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "zoho-emulator-token"


def load_fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


class Api:
    """A small sync client over either transport; ``token=None`` sends no Authorization."""

    def __init__(self, client: Any, mode: str, emulator: Any, base_url: str) -> None:
        self.client = client
        self.mode = mode
        self.emulator = emulator
        self.base_url = base_url

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | str | None = None,
        token: str | None = TOKEN,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        h = dict(headers or {})
        if token is not None:
            h.setdefault("Authorization", f"Zoho-oauthtoken {token}")
        if json_body is not None:
            content = json.dumps(json_body)
        return self.client.request(method, path, content=content, headers=h, params=params)

    def put(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, json_body=body, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, json_body=body, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def reset(self) -> None:
        r = self.client.post("/_emulator/reset")
        assert r.status_code == 200

    def record(self, product: str, module: str, rid: str) -> dict[str, Any]:
        prefix = "/crm/v8" if product == "crm" else "/bigin/v2"
        r = self.get(f"{prefix}/{module}/{rid}")
        assert r.status_code == 200, r.text
        return r.json()["data"][0]


class Harness:
    """Builds Api objects for a config, in the requested mode; closes them at the end."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._close: list[Any] = []

    def make(self, config: EmulatorConfig | None = None) -> Api:
        if self.mode == "asgi":
            app = create_app(config)
            client = TestClient(app, base_url="http://127.0.0.1")
            self._close.append(client)
            return Api(client, "asgi", app.state.emulator, "http://127.0.0.1")
        server = EmulatorServer(config).start()
        client = httpx.Client(base_url=server.base_url, timeout=10)
        self._close += [client, server]
        return Api(client, "http", server.emulator, server.base_url)

    def close(self) -> None:
        for c in reversed(self._close):
            c.close() if hasattr(c, "close") else c.stop()


_SHARED: dict[str, tuple[Harness, Api]] = {}


@pytest.fixture(params=["asgi", "http"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def api(mode: str) -> Api:
    """The default-config emulator (shared per mode, reset before every test)."""
    if mode not in _SHARED:
        h = Harness(mode)
        _SHARED[mode] = (h, h.make())
    a = _SHARED[mode][1]
    a.reset()
    return a


@pytest.fixture
def harness(mode: str) -> Iterator[Harness]:
    """For tests that need their own config."""
    h = Harness(mode)
    yield h
    h.close()


def pytest_sessionfinish(session: Any, exitstatus: Any) -> None:
    for h, _ in _SHARED.values():
        h.close()
    _SHARED.clear()
