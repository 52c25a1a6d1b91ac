"""Small builders shared by the dossier tests."""

from __future__ import annotations

import datetime

from tthc.core.timezone import VIETNAM
from tthc.dossiers import services
from tthc.dossiers.services import ApplicantData, DocumentGiven, Intake


def at(day: str, clock: str = "09:00") -> datetime.datetime:
    """``at("2026-03-02", "15:30")``: an instant in Vietnamese time."""
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=VIETNAM)


# Monday 2 March 2026, 09:00 — a plain working week (no holiday until 30 April).
MONDAY = at("2026-03-02")


def applicant(**overrides) -> ApplicantData:
    data = dict(
        kind="person",
        name="Nguyễn Thị Lan",
        identifier="045190001234",
        address="12 Lê Lợi, phường Đông Hà",
        phone="0912345678",
        email="lan@example.vn",
    )
    data.update(overrides)
    return ApplicantData(**data)


def intake(code: str, **overrides) -> Intake:
    values = dict(
        procedure_code=code,
        applicant=applicant(),
        documents=[DocumentGiven(position=0), DocumentGiven(position=1)],
    )
    values.update(overrides)
    return Intake(**values)


def receive(one_stop, *, now=MONDAY, user=None, desk=None, **overrides):
    return services.receive(
        intake=intake(one_stop.procedure_code, **overrides),
        desk=desk or one_stop.centre,
        user=user or one_stop.users.desk_centre,
        now=now,
    )
