"""The scenario with Zoho's ``zohocrmsdk7-0`` (CRM API v7; import name ``zohocrmsdk``)."""

from __future__ import annotations

from _flow import Flow, main

if __name__ == "__main__":
    main(Flow)
