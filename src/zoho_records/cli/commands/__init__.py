"""The subcommands, one module each, in the order ``zoho-records --help`` lists them."""

from __future__ import annotations

from .base import Command
from .fields import Fields
from .mass_update import MassUpdate
from .update import Update
from .update_related import UpdateRelated
from .upsert import Upsert

COMMANDS: dict[str, Command] = {
    c.name: c for c in (Update(), Upsert(), MassUpdate(), UpdateRelated(), Fields())
}

__all__ = ["COMMANDS", "Command"]
