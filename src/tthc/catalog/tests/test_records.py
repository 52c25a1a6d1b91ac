"""The record schema: Vietnamese problem messages, and one canonical form of a time limit."""

from __future__ import annotations

import json
from decimal import Decimal

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tthc.catalog.records import ChannelRecord, ProcedureRecord, field_path, problems
from tthc.catalog.tests.conftest import make_record


def _problems(data: dict) -> dict[str, str]:
    with pytest.raises(pydantic.ValidationError) as failure:
        ProcedureRecord.model_validate(data)
    return {p["field"]: p["message"] for p in problems(failure.value.errors(), record="#1")}


def test_field_paths_name_list_items_by_index():
    assert field_path(("channels", 0, "time_unit")) == "channels[0].time_unit"
    assert field_path(("agencies", "implementing", 2)) == "agencies.implementing[2]"


def test_problems_are_worded_in_vietnamese_per_field():
    record = make_record(
        "1.00119",
        name="",
        levels=["Cấp xã!"],
        channels=[{"channel": "in_person", "processing_time": "abc", "time_unit": "working_days", "fee": -1}],
        surprise=True,
    )
    del record["fields"]

    found = _problems(record)

    assert found == {
        "code": "mã TTHC phải có dạng 1.001193 (hoặc mã địa phương như 1.000948.H38)",
        "name": "không được để trống",
        "levels[0]": "không đúng định dạng",
        "fields": "thiếu trường bắt buộc",
        "channels[0].processing_time": "phải là số",
        "channels[0].fee": "phải lớn hơn hoặc bằng 0",
        "surprise": "trường không có trong mẫu bản ghi",
    }


def test_a_channel_given_twice_is_refused_in_vietnamese():
    channel = {"channel": "online", "processing_time": 1, "time_unit": "working_days"}

    found = _problems(make_record("1.000001", channels=[channel, channel]))

    assert found == {"channels": "mỗi cách thức thực hiện chỉ được khai báo một lần"}


def test_api_locations_lose_their_body_prefix():
    error = {"type": "missing", "loc": ("body", "payload", "name"), "msg": "Field required"}
    assert problems([error], record="1.000001", prefix=("body", "payload")) == [
        {"record": "1.000001", "field": "name", "message": "thiếu trường bắt buộc"}
    ]


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2))
def test_a_time_limit_survives_a_json_round_trip_in_one_form(amount):
    channel = ChannelRecord(channel="online", processing_time=amount, time_unit="working_days")

    again = ChannelRecord.model_validate(json.loads(json.dumps(channel.model_dump(mode="json"))))

    assert again == channel
    assert again.processing_time == amount
    assert channel == ChannelRecord(
        channel="online", processing_time=f"{amount:.2f}", time_unit="working_days"
    )
