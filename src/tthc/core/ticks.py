"""The periodic sweep: each capability registers a tick (mark late work, send reminders, retry messages).

``tthc tick`` runs every registered tick; ``tthc tick --only dossiers`` (or ``tthc dossiers tick``) one
of them; the ``run_ticks_task`` background task does the same from the task worker. A tick is a function
``fn(*, now) -> dict`` of counts; it must be idempotent (running it twice at the same instant changes nothing
more), because cron and the worker may both run it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

TickFunction = Callable[..., dict]
_TICKS: dict[str, TickFunction] = {}


def register_tick(name: str):
    def decorator(fn: TickFunction) -> TickFunction:
        _TICKS[name] = fn
        return fn

    return decorator


def tick_names() -> list[str]:
    return sorted(_TICKS)


def run_ticks(*, now: datetime.datetime | None = None, only: list[str] | None = None) -> dict[str, dict]:
    """Run the named ticks (all when ``only`` is None) at ``now``; returns each tick's counts."""
    now = now or timezone.now()
    unknown = sorted(set(only or []) - set(_TICKS))
    if unknown:
        raise KeyError(", ".join(unknown))
    return {name: _TICKS[name](now=now) for name in (only or tick_names())}
