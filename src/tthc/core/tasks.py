"""Background tasks of the core: the periodic sweep, run by the django-tasks worker (``tthc db_worker``).

The sweep keeps itself going: each run of :func:`run_ticks_task` enqueues the next one ``interval`` later
(``TTHC_TICK_INTERVAL_SECONDS``, 300 by default) unless a run of the same sweep is already waiting, so a
retried or doubled run never makes two chains. :func:`schedule_sweep` starts the chain (``tthc dossiers tick
--schedule`` after a deployment; it does nothing when a run is already waiting). Cron calling ``tthc tick``
stays an equivalent alternative: the ticks are idempotent, so both may run.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from tthc.core.ticks import run_ticks

DEFAULT_INTERVAL_SECONDS = 300


def interval() -> datetime.timedelta:
    return datetime.timedelta(
        seconds=getattr(settings, "TTHC_TICK_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS)
    )


@task()
def run_ticks_task(only: list[str] | None = None, reschedule: bool = True) -> dict:
    """Run the ticks (all, or ``only`` those named) now, then enqueue the next run of the same sweep."""
    counts = run_ticks(only=only)
    if reschedule:
        schedule_sweep(only=only, delay=interval())
    return counts


def waiting_sweeps(*, only: list[str] | None = None) -> list:
    """The runs of the sweep ``only`` waiting in the database queue (empty for a backend without one)."""
    backend = run_ticks_task.get_backend()
    if not backend.supports_get_result or type(backend).__module__ != "django_tasks_db.backend":
        return []
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=run_ticks_task.module_path, status=TaskResultStatus.READY, backend_name=backend.alias
    )
    wanted = sorted(only) if only else None
    return [
        row
        for row in waiting
        if (sorted(row.args_kwargs.get("kwargs", {}).get("only") or []) or None) == wanted
    ]


def schedule_sweep(
    *, only: list[str] | None = None, delay: datetime.timedelta = datetime.timedelta(0), now=None
):
    """Enqueue a run of the sweep ``delay`` from ``now`` unless one is already waiting; the task result, or
    None when nothing was enqueued."""
    if waiting_sweeps(only=only):
        return None
    backend = run_ticks_task.get_backend()
    if not backend.supports_defer:
        return None  # a backend that runs tasks at once would loop; cron runs the sweep instead
    run_after = (now or timezone.now()) + delay
    return run_ticks_task.using(run_after=run_after).enqueue(only=sorted(only) if only else None)


def start_sweep(*, only: list[str] | None = None) -> str:
    """Start the background chain of the sweep ``only`` (all ticks when None) unless a run is waiting; what
    happened, in Vietnamese, for the command that asked."""
    result = schedule_sweep(only=only)
    if result is not None:
        return f"Đã đặt lịch quét chạy nền (mã tác vụ {result.id})."
    waiting = waiting_sweeps(only=only)
    when = (
        f" lúc {timezone.localtime(waiting[0].run_after):%H:%M %d/%m/%Y}"
        if waiting
        else " (hàng đợi tác vụ không hỗ trợ hẹn giờ: hãy chạy tthc tick từ cron)"
    )
    return f"Đã có lượt quét chạy nền đang chờ{when}; không đặt thêm."
