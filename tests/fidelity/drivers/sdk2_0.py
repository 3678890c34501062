"""The scenario with Zoho's ``zohocrmsdk2-0`` (CRM API v2; import name ``zcrmsdk``)."""

from __future__ import annotations

from typing import Any

from _flow import Flow, main


class Sdk20(Flow):
    root = "zcrmsdk"
    ops_hold_module = False
    mass_update_id = int

    def environment(self, base: str) -> Any:
        dc = self.imp("crm.api.dc.data_center").DataCenter
        return dc.Environment(base, base + "/oauth/v2/token", base, "emulator")

    def initialize(self) -> None:
        # v2 SDKs also take the user the token belongs to (any address; it names token files)
        api = self.imp("crm.api")
        logger = self.imp("api.logger").Logger
        store = self.imp("api.authenticator.store").FileStore
        work = self.cfg["workdir"]
        api.Initializer.initialize(
            user=self.imp("crm.api.user_signature").UserSignature("sdk@example.com"),
            environment=self.environment(self.cfg["base_url"]),
            token=self.token(),
            store=store(file_path=work + "/tokens.txt"),
            sdk_config=api.SDKConfig(auto_refresh_fields=True, pick_list_validation=False),
            resource_path=work,
            logger=logger.get_instance(level=logger.Levels.INFO, file_path=work + "/sdk.log"),
        )


if __name__ == "__main__":
    main(Sdk20)
