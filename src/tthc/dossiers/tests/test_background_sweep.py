"""The dossiers' sweep as it runs in production: ``tthc dossiers tick`` from cron, or the background task
that the task worker (``tthc db_worker``) runs and that re-enqueues itself, one chain only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tthc.core.tasks import run_ticks_task, schedule_sweep, waiting_sweeps
from tthc.dossiers import workflow
from tthc.dossiers.tests.helpers import MONDAY, at, receive


def forwarded(one_stop):
    dossier = receive(one_stop)  # received Monday 2 March 2026, due Monday 9 March 09:00
    return workflow.perform(dossier=dossier, action="forward", user=one_stop.users.desk_centre, now=MONDAY)


@pytest.mark.django_db
def test_the_tick_command_marks_late_dossiers_once(one_stop):
    dossier = forwarded(one_stop)
    out = io.StringIO()
    call_command("dossiers", "tick", "--at", "2026-03-09T10:00:00+07:00", stdout=out)
    assert "Quá hạn mới: 1" in out.getvalue()
    again = io.StringIO()
    call_command("dossiers", "tick", "--at", "2026-03-09T11:00:00+07:00", stdout=again)
    assert "Quá hạn mới: 0" in again.getvalue()
    dossier.refresh_from_db()
    assert dossier.late_marked_at == at("2026-03-09", "10:00")


@pytest.mark.django_db
def test_scheduling_the_background_sweep_twice_makes_one_chain(one_stop):
    out = io.StringIO()
    call_command("dossiers", "tick", "--schedule", stdout=out)
    call_command("dossiers", "tick", "--schedule", stdout=out)
    assert "Đã đặt lịch quét chạy nền" in out.getvalue()
    assert "Đã có lượt quét chạy nền đang chờ" in out.getvalue()
    assert len(waiting_sweeps(only=["dossiers"])) == 1
    assert schedule_sweep(only=["dossiers"]) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_the_sweep_and_the_sweep_enqueues_its_next_run(one_stop, settings):
    settings.TTHC_TICK_INTERVAL_SECONDS = 600
    dossier = forwarded(one_stop)
    started = timezone.now()
    first = schedule_sweep(only=["dossiers"])
    assert first is not None

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", stdout=io.StringIO())

    done = DBTaskResult.objects.get(pk=first.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value["dossiers"]["late"] == 1
    dossier.refresh_from_db()
    assert dossier.late_marked_at is not None
    (following,) = waiting_sweeps(only=["dossiers"])
    assert following.pk != done.pk
    assert following.run_after >= started + datetime.timedelta(seconds=600)


@pytest.mark.django_db
def test_a_run_of_the_task_does_not_double_a_waiting_run(one_stop):
    forwarded(one_stop)
    schedule_sweep(only=["dossiers"], delay=datetime.timedelta(minutes=5))
    counts = run_ticks_task.call(only=["dossiers"])
    assert counts["dossiers"]["late"] == 1
    assert len(waiting_sweeps(only=["dossiers"])) == 1
