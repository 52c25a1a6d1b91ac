"""Demo dossiers: about thirty dossiers at the demo desks, in every state a desk, a specialist and a citizen
meet — received, forwarded, being appraised, waiting for a supplement, approved, returned and rated, one
late, one apologised for — and the approved internal process of one procedure.

Every dossier is made the way the application makes them — :func:`tthc.dossiers.services.receive` at the
desk, then :func:`tthc.dossiers.workflow.perform` for each move, by the demo user whose role takes it — at
instants placed on the working calendar a number of working days before ``now``, so due dates, lateness and
the 3-working-day supplement rule come out as they would in real work. Idempotent: when demo dossiers exist
(idempotency keys ``demo-NNN``) nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from tthc.catalog.models import ProcedureVersion
from tthc.core.timezone import VIETNAM
from tthc.demo.services import Tally
from tthc.dossiers import deadlines, services, workflow
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import Dossier, InternalProcess, ProcessStep, Status
from tthc.dossiers.services import ApplicantData, DocumentGiven, Intake, PaymentData
from tthc.organisation.models import Agency, Role, User
from tthc.workcalendar.arithmetic import is_working_day

KEY_PREFIX = "demo-"
JUSTICE, CONSTRUCTION = "000.00.10.H45", "000.00.12.H45"
CENTRE_DESK, COMMUNE_DESK = "000.01.30.H45", "001.06.50.H45"
# The demo logins (src/tthc/demo/data/users.json) by the part they play.
USERS = {
    "desk": "motcua",
    "specialist": "chuyenvien",
    "approver": "pheduyet",
    "commune_desk": "motcuaxa",
    "commune_specialist": "chuyenvienxa",
}
# Procedures of Sở Tư pháp (received at the province's service centre) and of a commune.
NOTARY = "1.001071"  # Đăng ký hoạt động Văn phòng công chứng — 10 working days, 1,000,000 đ
LAWYERS = "1.002032"  # Đăng ký hoạt động của tổ chức hành nghề luật sư — 10 working days, 100,000 đ
NOTARY_TRAINEE = "2.000789"  # Đăng ký tập sự hành nghề công chứng — 7 working days, free
MARRIAGE = "1.000894"  # Đăng ký kết hôn (commune) — 5 working days
BIRTH_AGAIN = "1.004884"  # Đăng ký lại khai sinh (commune) — 5 working days

PEOPLE = [
    ("Nguyễn Thị Lan", "045190001234", "0912345678", "12 Lê Lợi, phường Đông Hà"),
    ("Trần Văn Minh", "045085002345", "0935111222", "45 Hùng Vương, phường Đông Hà"),
    ("Lê Thị Hồng", "045192003456", "0905333444", "8 Trần Hưng Đạo, phường Đông Hà"),
    ("Phạm Quốc Việt", "045088004567", "0978555666", "21 Quang Trung, phường Đông Hà"),
    ("Hoàng Thị Mai", "045195005678", "0914777888", "3 Nguyễn Huệ, phường Đông Hà"),
    ("Võ Đức Thắng", "045079006789", "0945999000", "17 Lý Thường Kiệt, phường Đông Hà"),
    ("Đặng Thị Thu", "045199007890", "0966121212", "60 Lê Duẩn, phường Đông Hà"),
    ("Bùi Văn Hải", "045083008901", "0983343434", "9 Phan Bội Châu, phường Đông Hà"),
    ("Hồ Thị Ngọc", "045196009012", "0917565656", "102 Hàm Nghi, phường Đông Hà"),
    ("Ngô Minh Tuấn", "045090010123", "0938787878", "5 Tôn Thất Thuyết, phường Đông Hà"),
]
ORGANISATIONS = [
    ("Văn phòng công chứng Đông Hà", "3200123456", "0233385001", "88 Lê Duẩn, phường Đông Hà"),
    ("Công ty Luật TNHH Quảng Trị", "3200654321", "0233385002", "14 Hùng Vương, phường Đông Hà"),
]


@dataclass(frozen=True)
class Step:
    """A move on the dossier ``days`` working days before ``now`` at ``clock``, by the user playing ``by``."""

    action: str
    days: int
    clock: str
    by: str
    reason: str = ""
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    procedure: str
    applicant: int  # index into PEOPLE, or -1 / -2 for ORGANISATIONS
    days: int  # received that many working days before now
    clock: str
    steps: tuple[Step, ...] = ()
    commune: bool = False
    outcome: str = Status.RECEIVED
    missing: tuple[str, ...] = ()
    reason: str = ""
    rating: tuple[int, str] | None = None


def _path_to_processing(received: int, by: str = "specialist") -> tuple[Step, ...]:
    desk = "commune_desk" if by.startswith("commune") else "desk"
    return (
        Step("forward", received, "15:40" if received else "14:00", desk),
        Step("assign", max(received - 1, 0), "08:30", by),
    )


def _to_result(received: int, *, approve_day: int, return_day: int | None) -> tuple[Step, ...]:
    steps = (
        *_path_to_processing(received),
        Step("appraise", approve_day + 1, "10:00", "specialist", payload={"result": "Hồ sơ đủ điều kiện"}),
        Step("approve", approve_day, "15:00", "approver"),
        Step("send_result", approve_day, "16:00", "specialist"),
    )
    if return_day is not None:
        steps += (Step("return_result", return_day, "09:30", "desk", payload={"method": "in_person"}),)
    return steps


SUPPLEMENT_NOTE = "Bổ sung bản sao chứng chỉ hành nghề công chứng của công chứng viên hợp danh."
SCENARIOS: list[Scenario] = [
    # Just received at the service centre's desk: the desk must forward them.
    Scenario(NOTARY_TRAINEE, 0, 1, "09:10"),
    Scenario(LAWYERS, -2, 1, "10:20"),
    Scenario(NOTARY_TRAINEE, 1, 1, "14:30"),
    # Forwarded to Sở Tư pháp, not yet assigned.
    Scenario(NOTARY_TRAINEE, 2, 2, "08:45", (Step("forward", 2, "10:00", "desk"),)),
    Scenario(NOTARY, -1, 2, "15:20", (Step("forward", 2, "16:00", "desk"),)),
    # Being appraised.
    Scenario(NOTARY_TRAINEE, 3, 3, "09:00", _path_to_processing(3)),
    Scenario(LAWYERS, 4, 4, "10:30", _path_to_processing(4)),
    Scenario(NOTARY, 5, 3, "14:15", _path_to_processing(3)),
    # Appraised, waiting for the approver.
    Scenario(
        NOTARY_TRAINEE,
        6,
        4,
        "08:20",
        (*_path_to_processing(4), Step("appraise", 1, "11:00", "specialist")),
    ),
    # Waiting for a supplement (requested within 3 working days of receipt: the clock is paused).
    Scenario(
        NOTARY,
        -1,
        3,
        "09:40",
        (*_path_to_processing(3), Step("request_supplement", 1, "10:15", "specialist", SUPPLEMENT_NOTE)),
    ),
    Scenario(
        LAWYERS,
        7,
        2,
        "08:50",
        (
            *_path_to_processing(2),
            Step("request_supplement", 1, "15:00", "specialist", "Bổ sung danh sách luật sư thành viên."),
        ),
    ),
    # Supplemented: the clock restarted from the complete dossier.
    Scenario(
        NOTARY_TRAINEE,
        8,
        6,
        "09:30",
        (
            *_path_to_processing(6),
            Step("request_supplement", 4, "10:00", "specialist", "Bổ sung giấy xác nhận thời gian công tác."),
            Step("receive_supplement", 2, "08:40", "desk"),
        ),
    ),
    # Consulting Sở Xây dựng.
    Scenario(
        LAWYERS,
        9,
        5,
        "10:00",
        (
            *_path_to_processing(5),
            Step(
                "request_consultation",
                2,
                "09:00",
                "specialist",
                "Xin ý kiến về địa điểm đặt trụ sở.",
                {"agency": CONSTRUCTION},
            ),
        ),
    ),
    # Approved, the result not yet sent to the desk.
    Scenario(
        NOTARY_TRAINEE,
        0,
        5,
        "08:15",
        (
            *_path_to_processing(5),
            Step("appraise", 2, "10:00", "specialist"),
            Step("approve", 1, "15:00", "approver"),
        ),
    ),
    # Results at the desk, waiting for the applicant.
    Scenario(NOTARY_TRAINEE, 1, 7, "09:05", _to_result(7, approve_day=2, return_day=None)),
    Scenario(LAWYERS, 2, 9, "14:00", _to_result(9, approve_day=1, return_day=None)),
    # Refused after appraisal (within the time limit), the refusal sent to the desk.
    Scenario(
        NOTARY_TRAINEE,
        3,
        6,
        "10:40",
        (
            *_path_to_processing(6),
            Step(
                "refuse",
                2,
                "14:00",
                "approver",
                "Người đề nghị chưa đủ điều kiện tập sự: chưa có bằng tốt nghiệp khóa đào tạo nghề "
                "công chứng.",
            ),
            Step("send_result", 2, "16:00", "specialist"),
        ),
    ),
    # Returned, most of them rated.
    Scenario(NOTARY_TRAINEE, 4, 12, "08:30", _to_result(12, approve_day=7, return_day=6), rating=(5, "")),
    Scenario(
        NOTARY,
        -1,
        14,
        "09:15",
        _to_result(14, approve_day=6, return_day=5),
        rating=(5, "Cán bộ hướng dẫn tận tình, trả kết quả trước hẹn."),
    ),
    Scenario(LAWYERS, -2, 15, "15:30", _to_result(15, approve_day=8, return_day=7), rating=(4, "")),
    Scenario(NOTARY_TRAINEE, 5, 9, "10:10", _to_result(9, approve_day=4, return_day=3)),
    # Returned late (approved after the 7 working days), rated low.
    Scenario(
        NOTARY_TRAINEE,
        6,
        13,
        "09:00",
        _to_result(13, approve_day=3, return_day=2),
        rating=(2, "Trễ hẹn mà không được thông báo trước."),
    ),
    # Late: 7 working days long past, still being appraised.
    Scenario(NOTARY_TRAINEE, 7, 11, "08:40", _path_to_processing(11)),
    # Apologised for (form 04) with a new date, once.
    Scenario(
        NOTARY,
        -1,
        9,
        "09:20",
        (
            *_path_to_processing(9),
            Step(
                "apologise",
                3,
                "10:00",
                "specialist",
                "Chờ kết quả xác minh trụ sở từ cơ quan địa phương.",
                {"new_due_days": 5},
            ),
        ),
    ),
    # Guided to complete at the desk (form 02), refused at the desk (form 03), withdrawn.
    Scenario(
        NOTARY_TRAINEE,
        8,
        2,
        "10:50",
        outcome=Status.GUIDED,
        missing=(
            "Bằng tốt nghiệp khóa đào tạo nghề công chứng (bản sao có chứng thực)",
            "Giấy chứng nhận sức khỏe",
        ),
    ),
    Scenario(
        LAWYERS,
        9,
        3,
        "16:10",
        outcome=Status.REFUSED_AT_INTAKE,
        reason="Thủ tục không thuộc thẩm quyền: tổ chức hành nghề luật sư có trụ sở ngoài tỉnh.",
    ),
    Scenario(
        NOTARY_TRAINEE,
        2,
        4,
        "09:00",
        (
            Step("forward", 4, "10:00", "desk"),
            Step("withdraw", 2, "14:00", "desk", "Công dân xin rút hồ sơ."),
        ),
    ),
    # At the commune's one-stop desk (phường Đông Hà).
    Scenario(MARRIAGE, 0, 1, "08:15", commune=True),
    Scenario(BIRTH_AGAIN, 3, 2, "09:45", (Step("forward", 2, "10:30", "commune_desk"),), commune=True),
    Scenario(MARRIAGE, 4, 3, "14:20", _path_to_processing(3, "commune_specialist"), commune=True),
    Scenario(BIRTH_AGAIN, 5, 2, "08:00", _path_to_processing(2, "commune_specialist"), commune=True),
    Scenario(
        BIRTH_AGAIN,
        6,
        3,
        "10:00",
        (
            *_path_to_processing(3, "commune_specialist"),
            Step(
                "request_supplement",
                1,
                "09:00",
                "commune_specialist",
                "Bổ sung bản sao giấy tờ chứng minh nơi cư trú.",
            ),
        ),
        commune=True,
    ),
]


def demo_dossiers():
    # Stored keys are prefixed with their sender (services.scoped_idempotency_key): "u12:demo-001".
    return Dossier.objects.filter(idempotency_key__contains=f":{KEY_PREFIX}")


def load_demo_data(*, now: datetime.datetime) -> Tally:
    existing = demo_dossiers().count()
    if existing:
        return Tally(unchanged=existing)
    users = {part: User.objects.filter(username=name).first() for part, name in USERS.items()}
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=[JUSTICE, CONSTRUCTION, CENTRE_DESK, COMMUNE_DESK])
    }
    versions = {
        v.procedure.code: v
        for v in ProcedureVersion.objects.in_force(now.astimezone(VIETNAM).date())
        .filter(procedure__code__in=[NOTARY, LAWYERS, NOTARY_TRAINEE, MARRIAGE, BIRTH_AGAIN])
        .select_related("procedure")
        .prefetch_related("documents")
    }
    if None in users.values() or len(agencies) < 4 or len(versions) < 5:
        return Tally()  # not the demo province: nothing to show
    calendar = calendar_around(agencies[JUSTICE], now)
    days = _working_days_before(now, calendar=calendar, count=max(s.days for s in SCENARIOS) + 1)
    with transaction.atomic():
        # The process first: the notary-office dossiers below follow its steps.
        _internal_process(version=versions[NOTARY], justice=agencies[JUSTICE], desk=agencies[CENTRE_DESK])
        for number, scenario in enumerate(SCENARIOS, start=1):
            _play(number, scenario, now=now, days=days, users=users, agencies=agencies, versions=versions)
    # The tally counts dossiers (``tthc demo load`` prints it as "hồ sơ").
    return Tally(created=len(SCENARIOS))


def _working_days_before(now: datetime.datetime, *, calendar, count: int) -> list[datetime.date]:
    """``days[n]``: the n-th working day before today (``days[0]`` is today, whether worked or not)."""
    today = now.astimezone(VIETNAM).date()
    found = [today]
    day = today
    while len(found) <= count:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, calendar=calendar):
            found.append(day)
    return found


def _instant(days: list[datetime.date], n: int, clock: str) -> datetime.datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.datetime.combine(days[n], datetime.time(hours, minutes), tzinfo=VIETNAM)


def _applicant(index: int) -> ApplicantData:
    if index < 0:
        name, tax_code, phone, address = ORGANISATIONS[-index - 1]
        return ApplicantData(
            kind="organisation", name=name, identifier=tax_code, address=address, phone=phone
        )
    name, identifier, phone, address = PEOPLE[index]
    return ApplicantData(kind="person", name=name, identifier=identifier, address=address, phone=phone)


def _play(number: int, scenario: Scenario, *, now, days, users, agencies, versions) -> Dossier:
    version = versions[scenario.procedure]
    received_at = _instant(days, scenario.days, scenario.clock)
    desk_user = users["commune_desk" if scenario.commune else "desk"]
    fee = next((int(c.fee or 0) for c in version.channels.all() if c.channel == "in_person"), 0)
    payment = None
    if fee and scenario.outcome == Status.RECEIVED:
        payment = PaymentData(
            amount=fee, method="cash", receipt_number=f"BL{received_at:%y%m%d}-{number:03d}"
        )
    # A procedure with several cases: the dossier is of the first one, with that case's documents.
    case = next((d.case for d in version.documents.all() if d.case), "")
    dossier = services.receive(
        intake=Intake(
            procedure_code=scenario.procedure,
            applicant=_applicant(scenario.applicant),
            case=case,
            documents=[
                DocumentGiven(position=d.position)
                for d in version.documents.all()
                if not d.case or d.case == case
            ],
            payment=payment,
        ),
        desk=agencies[COMMUNE_DESK if scenario.commune else CENTRE_DESK],
        user=desk_user,
        now=received_at,
        outcome=scenario.outcome,
        missing=list(scenario.missing),
        reason=scenario.reason,
        idempotency_key=f"{KEY_PREFIX}{number:03d}",
    )
    for step in scenario.steps:
        payload = dict(step.payload)
        if "agency" in payload:
            payload["agency"] = agencies[payload["agency"]]
        if "new_due_days" in payload:
            payload["new_due_at"] = deadlines.due_instant(
                dossier.due_at,
                amount=payload.pop("new_due_days"),
                unit="working_days",
                calendar=calendar_around(dossier.competent_agency, dossier.due_at),
            )
        dossier = workflow.perform(
            dossier=dossier,
            action=step.action,
            user=users[step.by],
            now=_instant(days, step.days, step.clock),
            reason=step.reason,
            **payload,
        )
    if scenario.rating is not None:
        score, comment = scenario.rating
        returned = dossier.returned_at or now
        services.rate(
            dossier=dossier,
            score=score,
            comment=comment,
            now=min(now, returned + datetime.timedelta(hours=2)),
        )
    return dossier


def _internal_process(*, version: ProcedureVersion, justice: Agency, desk: Agency) -> None:
    """The approved internal process of the notary-office registration at Sở Tư pháp (kept when it exists)."""
    process, created = InternalProcess.objects.get_or_create(
        procedure_id=version.procedure_id,
        agency=justice,
        defaults={"decision": "Quyết định số 2150/QĐ-UBND", "approved_on": datetime.date(2025, 9, 15)},
    )
    if not created:
        return
    steps = [
        (
            "Tiếp nhận, kiểm tra hồ sơ, chuyển Sở Tư pháp",
            ProcessStep.Kind.RECEIVE,
            desk,
            Role.DESK_OFFICER,
            5,
        ),
        ("Thẩm định hồ sơ, xác minh trụ sở", ProcessStep.Kind.APPRAISE, None, Role.SPECIALIST, 60),
        ("Lãnh đạo Sở xem xét, ký quyết định", ProcessStep.Kind.APPROVE, None, Role.APPROVER, 25),
        (
            "Trả kết quả tại Trung tâm Phục vụ hành chính công",
            ProcessStep.Kind.RETURN,
            desk,
            Role.DESK_OFFICER,
            10,
        ),
    ]
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process, position=i, name=name, kind=kind, agency=agency, role=role, share_percent=share
        )
        for i, (name, kind, agency, role, share) in enumerate(steps, start=1)
    )
