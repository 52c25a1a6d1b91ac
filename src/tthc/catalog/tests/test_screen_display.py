"""How the staff catalog screens show what they show: chosen options, and the lines a new version changed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tthc.catalog import services
from tthc.catalog.records import ProcedureRecord
from tthc.core.timezone import VIETNAM

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM)
JUSTICE = "000.00.10.H99"


def record(**extra) -> dict:
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "levels": ["province"],
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "channels": [
            {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 8000},
            {"channel": "online", "processing_time": 3, "time_unit": "working_days", "fee": 4000},
        ],
        "agencies": {"implementing": [JUSTICE]},
        "online_level": "partly",
    }
    data.update(extra)
    return data


@pytest.fixture
def catalog(province):
    services.import_records(records=[record()], now=NOW)
    return province


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_edit_form_says_which_fields_and_agencies_are_chosen(client, catalog):
    html = page(client, catalog.users.control_justice, reverse("catalog:staff-edit", args=["1.001193"]))
    chosen = html[html.index('data-selected-of="id_procedure_fields"') :].split("</div>")[0]
    assert "Hộ tịch" in chosen
    chosen = html[html.index('data-selected-of="id_implementing"') :].split("</div>")[0]
    assert "Sở Tư pháp" in chosen and "Sở Xây dựng" not in chosen
    assert "/static/tthc/selection.js" in html


def test_the_history_marks_the_changed_lines_of_a_value_of_several_lines(client, catalog):
    channels = record()["channels"]
    changed = [{**channels[0], "processing_time": 7}, channels[1]]
    services.save_draft(
        record=ProcedureRecord.model_validate(record(channels=changed)),
        user=catalog.users.control_justice,
        now=NOW,
    )
    html = page(client, catalog.users.control_justice, reverse("catalog:staff-history", args=["1.001193"]))
    removed = html[html.index('<td class="diff-removed">') :].split("</td>")[0]
    added = html[html.index('<td class="diff-added">') :].split("</td>")[0]
    assert '<span class="diff-line changed">Trực tiếp: 5 ngày làm việc' in removed
    assert '<span class="diff-line">Trực tuyến: 3 ngày làm việc' in removed  # the same in both
    assert '<span class="diff-line changed">Trực tiếp: 7 ngày làm việc' in added
    assert '<span class="diff-line">Trực tuyến: 3 ngày làm việc' in added
