"""Zoho's own Python SDK (zohocrmsdk8-0) runs against the emulator unchanged.

The SDK reads metadata before writing (fields, modules), sends ids as JSON numbers and keeps
tokens in a store: this drives one real update through it and checks the emulator's state.
"""

from __future__ import annotations

import os
import tempfile

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer

sdk = pytest.importorskip("zohocrmsdk.src.com.zoho.crm.api")


def test_zoho_sdk_updates_a_deal_through_the_emulator() -> None:
    from zohocrmsdk.src.com.zoho.api.authenticator import OAuthToken
    from zohocrmsdk.src.com.zoho.api.authenticator.store import FileStore
    from zohocrmsdk.src.com.zoho.crm.api import Initializer, SDKConfig
    from zohocrmsdk.src.com.zoho.crm.api.dc.data_center import DataCenter
    from zohocrmsdk.src.com.zoho.crm.api.record import (
        ActionWrapper,
        BodyWrapper,
        Record,
        RecordOperations,
        SuccessResponse,
    )

    with EmulatorServer() as server, tempfile.TemporaryDirectory() as tmp:
        base = server.base_url
        Initializer.initialize(
            environment=DataCenter.Environment(base, base + "/oauth/v2/token", base),
            token=OAuthToken(access_token=server.token, find_user=False),
            store=FileStore(file_path=os.path.join(tmp, "tokens.txt")),
            sdk_config=SDKConfig(auto_refresh_fields=True, pick_list_validation=False),
            resource_path=tmp,
        )
        record = Record()
        record.set_id(int("3652397000003852095"))  # a number on the wire, as the SDK sends it
        record.add_key_value("Next_Step", "Sent by Zoho's SDK")
        body = BodyWrapper()
        body.set_data([record])
        response = RecordOperations("Deals").update_records(body)

        assert response.get_status_code() == 200
        wrapper = response.get_object()
        assert isinstance(wrapper, ActionWrapper)
        [item] = wrapper.get_data()
        assert isinstance(item, SuccessResponse), vars(item)
        assert item.get_message().get_value() == "record updated"
        assert item.get_details()["id"] == "3652397000003852095"

        deal = httpx.get(
            f"{base}/crm/v8/Deals/3652397000003852095", headers=server.auth_headers
        ).json()["data"][0]
        assert deal["Next_Step"] == "Sent by Zoho's SDK"
