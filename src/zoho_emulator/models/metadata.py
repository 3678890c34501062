"""Metadata: the module the settings endpoints describe (``responses`` renders its fields)."""

from __future__ import annotations

from ..exceptions import ZohoError
from ..schema import ModuleDef
from .base import BackendBase


class MetadataOps(BackendBase):
    """What the settings endpoints read."""

    def settings_module(self, product: str, module: str | None) -> ModuleDef:
        if module is None or module == "":
            raise ZohoError(
                code="REQUIRED_PARAM_MISSING",
                message="One of the expected parameter is missing",
                status=400,
                details={"param": "module"},
            )
        return self.products[product].settings_module_def(module)
