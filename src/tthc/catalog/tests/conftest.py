"""Fixtures of the catalog tests: the sample records, a moment to act at, and records made to measure."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import pytest

from tthc.catalog import services
from tthc.core.timezone import VIETNAM

DATA = Path(__file__).parent / "data"
SAMPLE_FILE = DATA / "procedures.json"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
TODAY = NOW.date()


def sample_records() -> list[dict]:
    return json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))["procedures"]


def make_record(code: str, *, agency: str = "000.00.10.H99", **overrides) -> dict:
    """A small valid record implemented by ``agency`` (Sở Tư pháp by default)."""
    record = {
        "code": code,
        "name": f"Thủ tục thử nghiệm {code}",
        "levels": ["province"],
        "fields": [{"code": "TN", "name": "Thử nghiệm"}],
        "channels": [
            {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 50000}
        ],
        "agencies": {"implementing": [agency]},
    }
    record.update(overrides)
    return record


@pytest.fixture
def records() -> list[dict]:
    return copy.deepcopy(sample_records())


@pytest.fixture
def imported(province, records):
    """The province with the sample records imported at :data:`NOW`."""
    services.import_records(records=records, now=NOW)
    return province
