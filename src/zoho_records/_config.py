"""Zoho data centres: where the API and the accounts (OAuth) server live for each one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

DataCenter = Literal["us", "eu", "au", "in", "cn", "jp"]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The two hosts a client talks to."""

    api_url: str
    accounts_url: str


DATA_CENTERS: dict[str, Endpoints] = {
    "us": Endpoints("https://www.zohoapis.com", "https://accounts.zoho.com"),
    "eu": Endpoints("https://www.zohoapis.eu", "https://accounts.zoho.eu"),
    "au": Endpoints("https://www.zohoapis.com.au", "https://accounts.zoho.com.au"),
    "in": Endpoints("https://www.zohoapis.in", "https://accounts.zoho.in"),
    "cn": Endpoints("https://www.zohoapis.com.cn", "https://accounts.zoho.com.cn"),
    "jp": Endpoints("https://www.zohoapis.jp", "https://accounts.zoho.jp"),
}


def resolve_endpoints(
    dc: str | None = None, base_url: str | None = None, accounts_url: str | None = None
) -> Endpoints:
    """Pick the API and accounts hosts from ``dc`` or explicit URLs.

    ``base_url`` wins over ``dc``; without ``accounts_url`` a custom ``base_url`` also serves
    OAuth (as the emulator does).
    """
    if base_url is not None:
        base = _check_url(base_url, "base_url")
        if dc is not None and accounts_url is None:
            return Endpoints(base, DATA_CENTERS[_check_dc(dc)].accounts_url)
        return Endpoints(base, _check_url(accounts_url, "accounts_url") if accounts_url else base)
    endpoints = DATA_CENTERS[_check_dc(dc or "us")]
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
    return url.strip().rstrip("/")


def _check_dc(dc: str) -> str:
    key = dc.lower()
    if key not in DATA_CENTERS:
        known = ", ".join(DATA_CENTERS)
        raise ValueError(f"unknown Zoho data centre {dc!r}: use one of {known} or base_url=...")
    return key
