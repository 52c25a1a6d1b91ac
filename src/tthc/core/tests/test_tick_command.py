"""``tthc tick``: the whole system's periodic sweep, run now from cron or started in the background."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tthc.core.tasks import waiting_sweeps
from tthc.core.ticks import tick_names

pytestmark = pytest.mark.django_db


def test_the_sweep_runs_every_capabilitys_tick_and_names_each():
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == list(tick_names())


def test_scheduling_the_whole_sweep_starts_one_background_chain():
    out = io.StringIO()
    call_command("tick", "--schedule", stdout=out)
    call_command("tick", "--schedule", stdout=out)
    assert "Đã đặt lịch quét chạy nền" in out.getvalue()
    assert "Đã có lượt quét chạy nền đang chờ" in out.getvalue()
    assert len(waiting_sweeps(only=None)) == 1


def test_an_unknown_tick_is_refused_before_anything_is_scheduled():
    with pytest.raises(CommandError) as refused:
        call_command("tick", "--only", "khong-co", "--schedule")
    assert refused.value.returncode == 2 and "khong-co" in str(refused.value)
    assert waiting_sweeps(only=["khong-co"]) == []
