"""Evidence of progress: links resolve to records the reporter may see; files and exports stay with those
who work on the task or manage the plan."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tthc.core.errors import ValidationFailed
from tthc.dossiers.tests.helpers import receive as receive_dossier
from tthc.feedback import services as feedback_services
from tthc.plans import services
from tthc.plans.models import ProgressReport
from tthc.plans.tests.conftest import NOW
from tthc.plans.tests.test_progress import first_occurrence, png_bytes
from tthc.testing.fixtures import COMMUNE_PROCEDURE

SENDER = {
    "sender_name": "Nguyễn Thị Mai",
    "sender_address": "12 Lê Lợi, phường Đông Hà",
    "sender_phone": "0912345678",
}


@pytest.fixture
def records(plan, one_stop):
    """A procedure of the catalog; a dossier and a feedback case of Sở Tư pháp; a dossier of a commune and a
    feedback case of the office, which Sở Tư pháp may not see."""
    users = one_stop.users
    own_dossier = receive_dossier(one_stop)
    commune_dossier = receive_dossier(
        one_stop,
        desk=one_stop.commune_a,
        user=users.desk_commune_a,
        procedure_code=COMMUNE_PROCEDURE,
    )

    def feedback(agency):
        return feedback_services.receive_feedback(
            channel="web", content="Thủ tục rườm rà.", now=NOW, receiving_agency=agency, **SENDER
        )

    return dict(
        procedure=one_stop.procedure_code,
        dossier=own_dossier.code,
        other_dossier=commune_dossier.code,
        feedback=feedback(one_stop.justice).code,
        other_feedback=feedback(one_stop.office).code,
    )


def report(plan, links, user=None):
    return services.report_progress(
        occurrence=first_occurrence(plan.tasks["I.2"]),
        user=user or plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=30,
        links=links,
    )


def test_links_to_records_the_reporter_may_see_are_kept_and_shown_as_links(client, plan, records):
    links = [
        {"kind": "procedure", "ref": records["procedure"]},
        {"kind": "dossier", "ref": records["dossier"]},
        {"kind": "feedback", "ref": records["feedback"]},
    ]

    stored = report(plan, links)

    assert stored.links == links
    client.force_login(plan.province.users.specialist_justice)
    page = client.get(reverse("plans:task", args=[plan.tasks["I.2"].pk])).content.decode()
    assert f'href="{reverse("catalog:staff-detail", args=[records["procedure"]])}"' in page
    assert f'href="{reverse("dossiers:detail", args=[records["dossier"]])}"' in page
    assert f'href="{reverse("feedback:detail", args=[records["feedback"]])}"' in page


@pytest.mark.parametrize(
    ("kind", "key", "message"),
    [
        ("dossier", "other_dossier", "Không tìm thấy hồ sơ"),
        ("feedback", "other_feedback", "Không tìm thấy phản ánh"),
        ("procedure", None, "Không có thủ tục mã «9.999999»"),
        ("dossier", None, "Không tìm thấy hồ sơ"),
    ],
)
def test_a_link_to_a_record_outside_the_reporter_s_scope_or_unknown_is_refused(
    plan, records, kind, key, message
):
    ref = records[key] if key else "9.999999"

    with pytest.raises(ValidationFailed, match=message):
        report(plan, [{"kind": kind, "ref": ref}])
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "links",
    [[{"kind": "dossier", "ref": 12}], [{"kind": ["url"], "ref": "x"}], ["1.001193"], "1.001193"],
)
def test_links_that_are_not_text_are_refused_with_a_vietnamese_message(plan, links):
    with pytest.raises(ValidationFailed):
        report(plan, links)


def test_a_non_string_ref_through_the_api_is_a_vietnamese_422_not_a_500(client, plan):
    occurrence = plan.tasks["I.2"].occurrences.get(sequence=1)
    client.force_login(plan.province.users.specialist_justice)

    response = client.post(
        reverse("api:plans-report-progress", args=[occurrence.pk]),
        json.dumps({"status": "in_progress", "percent": 10, "links": [{"kind": "dossier", "ref": 12}]}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert not ProgressReport.objects.exists()


def test_an_unknown_record_through_the_api_is_a_422_with_its_code(client, plan):
    occurrence = plan.tasks["I.2"].occurrences.get(sequence=1)
    client.force_login(plan.province.users.specialist_justice)

    response = client.post(
        reverse("api:plans-report-progress", args=[occurrence.pk]),
        json.dumps({"status": "in_progress", "percent": 10, "links": [{"kind": "dossier", "ref": "X-1"}]}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "link_not_found"


# --- who may see evidence files and exports -----------------------------------------------------------------


@pytest.mark.scoped_endpoint("plans:evidence")
def test_evidence_files_are_for_the_task_s_lead_and_partners_and_the_plan_s_managers(
    client, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    stored = services.report_progress(
        occurrence=first_occurrence(plan.tasks["I.2"]),
        user=plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=10,
        files=[SimpleUploadedFile("bien-ban.png", png_bytes())],
    )
    url = reverse("plans:evidence", args=[stored.evidence.get().pk])
    users = plan.province.users

    # Sở Xây dựng sees the plan (it has tasks in it) but has no part in task I.2.
    assert client.get(reverse("plans:task", args=[plan.tasks["I.2"].pk])).status_code == 302  # anonymous
    client.force_login(users.control_construction)
    assert client.get(url).status_code == 403
    page = client.get(reverse("plans:task", args=[plan.tasks["I.2"].pk])).content.decode()
    assert "bien-ban.png" not in page
    client.force_login(users.specialist_justice)
    assert client.get(url).status_code == 200
    client.force_login(users.control_office)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["plans:export-docx", "plans:export-xlsx", "plans:export-progress"])
def test_exports_are_for_the_plan_s_managers_only(client, plan, name):
    url = reverse(name, args=[plan.plan.pk])
    users = plan.province.users

    client.force_login(users.control_justice)  # sees the plan through its tasks, does not manage it
    assert client.get(url).status_code == 403
    overview = client.get(reverse("plans:overview", args=[plan.plan.pk])).content.decode()
    assert url not in overview
    client.force_login(users.control_office)
    assert client.get(url).status_code == 200
