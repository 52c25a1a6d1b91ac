"""Demo data of plans: the province's TTHC-control plan for the demo year, with some progress reported.

The plan is Quảng Trị's 2021 plan (``data/ke-hoach-kstthc-quang-tri.txt``, the seed document's text), moved
to the year of ``now`` so its deadlines fall in the demo's present; the report of the task done carries its
evidence (a PDF made in code). Idempotent: once a plan was loaded from that file, later loads leave the plans
alone (whatever the year).
"""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path

from django.db import transaction

from tthc.demo.files import demo_upload
from tthc.demo.services import Tally
from tthc.organisation.models import Agency, User
from tthc.plans import services
from tthc.plans.models import Plan, Status

PLAN_FILE = Path(__file__).resolve().parent / "data" / "ke-hoach-kstthc-quang-tri.txt"
SOURCE_YEAR = 2021
COMMITTEE, OFFICE, JUSTICE = "000.00.00.H45", "000.00.01.H45", "000.00.10.H45"
# (reporting username, task number in group, group number, status, percent, note)
PROGRESS = [
    ("kiemsoat", "I", "1", Status.DONE, 100, "Đã ban hành kế hoạch và gửi các cơ quan."),
    (
        "kiemsoat",
        "II",
        "2",
        Status.IN_PROGRESS,
        60,
        "Đã công bố 120 thủ tục; còn các thủ tục lĩnh vực đất đai.",
    ),
    ("kiemsoattp", "II", "1", Status.IN_PROGRESS, 40, "Đang rà soát quy trình nội bộ lĩnh vực hộ tịch."),
]
# (group, task number) -> (file name, lines) of the evidence its report carries.
EVIDENCE = {
    ("I", "1"): (
        "Công văn gửi kế hoạch.pdf",
        (
            "Cong van gui ke hoach kiem soat thu tuc hanh chinh",
            "Van phong UBND tinh gui ke hoach den cac so, ban, nganh va UBND cap xa.",
            "Du lieu mau cua tthc.",
        ),
    ),
}


def load_demo_data(*, now: datetime.datetime) -> Tally:
    committee = Agency.objects.filter(code=COMMITTEE).first()
    officer = User.objects.filter(username="kiemsoat").first()
    if committee is None or officer is None:
        return Tally()
    year = now.year
    # 2021 becomes the demo year and 2022 the year after it ("Tháng 01/2022": the next year's report).
    text = re.sub(
        r"(?<!\d)(2021|2022)(?!\d)",
        lambda match: str(year + int(match.group(1)) - SOURCE_YEAR),
        PLAN_FILE.read_text(encoding="utf-8"),
    )
    if Plan.objects.filter(agency=committee, source_name=PLAN_FILE.name).exists():
        return Tally(unchanged=1)
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PLAN_FILE.name
        path.write_text(text, encoding="utf-8")
        plan, _ = services.import_file(
            path=str(path),
            agency=committee,
            user=officer,
            now=now,
            year=year,
            decision={
                "decision_number": "77/QĐ-UBND",
                "decision_date": datetime.date(year, 1, 13).isoformat(),
                "decision_signer": "Võ Văn Hưng",
            },
        )
        _report(plan, now=now)
    return Tally(created=1)


def _report(plan: Plan, *, now: datetime.datetime) -> None:
    users = {user.username: user for user in User.objects.filter(username__in={p[0] for p in PROGRESS})}
    for username, group, number, status, percent, note in PROGRESS:
        task = plan.tasks.filter(group__number=group, number=number).prefetch_related("lead_agencies").first()
        user = users.get(username)
        if task is None or user is None:
            continue
        occurrence = task.occurrences.order_by("sequence").first()
        occurrence.task = task
        evidence = EVIDENCE.get((group, number))
        files = [demo_upload(evidence[0], *evidence[1])] if evidence else []
        services.report_progress(
            occurrence=occurrence, user=user, now=now, status=status, percent=percent, note=note, files=files
        )
