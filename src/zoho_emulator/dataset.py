"""Datasets: the packaged default one and user-supplied JSON/YAML files.

A dataset is a mapping ``{"crm": {...}, "bigin": {...}}``; each product part has ``org``,
``current_user``, ``users``, ``modules`` (field declarations, see :mod:`zoho_emulator.schema`),
``records`` (module -> list of records), and optionally ``relations``, ``custom_views``,
``territories``. The default dataset makes every sample request of the Zoho docs replay with
the doc's sample result.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

PRODUCTS = ("crm", "bigin")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str, name: str) -> dict[str, Any]:
    if name.endswith(".json"):
        data = json.loads(text)
    else:
        data = yaml.load(text, Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"dataset {name}: top level must be a mapping")
    return data


@functools.lru_cache(maxsize=1)
def _default_dataset() -> dict[str, Any]:
    text = resources.files("zoho_emulator").joinpath("data/default_dataset.yaml").read_text("utf-8")
    return _parse(text, "default_dataset.yaml")


@functools.lru_cache(maxsize=8)
def _file_dataset(path: str, mtime: float) -> dict[str, Any]:
    return _parse(Path(path).read_text("utf-8"), path)


def default_dataset() -> dict[str, Any]:
    """A fresh copy of the packaged default dataset."""
    return copy.deepcopy(_default_dataset())


def load_dataset(source: str | os.PathLike[str] | dict[str, Any] | None) -> dict[str, Any]:
    """A fresh dataset from a file path, an already-parsed mapping, or the default (None).

    A product part missing from a user dataset is taken from the default dataset, so a file may
    describe only ``crm`` or only ``bigin``.
    """
    if source is None:
        return default_dataset()
    if isinstance(source, dict):
        data = copy.deepcopy(source)
    else:
        p = str(source)
        data = copy.deepcopy(_file_dataset(p, os.path.getmtime(p)))
    base = _default_dataset()
    for product in PRODUCTS:
        if product not in data:
            data[product] = copy.deepcopy(base[product])
    return data
