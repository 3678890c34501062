"""Run the emulator in tests: :class:`EmulatorServer` starts uvicorn on 127.0.0.1 in a
background thread on a free port.

    with EmulatorServer() as server:
        httpx.put(f"{server.base_url}/crm/v8/Deals", headers=server.auth_headers, json=...)
        server.reset()

    # a loaded Zoho: an edition's limits and a latency (EmulatorConfig's keywords)
    with EmulatorServer(edition="professional", users=10, latency="100ms-400ms") as server:
        ...
        server.stats()["peak_concurrency"]
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

from .app import create_app
from .config import DEFAULT_TOKEN, EmulatorConfig


class EmulatorServer:
    """A real HTTP emulator for the duration of a ``with`` block (or start()/stop())."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        **config_kwargs: Any,
    ) -> None:
        if config is None:
            config = EmulatorConfig(**config_kwargs)
        elif config_kwargs:
            raise TypeError("pass either a config or keyword arguments, not both")
        self.config = config
        self.host = host
        self.port = port
        self.log_level = log_level
        self.app = create_app(config)
        self.emulator = self.app.state.emulator
        specs = config.token_specs()
        self.token = DEFAULT_TOKEN if DEFAULT_TOKEN in specs else next(iter(specs), DEFAULT_TOKEN)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Zoho-oauthtoken {self.token}"}

    def start(self) -> EmulatorServer:
        # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets of such
        # listeners (with proto 0 every response would wait ~40 ms on Nagle + delayed ACK)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        if self.emulator.base_url is None:
            self.emulator.base_url = self.base_url
        cfg = uvicorn.Config(self.app, log_level=self.log_level, access_log=False, lifespan="off")
        self._server = uvicorn.Server(cfg)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="zoho-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def reset(self, dataset: Any = None) -> None:
        """Back to the dataset (or load another one), drop issued tokens, restore faults and
        limits (a fresh credit window, zeroed counters)."""
        self.emulator.reset(dataset)

    def stats(self) -> dict[str, Any]:
        """The counters of ``GET /_emulator/stats``: requests, 429s by reason, credits, peak
        concurrency, calls in flight, latency applied (``zoho_emulator.limits``)."""
        stats: dict[str, Any] = self.emulator.load.stats()
        return stats

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
