"""The scenario with Zoho's ``zohocrmsdk5-0`` (CRM API v5; import name ``zohocrmsdk``)."""

from __future__ import annotations

from typing import Any

from _flow import Flow, main


class Sdk50(Flow):
    ops_hold_module = False  # v5 still passes the module to every call
    mass_update_id = int

    def environment(self, base: str) -> Any:
        dc = self.imp("crm.api.dc.data_center").DataCenter
        return dc.Environment(base, base + "/oauth/v2/token", base, "emulator")


if __name__ == "__main__":
    main(Sdk50)
