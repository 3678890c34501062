"""The emulator's seams, without HTTP: the backend called with typed arguments returns domain
results; ``responses.write_status`` alone decides a write's HTTP status; errors are keyword-only
and rendered in one place."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_emulator.exceptions import EmulatorError, RecordError, ZohoError
from zoho_emulator.models import Backend, MassUpdateArgs, Related, Scheduled, Written
from zoho_emulator.responses import render_write, write_status

DEAL = "3652397000003852095"
CVID = "554023000000091530"


@pytest.fixture
def backend() -> Backend:
    return Backend()


def written(action: str = "update") -> Written:
    rec = {"id": "1", "Modified_Time": "t", "Modified_By": {}, "Created_Time": "t"}
    return Written(dict(rec, Created_By={}), action)  # type: ignore[arg-type]


def failed(status: int = 400, code: str = "INVALID_DATA") -> RecordError:
    return RecordError(code=code, message="m", status=status)


@pytest.mark.parametrize(
    ("results", "status"),
    [
        ([written()], 200),
        ([written("insert"), written("insert")], 201),
        ([written("insert"), written("update")], 200),
        ([Related("1")], 200),
        ([written(), failed()], 207),
        ([failed(), failed()], 400),
        ([failed(412, "ALREADY_MODIFIED")], 412),
        ([failed(202, "MANDATORY_NOT_FOUND"), failed(202)], 202),
        ([failed(400), failed(412, "ALREADY_MODIFIED")], 207),
        (Scheduled("9"), 202),
    ],
)
def test_write_status_is_one_rule(results: Any, status: int) -> None:
    assert write_status(results) == status
    assert render_write(results)[0] == status


def test_backend_update_takes_typed_arguments_and_returns_domain_results(
    backend: Backend,
) -> None:
    results = backend.update_records(
        "crm", "Deals", [{"id": DEAL, "Amount": 10}, {"id": "1"}, "not a record"]
    )
    ok, missing, not_object = results
    assert isinstance(ok, Written) and ok.action == "update" and ok.record["Amount"] == 10
    assert isinstance(missing, RecordError) and missing.code == "INVALID_DATA"
    assert isinstance(not_object, RecordError) and not_object.details["json_path"] == "$.data[2]"
    assert backend.get_record("crm", "Deals", DEAL)["Amount"] == 10


def test_backend_upsert_says_insert_or_update(backend: Backend) -> None:
    (inserted,) = backend.upsert_records(
        "crm", "Deals", [{"Deal_Name": "Seam", "Stage": "Qualification"}]
    )
    assert isinstance(inserted, Written) and inserted.action == "insert"
    (updated,) = backend.upsert_records(
        "crm",
        "Deals",
        [{"Deal_Name": "Seam", "Amount": 5}],
        duplicate_check_fields=["Deal_Name"],
    )
    assert isinstance(updated, Written)
    assert (updated.action, updated.duplicate_field) == ("update", "Deal_Name")
    assert updated.record["id"] == inserted.record["id"]


def test_backend_mass_update_by_ids_and_by_view(backend: Backend) -> None:
    by_ids = backend.mass_update(
        "crm", "Deals", MassUpdateArgs(fields={"Stage": "Closed Won"}, ids=[DEAL, "1"])
    )
    assert isinstance(by_ids, list)
    assert isinstance(by_ids[0], Written) and by_ids[0].record["Stage"] == "Closed Won"
    assert isinstance(by_ids[1], RecordError)
    job = backend.mass_update(
        "crm", "Deals", MassUpdateArgs(fields={"Stage": "Qualification"}, cvid=CVID)
    )
    assert isinstance(job, Scheduled)
    assert backend.mass_update_status("crm", "Deals", job.job_id)["Status"] in (
        "SCHEDULED",
        "RUNNING",
        "COMPLETED",
    )
    with pytest.raises(ZohoError) as exc:
        backend.mass_update("crm", "Deals", MassUpdateArgs(fields={"Stage": "Qualification"}))
    assert (exc.value.code, exc.value.details["api_name"]) == ("MANDATORY_NOT_FOUND", "cvid")


def test_errors_are_keyword_only_and_rendered_in_one_place() -> None:
    with pytest.raises(TypeError):
        ZohoError("CODE", "message")  # type: ignore[misc]
    with pytest.raises(TypeError):
        RecordError("CODE", "message")  # type: ignore[misc]
    top = ZohoError(code="C", message="m", status=401, details={"a": 1})
    item = RecordError(code="C", message="m", status=401, details={"a": 1})
    assert isinstance(top, EmulatorError) and isinstance(item, EmulatorError)
    assert (
        top.to_wire()
        == item.to_wire()
        == {
            "code": "C",
            "details": {"a": 1},
            "message": "m",
            "status": "error",
        }
    )
    assert EmulatorError.to_wire is ZohoError.to_wire is RecordError.to_wire


def test_the_backend_knows_nothing_of_http() -> None:
    """No module of the backend imports the web stack or builds an envelope or a status."""
    import ast
    from pathlib import Path

    import zoho_emulator.models as models

    for path in Path(models.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(
                    n.split(".")[0] in {"starlette", "uvicorn"} or n.endswith("responses")
                    for n in names
                ), f"{path.name} imports {names}"
            if isinstance(node, ast.Constant) and node.value in ("success", SUCCESS_CODE):
                raise AssertionError(f"{path.name}:{node.lineno} builds a wire result")


SUCCESS_CODE = "SUCCESS"
