"""Zoho data centres and environments: where the API and the accounts (OAuth) server live.

Zoho runs eight data centres, each with a production, a sandbox and a developer environment.
The API host of a data centre is ``https://{www|sandbox|developer}.zohoapis.{domain}``; its
accounts server (OAuth) is the same for all three environments. Canada is the exception to the
naming: its API is on ``zohoapis.ca`` and its accounts server on ``accounts.zohocloud.ca``.
(The hosts are those of Zoho's own SDK, ``zohocrmsdk8-0``'s ``dc`` package; a test compares
every pair against a table transcribed from it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

DataCenter = Literal["us", "eu", "in", "cn", "jp", "au", "ca", "sa"]
ZohoEnvironment = Literal["production", "sandbox", "developer"]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The two hosts a client talks to."""

    api_url: str
    accounts_url: str


# data centre -> (domain of its API hosts, its accounts server)
_DC_HOSTS: dict[str, tuple[str, str]] = {
    "us": ("zohoapis.com", "https://accounts.zoho.com"),
    "eu": ("zohoapis.eu", "https://accounts.zoho.eu"),
    "in": ("zohoapis.in", "https://accounts.zoho.in"),
    "cn": ("zohoapis.com.cn", "https://accounts.zoho.com.cn"),
    "jp": ("zohoapis.jp", "https://accounts.zoho.jp"),
    "au": ("zohoapis.com.au", "https://accounts.zoho.com.au"),
    "ca": ("zohoapis.ca", "https://accounts.zohocloud.ca"),
    "sa": ("zohoapis.sa", "https://accounts.zoho.sa"),
}

#: environment -> the first label of its API host
ENVIRONMENTS: dict[str, str] = {"production": "www", "sandbox": "sandbox", "developer": "developer"}


def data_center_endpoints(dc: str, environment: str = "production") -> Endpoints:
    """The hosts of one data centre in one environment (ValueError for unknown names)."""
    domain, accounts = _DC_HOSTS[_check_dc(dc)]
    return Endpoints(f"https://{ENVIRONMENTS[_check_environment(environment)]}.{domain}", accounts)


def resolve_endpoints(
    dc: str | None = None,
    base_url: str | None = None,
    accounts_url: str | None = None,
    environment: str | None = None,
) -> Endpoints:
    """Pick the API and accounts hosts from ``dc`` + ``environment`` or explicit URLs.

    ``base_url`` wins over ``dc``; without ``accounts_url`` a custom ``base_url`` also serves
    OAuth (as the emulator does). ``environment`` (production, sandbox, developer; default
    production) picks the host within ``dc`` (default us), so it cannot go with ``base_url``.
    """
    if base_url is not None:
        if environment is not None:
            raise ValueError(
                f"environment={environment!r} picks a Zoho host, base_url={base_url!r} "
                "names one: give one of them (environment goes with dc=)"
            )
        base = _check_url(base_url, "base_url")
        if dc is not None and accounts_url is None:
            return Endpoints(base, data_center_endpoints(dc).accounts_url)
        return Endpoints(base, _check_url(accounts_url, "accounts_url") if accounts_url else base)
    endpoints = data_center_endpoints(dc or "us", environment or "production")
    if accounts_url is not None:
        return Endpoints(endpoints.api_url, _check_url(accounts_url, "accounts_url"))
    return endpoints


def _check_url(url: str, what: str) -> str:
    """``url`` without a trailing slash, or ValueError if it is not an http(s) URL."""
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{what} {url!r} is not an http(s) URL: write it in full, e.g. "
            "https://www.zohoapis.eu or http://127.0.0.1:8080"
        )
    root = f"{parts.scheme}://{parts.netloc}"
    if parts.query or parts.fragment:
        raise ValueError(f"{what} {url!r} has a query or a fragment: give the server alone, {root}")
    if (api := _API_PATH.search(parts.path)) is not None:
        # (Zoho's pages show https://www.zohoapis.com/crm/v8/Leads: the client adds the path)
        raise ValueError(
            f"{what} {url!r} ends in an API path: give the server alone, "
            f"{root}{parts.path[: api.start()]}; the client adds each request's path "
            "(/crm/<version>/..., /bigin/v2/..., /oauth/v2/token)"
        )
    return url.strip().rstrip("/")


# /crm, /bigin or /oauth at the end, or followed by a version and what comes after it; a proxy's
# own path may hold such a segment followed by something else (/crm/zoho, /services/crm/relay)
_API_PATH = re.compile(r"/(crm|bigin|oauth)(/(bulk/)?v[0-9][0-9.]*(/.*)?)?/?$", re.IGNORECASE)


def _check_dc(dc: str) -> str:
    key = dc.strip().lower() if isinstance(dc, str) else None
    if key is None or key not in _DC_HOSTS:
        known = ", ".join(_DC_HOSTS)
        raise ValueError(f"unknown Zoho data centre {dc!r}: use one of {known} or base_url=...")
    return key


def _check_environment(environment: str) -> str:
    key = environment.strip().lower() if isinstance(environment, str) else None
    if key is None or key not in ENVIRONMENTS:
        known = ", ".join(ENVIRONMENTS)
        raise ValueError(f"unknown Zoho environment {environment!r}: use one of {known}")
    return key


#: every data centre's production hosts
DATA_CENTERS: dict[str, Endpoints] = {dc: data_center_endpoints(dc) for dc in _DC_HOSTS}
