"""Mass-update jobs (the scheduler type: by custom view and territory).

A job moves SCHEDULED -> RUNNING -> COMPLETED. It advances deterministically: with
``job_step_seconds == 0`` every status poll reports the current state and then advances one
step, and a job nobody polls ends 10 s after it was scheduled (``UNPOLLED_JOB_SECONDS``: else
its view would answer ALREADY_SCHEDULED for good); with ``job_step_seconds > 0`` it advances one step per that many seconds (checked on
every request). The first half of the records is updated on entering RUNNING, the rest on
entering COMPLETED.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("SCHEDULED", "RUNNING", "COMPLETED")


@dataclass
class MassUpdateJob:
    job_id: str
    module: str
    cvid: str
    fields: dict[str, Any]
    over_write: bool
    record_ids: list[str]
    user_id: str
    created: float
    step: int = 0
    done: int = 0
    updated: int = 0
    not_updated: int = 0
    failed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return STATUSES[min(self.step, 2)]

    def report(self) -> dict[str, Any]:
        return {
            "Status": self.status,
            "Total_Count": len(self.record_ids),
            "Updated_Count": self.updated,
            "Not_Updated_Count": self.not_updated,
            "Failed_Count": self.failed,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MassUpdateJob:
        return cls(**d)
