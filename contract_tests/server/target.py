"""What the server contract runs against, and the rules that keep a run safe.

A target is the emulator in-process (ASGI), any server on the loopback interface (HTTP), or a
remote server such as a live Zoho account. A remote target is refused unless writes were allowed
explicitly (``--allow-writes``), and then the run is limited to records it created itself
(see ``live_guard``).
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

DEFAULT_TOKEN = "zoho-emulator-token"
ENV_BASE_URL = "ZOHO_BASE_URL"
ENV_TOKEN = "ZOHO_ACCESS_TOKEN"
ENV_ALLOW_WRITES = "ZOHO_CONTRACT_ALLOW_WRITES"


class TargetRefused(RuntimeError):
    """The target is remote and writes were not allowed explicitly."""


def is_loopback_host(host: str | None) -> bool:
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(slots=True)
class Target:
    """One server to run the contract against.

    ``app`` is set for an in-process ASGI target; ``base_url`` (scheme and host, no path) for an
    HTTP one.
    """

    name: str
    token: str
    base_url: str | None = None
    app: Any = None
    allow_writes: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.app is not None or is_loopback_host(urlsplit(self.base_url or "").hostname)

    @property
    def is_live(self) -> bool:
        """A remote server: live rules apply (see ``live_guard``)."""
        return not self.is_local

    def ensure_allowed(self) -> None:
        if self.app is None and not self.base_url:
            raise TargetRefused("a target needs an ASGI app or a base URL")
        if self.base_url:
            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise TargetRefused(f"not an http(s) base URL: {self.base_url!r}")
            if (api := _API_PATH.search(parts.path)) is not None:
                # (Zoho's pages show https://www.zohoapis.com/crm/v8/Leads; the gate adds it)
                raise TargetRefused(
                    f"{self.base_url!r} ends in an API path: give the server alone, "
                    f"{parts.scheme}://{parts.netloc}{parts.path[: api.start()]} (the gate adds "
                    "/crm/v8/... and /bigin/v2/... to each request)"
                )
        if self.is_live and not self.allow_writes:
            raise TargetRefused(
                f"{self.base_url} is not a local server: the contract writes records, so it runs "
                "against a remote server only with --allow-writes (it then writes only to records "
                "it created itself and deletes only those)"
            )


# (/crm or /bigin at the end, or followed by a version: a mock's own path may hold /crm/...)
_API_PATH = re.compile(r"/(crm|bigin)(/(bulk/)?v[0-9][0-9.]*(/.*)?)?/?$", re.IGNORECASE)


def target_from_options(
    base_url: str | None, token: str | None, allow_writes: bool
) -> Target | None:
    """The explicit target from options, falling back to the environment; ``None`` if there is none."""
    base_url = base_url or os.environ.get(ENV_BASE_URL) or None
    if not base_url:
        return None
    token = token or os.environ.get(ENV_TOKEN) or DEFAULT_TOKEN
    allow_writes = allow_writes or os.environ.get(ENV_ALLOW_WRITES, "").lower() in (
        "1",
        "true",
        "yes",
    )
    target = Target(
        name=base_url.rstrip("/"),
        base_url=base_url.rstrip("/"),
        token=token,
        allow_writes=allow_writes,
    )
    return target
