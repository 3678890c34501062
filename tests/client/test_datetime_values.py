"""A ``datetime`` in a record goes out as Zoho's date-time fields take it and Zoho's own SDKs
send it: whole seconds and a ±HH:MM offset. pydantic-core wrote microseconds and "Z", and a
naive datetime with no offset, which Zoho refuses (``INVALID_DATA``); Zoho's Python SDK
(zohocrmsdk ``DataTypeConverter``) sends ``obj.replace(microsecond=0).astimezone(tzlocal())
.isoformat()``, so a naive datetime is local time."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import ZohoClient

from .conftest import emulator_records, success_answer

UTC = dt.UTC
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time is Asia/Kolkata (+05:30, no daylight saving)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def sent_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as the client put them on the wire (one update)."""
    bodies: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return success_answer([r["id"] for r in json.loads(request.content)["data"]])

    with ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(answer)
    ) as client:
        result = client.crm.update_records("Deals", records)
    assert all(o.ok for o in result)
    return [r for body in bodies for r in json.loads(body)["data"]]


def test_an_aware_datetime_goes_in_whole_seconds_with_its_offset() -> None:
    (sent,) = sent_records([
        {
            "id": "1",
            "Utc": dt.datetime(2026, 1, 15, 9, 56, 49, 123456, tzinfo=UTC),
            "Ist": dt.datetime(2026, 1, 15, 15, 26, 49, 999999, tzinfo=IST),
        }
    ])  # fmt: skip
    assert sent["Utc"] == "2026-01-15T09:56:49+00:00"  # was ...49.123456Z
    assert sent["Ist"] == "2026-01-15T15:26:49+05:30"  # was ...49.999999+05:30 (not rounded up)


def test_a_naive_datetime_is_local_time(kolkata: None) -> None:
    (sent,) = sent_records([{"id": "1", "At": dt.datetime(2026, 1, 15, 15, 26, 49, 5)}])
    assert sent["At"] == "2026-01-15T15:26:49+05:30"  # was 2026-01-15T15:26:49.000005


def test_datetimes_inside_lists_and_subform_rows_too(kolkata: None) -> None:
    (sent,) = sent_records([
        {
            "id": "1",
            "Rows": [{"When": dt.datetime(2026, 3, 1, 8, 0)}, {"When": None}],
            "Pair": (dt.datetime(2026, 3, 1, 8, 0, tzinfo=UTC), "x"),
        }
    ])  # fmt: skip
    assert sent["Rows"] == [{"When": "2026-03-01T08:00:00+05:30"}, {"When": None}]
    assert sent["Pair"] == ["2026-03-01T08:00:00+00:00", "x"]


def test_strings_dates_and_the_other_records_go_as_they_are() -> None:
    text = "2026-01-15T09:56:49.5Z"  # the caller's own string: not ours to change
    records = [
        {"id": "1", "Text": text, "Day": dt.date(2026, 1, 15), "Naive_Text": "2026-01-15T09:56:49"},
        {"id": "2", "At": dt.datetime(2026, 1, 15, 9, 56, 49, 1, tzinfo=UTC)},
    ]
    first, second = sent_records(records)
    assert first == {
        "id": "1",
        "Text": text,
        "Day": "2026-01-15",
        "Naive_Text": "2026-01-15T09:56:49",
    }
    assert second == {"id": "2", "At": "2026-01-15T09:56:49+00:00"}
    assert records[1]["At"].microsecond == 1  # the caller's record is not changed


def test_the_emulator_takes_a_naive_datetime_it_refused(
    emulator: EmulatorServer, kolkata: None
) -> None:
    # (a naive datetime went out with no offset: INVALID_DATA, as Zoho answers it)
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        (outcome,) = client.crm.insert(
            "Leads",
            [{"Last_Name": "Naive", "Last_Contacted_At": dt.datetime(2026, 1, 15, 15, 26, 49, 7)}],
        )
    assert outcome.ok, outcome
    stored = emulator_records(emulator, "crm", "Leads")[outcome.id]
    at = dt.datetime.fromisoformat(stored["Last_Contacted_At"])
    assert at == dt.datetime(2026, 1, 15, 9, 56, 49, tzinfo=UTC)


class Stamp(dt.datetime):
    """A datetime subclass with more than microseconds, as pandas' ``Timestamp`` (whose
    ``replace(microsecond=0)`` keeps the nanoseconds and whose ``isoformat`` writes them)."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        text = super().isoformat(sep, timespec)
        return text[:19] + ".000000123" + text[19:]


def test_a_datetime_subclass_goes_by_its_fields() -> None:
    at = Stamp(2026, 1, 15, 9, 56, 49, tzinfo=UTC)
    (sent,) = sent_records([{"id": "1", "At": at}])
    assert sent["At"] == "2026-01-15T09:56:49+00:00"


def test_an_offset_with_seconds_goes_as_the_same_instant_at_whole_minutes() -> None:
    # (an offset's seconds have no ±HH:MM form: with microseconds it went out as +05:30:15,
    # which is not Zoho's form; without them pydantic-core wrote +05:30 and dropped the 15 s,
    # sending another instant; a zone's local mean time has such offsets)
    odd = dt.timezone(dt.timedelta(hours=5, minutes=30, seconds=15))
    west = dt.timezone(-dt.timedelta(hours=3, seconds=30))
    amsterdam = ZoneInfo("Europe/Amsterdam")  # +00:19:32 until 1937
    values = {
        "Odd": dt.datetime(2026, 1, 15, 15, 26, 49, tzinfo=odd),
        "Odd_Micro": dt.datetime(2026, 1, 15, 15, 26, 49, 7, tzinfo=odd),
        "West": dt.datetime(2026, 1, 15, 15, 26, 49, tzinfo=west),
        "Old": dt.datetime(1900, 1, 15, 15, 26, 49, tzinfo=amsterdam),
        "Ist": dt.datetime(2026, 1, 15, 15, 26, 49, tzinfo=IST),  # Zoho's form already
    }
    (sent,) = sent_records([{"id": "1", **values}])
    assert {k: v for k, v in sent.items() if k != "id"} == {
        "Odd": "2026-01-15T15:26:34+05:30",
        "Odd_Micro": "2026-01-15T15:26:34+05:30",
        "West": "2026-01-15T15:27:19-03:00",
        "Old": "1900-01-15T15:26:17+00:19",
        "Ist": "2026-01-15T15:26:49+05:30",
    }
    for key, value in values.items():
        assert dt.datetime.fromisoformat(sent[key]) == value.replace(microsecond=0)


def test_an_offset_with_seconds_alone_in_a_body_is_found_too() -> None:
    # (pydantic-core writes it as +05:30, a form the body scan took for Zoho's: nothing else
    # in the body made the client look for datetimes)
    odd = dt.timezone(dt.timedelta(hours=5, minutes=30, seconds=15))
    (sent,) = sent_records([{"id": "1", "At": dt.datetime(2026, 1, 15, 15, 26, 49, tzinfo=odd)}])
    assert sent["At"] == "2026-01-15T15:26:34+05:30"  # was 2026-01-15T15:26:49+05:30
