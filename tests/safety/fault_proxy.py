"""A loopback HTTP/1.1 proxy that loses requests on purpose, for the write-safety tests.

``FaultProxy(upstream_port)`` listens on 127.0.0.1 (a free port) and forwards each request to
the upstream server, one upstream connection per client connection. ``plan(method, path,
body)`` decides each request's fate:

- ``"pass"``: forward it and relay the answer;
- ``"drop_before"``: close the client's connection without forwarding (the server never sees
  the request; the client cannot tell this from the next case);
- ``"drop_after"``: forward it, read the server's whole answer (the server has acted on it),
  and close the client's connection without relaying it.

Messages are framed by ``Content-Length`` (httpx sends it for every body here, and the
emulator answers with it), which is all the tests need.
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable

Plan = Callable[[str, str, bytes], str]


def _read_message(sock: socket.socket, buf: bytearray) -> bytes | None:
    """One HTTP message (head and body) from ``sock``; None at a clean end of stream."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    end = buf.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buf[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buf) < end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    message = bytes(buf[: end + length])
    del buf[: end + length]
    return message


class FaultProxy:
    def __init__(self, upstream_port: int, plan: Plan | None = None) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.plan: Plan = plan or (lambda method, path, body: "pass")
        self.actions: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True, name="fault-proxy")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        upstream: socket.socket | None = None
        inbuf, upbuf = bytearray(), bytearray()
        try:
            while True:
                request = _read_message(conn, inbuf)
                if request is None:
                    return
                head, _, body = request.partition(b"\r\n\r\n")
                method, path = head.split(b" ")[:2]
                action = self.plan(method.decode(), path.decode(), body)
                with self._lock:
                    self.actions[action] += 1
                if action == "drop_before":
                    return
                if upstream is None:
                    upstream = socket.create_connection(self.upstream)
                upstream.sendall(request)
                answer = _read_message(upstream, upbuf)
                if answer is None or action == "drop_after":
                    return
                conn.sendall(answer)
        except OSError:
            return
        finally:
            conn.close()
            if upstream is not None:
                upstream.close()


def first_attempt_dropped(mode: Callable[[bytes], str | None]) -> Plan:
    """A plan that applies ``mode(body)`` (``drop_before``/``drop_after``/None) to the first
    request with each body and passes every later one: each write fails once, then (if it is
    sent again) goes through. Reads (GET) always pass."""
    seen: set[bytes] = set()
    lock = threading.Lock()

    def plan(method: str, path: str, body: bytes) -> str:
        if method == "GET":
            return "pass"
        with lock:
            first = body not in seen
            seen.add(body)
        action = mode(body) if first else None
        return action or "pass"

    return plan
