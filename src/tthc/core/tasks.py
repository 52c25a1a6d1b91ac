"""Background tasks of the core: the periodic sweep, run by the django-tasks worker."""

from django_tasks import task

from tthc.core.ticks import run_ticks


@task()
def run_ticks_task(only: list[str] | None = None) -> dict:
    return run_ticks(only=only)
