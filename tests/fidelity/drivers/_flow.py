"""The scenario every Zoho SDK driver runs, in the SDK's own virtual environment.

Not a test module: ``tests/fidelity/test_zoho_sdks.py`` runs ``python drivers/sdkX_Y.py`` with
the interpreter of the SDK's venv and one JSON argument::

    {"base_url": ..., "token": ..., "workdir": ..., "module": "Deals",
     "many": {id: {field: value}}, "one": [id, {field: value}], "read": id,
     "mass_ids": [[ids], {field: value}], "mass_cvid": [cvid, {field: value}]}

It prints one JSON line: what the SDK handed back for each step, turned into plain data with
:func:`plain` (the SDK's own objects, read through their getters and attributes). Picklist
values are sent as the SDK's ``Choice`` (field values named in ``choices``). Nothing here
patches the SDK: it is configured only through its public ``Initializer`` and its custom
``DataCenter.Environment`` (every SDK documents a custom environment for other domains).
"""

from __future__ import annotations

import datetime
import enum
import json
import os
import sys
import time
import traceback
from typing import Any

MAX_STATUS_POLLS = 20


def plain(value: Any, depth: int = 0) -> Any:
    """An SDK object as JSON-able data: its private fields by name, Choices by value."""
    if depth > 8:
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return plain(value.value, depth + 1)
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v, depth + 1) for v in value]
    get_value = getattr(value, "get_value", None)
    if callable(get_value) and type(value).__name__ == "Choice":
        return plain(get_value(), depth + 1)
    get_key_values = getattr(value, "get_key_values", None)
    if callable(get_key_values):  # a Record (or one of its subclasses)
        return plain(get_key_values(), depth + 1)
    out: dict[str, Any] = {"__class__": type(value).__name__}
    for name, v in vars(value).items():
        key = name.rsplit("__", 1)[-1]  # "_Record__key_values" -> "key_values"
        if key in ("key_modified",):
            continue
        out[key] = plain(v, depth + 1)
    return out


class Flow:
    """Adapter of one SDK family; the driver scripts fill in the differences."""

    #: the import root: "zcrmsdk" (API v2 / v2.1 SDKs) or "zohocrmsdk" (v5 and later)
    root = "zohocrmsdk"
    #: True when ``RecordOperations(module)`` holds the module (v6 and later); else each call
    #: takes the module as an argument
    ops_hold_module = True
    #: how mass update ids are typed: ``List`` of numbers up to v5, of strings from v6
    mass_update_id = str

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.module = cfg["module"]
        self.choices = set(cfg.get("choices") or ())

    def imp(self, dotted: str) -> Any:
        """``imp("crm.api.record")`` -> the module ``<root>.src.com.zoho.crm.api.record``."""
        import importlib

        return importlib.import_module(f"{self.root}.src.com.zoho.{dotted}")

    # --- set-up (overridden where the SDKs differ) ---------------------------------------------
    def environment(self, base: str) -> Any:
        dc = self.imp("crm.api.dc.data_center").DataCenter
        return dc.Environment(base, base + "/oauth/v2/token", base)

    def token(self) -> Any:
        return self.imp("api.authenticator").OAuthToken(access_token=self.cfg["token"])

    def initialize(self) -> None:
        api = self.imp("crm.api")
        logger = self.imp("api.logger").Logger
        store = self.imp("api.authenticator.store").FileStore
        work = self.cfg["workdir"]
        api.Initializer.initialize(
            environment=self.environment(self.cfg["base_url"]),
            token=self.token(),
            store=store(file_path=os.path.join(work, "tokens.txt")),
            sdk_config=api.SDKConfig(auto_refresh_fields=True, pick_list_validation=False),
            resource_path=work,
            logger=logger.get_instance(
                level=logger.Levels.INFO, file_path=os.path.join(work, "sdk.log")
            ),
        )

    # --- the SDK's classes -------------------------------------------------------------------
    @property
    def rec(self) -> Any:
        return self.imp("crm.api.record")

    def ops(self) -> Any:
        ops = self.rec.RecordOperations
        return ops(self.module) if self.ops_hold_module else ops()

    def call(self, method: str, *args: Any) -> Any:
        fn = getattr(self.ops(), method)
        return fn(*args) if self.ops_hold_module else fn(*args[:1], self.module, *args[1:])

    def call_module_first(self, method: str, *args: Any) -> Any:
        """For the calls whose old signature puts the module first (update_records, mass_*)."""
        fn = getattr(self.ops(), method)
        return fn(*args) if self.ops_hold_module else fn(self.module, *args)

    def record(self, rid: str | None, values: dict[str, Any]) -> Any:
        r = self.rec.Record()
        if rid is not None:
            r.set_id(int(rid))  # the SDKs type ids as Long and send JSON numbers
        choice = self.imp("crm.api.util").Choice
        for key, value in values.items():
            r.add_key_value(key, choice(value) if key in self.choices else value)
        return r

    @staticmethod
    def answer(response: Any) -> dict[str, Any]:
        if response is None:
            return {"status_code": None, "object": None}
        return {"status_code": response.get_status_code(), "object": plain(response.get_object())}

    # --- the scenario --------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        self.initialize()
        out: dict[str, Any] = {}

        body = self.rec.BodyWrapper()
        body.set_data([self.record(rid, values) for rid, values in self.cfg["many"].items()])
        out["update_many"] = self.answer(self.call_module_first("update_records", body))

        rid, values = self.cfg["one"]
        body = self.rec.BodyWrapper()
        body.set_data([self.record(None, values)])
        out["update_one"] = self.answer(self.call("update_record", int(rid), body))

        out["read"] = self.answer(self.call("get_record", int(self.cfg["read"])))

        ids, values = self.cfg["mass_ids"]
        mass = self.rec.MassUpdateBodyWrapper()
        mass.set_data([self.record(None, values)])
        mass.set_ids([self.mass_update_id(i) for i in ids])
        out["mass_ids"] = self.answer(self.call_module_first("mass_update_records", mass))

        cvid, values = self.cfg["mass_cvid"]
        mass = self.rec.MassUpdateBodyWrapper()
        mass.set_data([self.record(None, values)])
        mass.set_cvid(str(cvid))
        answer = self.answer(self.call_module_first("mass_update_records", mass))
        out["mass_cvid"] = answer
        job_id = answer["object"]["data"][0]["details"]["job_id"]

        polls = []
        for _ in range(MAX_STATUS_POLLS):
            params = self.imp("crm.api").ParameterMap()
            params.add(self.rec.GetMassUpdateStatusParam.job_id, str(job_id))
            polled = self.answer(self.call_module_first("get_mass_update_status", params))
            polls.append(polled)
            if polled["object"]["data"][0]["status"] == "COMPLETED":
                break
            time.sleep(0.05)
        out["mass_status"] = polls
        return out


def main(flow_class: type[Flow]) -> None:
    cfg = json.loads(sys.argv[1])
    os.chdir(cfg["workdir"])  # whatever the SDK writes by default lands in the test's tmp dir
    try:
        result = {"ok": True, "steps": flow_class(cfg).run()}
    except BaseException as exc:  # report, never hang: the test prints this and the SDK log
        result = {
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
            "detail": plain(exc),
            "traceback": traceback.format_exc(),
        }
    print(json.dumps(result, default=repr))
