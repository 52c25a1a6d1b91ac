"""Progress on tasks: lead agencies report, partners note, evidence is checked, agencies derive their plan."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tthc.core.errors import DomainError, PermissionDenied, ValidationFailed
from tthc.organisation.models import Role
from tthc.plans import selectors, services
from tthc.plans.models import Evidence, Plan, PlanEvent, ProgressReport, Status
from tthc.plans.tests.conftest import NOW
from tthc.testing.factories import staff

LATER = NOW + datetime.timedelta(days=3)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def first_occurrence(task):
    occurrence = task.occurrences.order_by("sequence").first()
    occurrence.task = task
    return occurrence


def test_the_lead_agency_reports_progress_and_the_occurrence_follows(plan):
    occurrence = first_occurrence(plan.tasks["I.2"])  # led by the justice department

    services.report_progress(
        occurrence=occurrence,
        user=plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=40,
        note="Đã tổng hợp số liệu quý I",
    )

    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == (Status.IN_PROGRESS, 40)
    event = plan.tasks["I.2"].events.get(kind=PlanEvent.Kind.REPORTED)
    assert "40%" in event.summary
    assert event.actor == plan.province.users.specialist_justice


def test_done_sets_one_hundred_percent_and_the_completion_time(plan):
    occurrence = first_occurrence(plan.tasks["I.2"])

    services.report_progress(
        occurrence=occurrence, user=plan.province.users.control_justice, now=LATER, status="done", percent=0
    )

    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent, occurrence.completed_at) == (Status.DONE, 100, LATER)


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [("in_progress", 100, "Hoàn thành"), ("not_started", 20, "0%"), ("in_progress", 120, "0 đến 100")],
)
def test_inconsistent_status_and_percent_are_refused(plan, status, percent, message):
    with pytest.raises(ValidationFailed, match=message):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["I.2"]),
            user=plan.province.users.specialist_justice,
            now=NOW,
            status=status,
            percent=percent,
        )
    assert not ProgressReport.objects.exists()


def test_a_partner_agency_may_not_report_progress(plan):
    # Justice is a partner of task I.1 (led by the office): it may note, not report.
    with pytest.raises(PermissionDenied, match="cơ quan chủ trì"):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["I.1"]),
            user=plan.province.users.control_justice,
            now=NOW,
            status="in_progress",
            percent=10,
        )


def test_a_leader_without_reporting_role_may_not_report(plan):
    with pytest.raises(PermissionDenied):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["I.2"]),
            user=plan.province.users.leader_justice,
            now=NOW,
            status="in_progress",
            percent=10,
        )


def test_a_task_led_by_every_commune_is_done_when_every_commune_reports_done(plan):
    task = plan.tasks["II.1"]
    users = {
        commune: staff(Role.SPECIALIST, getattr(plan.province, commune), username=f"cv_{commune}")
        for commune in ("commune_a", "commune_b")
    }
    occurrence = first_occurrence(task)

    services.report_progress(
        occurrence=occurrence, user=users["commune_a"], now=NOW, status="done", percent=100
    )
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == (Status.IN_PROGRESS, 50)

    services.report_progress(
        occurrence=occurrence, user=users["commune_b"], now=LATER, status="done", percent=100
    )
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == (Status.DONE, 100)

    overview = selectors.plan_overview(plan.plan, today=NOW.date())
    by_agency = {tally.label: tally for tally in overview.by_agency}
    assert by_agency["UBND xã An Bình"].done == 1


def test_a_commune_may_not_report_on_behalf_of_another_commune(plan):
    user = staff(Role.SPECIALIST, plan.province.commune_a, username="cv_a")

    with pytest.raises(PermissionDenied, match="thay"):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["II.1"]),
            user=user,
            now=NOW,
            status="done",
            percent=100,
            agency=plan.province.commune_b,
        )


def test_evidence_is_stored_under_a_sanitised_name_after_checking_its_content(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("../../Biên bản họp.png", png_bytes(), content_type="application/pdf")

    report = services.report_progress(
        occurrence=first_occurrence(plan.tasks["I.2"]),
        user=plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=30,
        files=[upload],
    )

    evidence = Evidence.objects.get(report=report)
    assert evidence.name == "Biên bản họp.png"
    assert evidence.content_type == "image/png"
    assert evidence.file.name.startswith("plans/evidence/")
    assert evidence.file.name.endswith(".png") and ".." not in evidence.file.name
    assert "bien-ban-hop" in evidence.file.name


def test_evidence_that_is_not_an_allowed_type_is_refused_and_nothing_is_written(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    script = SimpleUploadedFile("bao-cao.pdf", b"#!/bin/sh\necho pwned\n", content_type="application/pdf")

    with pytest.raises(ValidationFailed, match="không phải PDF"):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["I.2"]),
            user=plan.province.users.specialist_justice,
            now=NOW,
            status="in_progress",
            percent=30,
            files=[script],
        )
    assert not ProgressReport.objects.exists()


def test_a_link_of_an_unknown_kind_is_refused(plan):
    with pytest.raises(ValidationFailed, match="Loại liên kết"):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["I.2"]),
            user=plan.province.users.specialist_justice,
            now=NOW,
            status="in_progress",
            percent=30,
            links=[{"kind": "ftp", "ref": "x"}],
        )


def test_a_partner_agency_adds_a_note_and_an_outsider_cannot(plan):
    task = plan.tasks["I.1"]

    note = services.add_partner_note(
        task=task, user=plan.province.users.control_justice, now=NOW, text="Đồng ý"
    )

    assert note.agency == plan.province.justice
    assert task.events.filter(kind=PlanEvent.Kind.NOTED).exists()
    with pytest.raises(PermissionDenied):
        services.add_partner_note(task=task, user=plan.province.users.control_construction, now=NOW, text="X")


def test_a_department_derives_its_plan_keeping_the_link_to_the_parent_tasks(plan):
    derived = services.derive_plan(
        parent=plan.plan, agency=plan.province.justice, user=plan.province.users.control_justice, now=NOW
    )

    assert derived.parent == plan.plan
    assert derived.agency == plan.province.justice
    tasks = list(derived.tasks.order_by("position"))
    assert [task.parent_task for task in tasks] == [plan.tasks["I.1"], plan.tasks["I.2"]]
    assert all(list(task.lead_agencies.all()) == [plan.province.justice] for task in tasks)
    assert tasks[1].occurrences.count() == 4


def test_an_agency_derives_its_plan_only_once_and_only_its_own(plan):
    services.derive_plan(
        parent=plan.plan, agency=plan.province.justice, user=plan.province.users.control_justice, now=NOW
    )
    with pytest.raises(DomainError, match="đã có kế hoạch"):
        services.derive_plan(
            parent=plan.plan, agency=plan.province.justice, user=plan.province.users.control_justice, now=NOW
        )
    with pytest.raises(PermissionDenied):
        services.derive_plan(
            parent=plan.plan,
            agency=plan.province.construction,
            user=plan.province.users.control_justice,
            now=NOW,
        )
    assert Plan.objects.count() == 2


def test_a_department_sees_the_province_plan_it_has_tasks_in_but_the_centre_does_not(plan):
    assert plan.plan in selectors.plans_visible(plan.province.users.specialist_justice)
    assert plan.plan not in selectors.plans_visible(plan.province.users.desk_centre)


def test_my_tasks_lists_the_tasks_an_agency_leads_or_partners(plan):
    tasks = selectors.my_tasks(plan.province.users.control_justice)

    assert tasks == [plan.tasks["I.1"], plan.tasks["I.2"]]


def test_a_province_officer_reporting_for_several_lead_agencies_must_say_which(plan):
    # The office's officer reaches every commune, but is none of them: no silent pick among the leads.
    with pytest.raises(ValidationFailed, match="hãy chọn cơ quan báo cáo"):
        services.report_progress(
            occurrence=first_occurrence(plan.tasks["II.1"]),
            user=plan.province.users.control_office,
            now=NOW,
            status="in_progress",
            percent=10,
        )
