"""Zoho data centres: where the API and the accounts (OAuth) server live for each one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
        base = base_url.rstrip("/")
        if dc is not None and accounts_url is None:
            return Endpoints(base, DATA_CENTERS[_check_dc(dc)].accounts_url)
        return Endpoints(base, (accounts_url or base).rstrip("/"))
    endpoints = DATA_CENTERS[_check_dc(dc or "us")]
    if accounts_url is not None:
        return Endpoints(endpoints.api_url, accounts_url.rstrip("/"))
    return endpoints


def _check_dc(dc: str) -> str:
    key = dc.lower()
    if key not in DATA_CENTERS:
        known = ", ".join(DATA_CENTERS)
        raise ValueError(f"unknown Zoho data centre {dc!r}: use one of {known} or base_url=...")
    return key
