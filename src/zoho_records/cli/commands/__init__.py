"""The subcommands, one module each, in the order ``zoho-records --help`` lists them."""

from __future__ import annotations

from .base import Command
from .delete import Delete
from .export import Export
from .fields import Fields
from .insert import Insert
from .mass_update import MassUpdate
from .update import Update
from .update_related import UpdateRelated
from .upsert import Upsert

COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Update(),
        Upsert(),
        Insert(),
        Delete(),
        Export(),
        MassUpdate(),
        UpdateRelated(),
        Fields(),
    )
}

__all__ = ["COMMANDS", "Command"]
