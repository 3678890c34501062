"""The scenario with Zoho's ``zohocrmsdk8-0`` (CRM API v8; import name ``zohocrmsdk``)."""

from __future__ import annotations

from _flow import Flow, main

if __name__ == "__main__":
    main(Flow)
