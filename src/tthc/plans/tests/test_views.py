"""The plan screens: who may open and use each one (scoping), and what they show."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tthc.plans import services
from tthc.plans.models import Plan, PlanDraft, ProgressReport
from tthc.plans.tests.conftest import NOW
from tthc.plans.tests.test_import import SMALL_PLAN
from tthc.plans.tests.test_progress import png_bytes


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def draft(province):
    return services.create_draft(
        upload=SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode()),
        agency=province.committee,
        user=province.users.control_office,
        now=NOW,
    )


HTMX = {"HTTP_HX_REQUEST": "true"}


# --- list and upload ----------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("plans:list")
def test_the_plan_list_shows_only_plans_the_user_may_see(client, plan):
    page = login(client, plan.province.users.specialist_justice).get(reverse("plans:list"))
    assert plan.plan.title in page.content.decode()

    page = login(client, plan.province.users.desk_centre).get(reverse("plans:list"))
    assert page.status_code == 200
    assert plan.plan.title not in page.content.decode()


@pytest.mark.scoped_endpoint("plans:upload")
def test_only_control_officers_may_upload_a_plan(client, province):
    assert login(client, province.users.specialist_justice).get(reverse("plans:upload")).status_code == 403
    assert login(client, province.users.control_office).get(reverse("plans:upload")).status_code == 200


def test_uploading_a_plan_opens_its_preview(client, province):
    response = login(client, province.users.control_office).post(
        reverse("plans:upload"),
        {"file": SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode()), "agency": province.committee.pk},
    )

    draft = PlanDraft.objects.get()
    assert response.url == reverse("plans:draft", args=[draft.pk])
    page = client.get(response.url).content.decode()
    assert "Xây dựng kế hoạch năm" in page
    assert "Phòng Văn hóa xã hội" in page  # listed as unmatched
    assert not Plan.objects.exists()


def test_a_department_officer_cannot_upload_for_the_province_committee(client, province):
    response = login(client, province.users.control_justice).post(
        reverse("plans:upload"),
        {"file": SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode()), "agency": province.committee.pk},
    )

    assert response.status_code == 422  # the committee is no choice for them
    assert not PlanDraft.objects.exists()


# --- preview ------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("plans:draft")
def test_another_agencys_officer_cannot_open_the_draft(client, draft, province):
    assert (
        login(client, province.users.control_justice).get(reverse("plans:draft", args=[draft.pk])).status_code
        == 403
    )


@pytest.mark.scoped_endpoint("plans:draft-row")
def test_editing_a_row_with_htmx_answers_the_preview_and_is_kept(client, draft, province):
    url = reverse("plans:draft-row", args=[draft.pk, 2])
    values = {
        "number": "2",
        "content": "Báo cáo quý",
        "lead": "Sở Tư pháp",
        "partners": "",
        "timeframe": "Hàng quý",
    }

    assert login(client, province.users.control_justice).post(url, values, **HTMX).status_code == 403
    response = login(client, province.users.control_office).post(url, values, **HTMX)

    assert response.status_code == 200
    assert "Báo cáo quý" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["rows"][1]["content"] == "Báo cáo quý"
    assert draft.data["rows"][1]["partners"] == []


def test_the_edit_form_opens_inside_the_preview(client, draft, province):
    response = login(client, province.users.control_office).get(
        reverse("plans:draft", args=[draft.pk]) + "?edit=1", **HTMX
    )
    assert 'name="content"' in response.content.decode()


@pytest.mark.scoped_endpoint("plans:draft-row-action")
def test_merge_split_and_delete_rows(client, draft, province):
    def act(user, row, action):
        return login(client, user).post(
            reverse("plans:draft-row-action", args=[draft.pk, row, action]), **HTMX
        )

    assert act(province.users.control_justice, 1, "merge").status_code == 403
    assert act(province.users.control_office, 1, "merge").status_code == 200
    draft.refresh_from_db()
    assert len(draft.data["rows"]) == 2
    assert act(province.users.control_office, 1, "split").status_code == 200
    assert act(province.users.control_office, 3, "delete").status_code == 200
    draft.refresh_from_db()
    assert [row["content"] for row in draft.data["rows"]] == ["Xây dựng kế hoạch năm", "Báo cáo định kỳ"]
    assert act(province.users.control_office, 1, "explode").status_code == 404


@pytest.mark.scoped_endpoint("plans:draft-units")
def test_mapping_an_unmatched_unit(client, draft, province):
    url = reverse("plans:draft-units", args=[draft.pk])
    data = {"name": "Phòng Văn hóa xã hội", "target": f"agency:{province.commune_a.pk}"}

    assert login(client, province.users.control_justice).post(url, data, **HTMX).status_code == 403
    response = login(client, province.users.control_office).post(url, data, **HTMX)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.data["mappings"]["phong van hoa xa hoi"]["agencies"] == [province.commune_a.pk]
    bad = client.post(url, {"name": "X", "target": "kind:nope"}, **HTMX)
    assert bad.status_code == 422


@pytest.mark.scoped_endpoint("plans:draft-header")
def test_setting_the_decision_of_the_draft(client, draft, province):
    url = reverse("plans:draft-header", args=[draft.pk])
    data = {
        "title": "Kế hoạch KSTTHC 2026",
        "year": "2026",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "10/01/2026",
        "decision_signer": "Nguyễn Văn A",
    }

    assert login(client, province.users.control_justice).post(url, data, **HTMX).status_code == 403
    assert login(client, province.users.control_office).post(url, data, **HTMX).status_code == 200

    draft.refresh_from_db()
    assert (draft.data["decision_number"], draft.data["decision_date"]) == ("12/QĐ-UBND", "2026-01-10")


@pytest.mark.scoped_endpoint("plans:draft-confirm")
def test_confirming_stores_the_plan_and_another_agency_cannot(client, draft, province):
    url = reverse("plans:draft-confirm", args=[draft.pk])

    assert login(client, province.users.control_justice).post(url).status_code == 403
    assert not Plan.objects.exists()
    response = login(client, province.users.control_office).post(url)

    plan = Plan.objects.get()
    assert response.url == reverse("plans:overview", args=[plan.pk])
    assert plan.tasks.count() == 3
    assert not PlanDraft.objects.exists()


@pytest.mark.scoped_endpoint("plans:draft-discard")
def test_discarding_a_draft(client, draft, province):
    url = reverse("plans:draft-discard", args=[draft.pk])

    assert login(client, province.users.control_justice).post(url).status_code == 403
    assert login(client, province.users.control_office).post(url).status_code == 302
    assert not PlanDraft.objects.exists()


# --- a plan -------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("plans:overview")
def test_the_overview_shows_progress_by_group_and_agency_with_charts(client, plan):
    occurrence = plan.tasks["I.2"].occurrences.first()
    occurrence.task = plan.tasks["I.2"]
    services.report_progress(
        occurrence=occurrence,
        user=plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=60,
    )
    url = reverse("plans:overview", args=[plan.plan.pk])

    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403
    page = login(client, plan.province.users.specialist_justice).get(url).content.decode()

    assert 'id="by-group"' in page and 'id="by-agency"' in page
    assert page.count("<svg") >= 3  # two bar charts and the timeline
    assert "60%" in page


@pytest.mark.scoped_endpoint("plans:derive")
def test_deriving_an_agency_plan_from_the_screen(client, plan):
    url = reverse("plans:derive", args=[plan.plan.pk])

    refused = login(client, plan.province.users.control_justice).post(
        url, {"agency": plan.province.construction.pk}
    )
    assert refused.status_code == 403
    response = client.post(url, {"agency": plan.province.justice.pk})

    derived = Plan.objects.get(parent=plan.plan)
    assert response.url == reverse("plans:overview", args=[derived.pk])


@pytest.mark.scoped_endpoint("plans:export-docx")
def test_the_docx_export_is_the_appendix_table_in_landscape(client, plan):
    url = reverse("plans:export-docx", args=[plan.plan.pk])
    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403

    response = login(client, plan.province.users.control_office).get(url)

    document = Document(io.BytesIO(response.content))
    assert document.sections[0].page_width > document.sections[0].page_height
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT",
        "Nội dung công việc",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Sản phẩm",
        "Thời gian thực hiện",
    ]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert ["2", "Báo cáo tình hình kiểm soát TTHC", "Sở Tư pháp", "", "Báo cáo", "Định kỳ hàng quý"] in texts
    assert len(table.rows) == 1 + 2 + 4  # header, two groups, four tasks


@pytest.mark.scoped_endpoint("plans:export-xlsx")
def test_the_excel_export_lists_every_task(client, plan):
    url = reverse("plans:export-xlsx", args=[plan.plan.pk])
    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403

    response = login(client, plan.province.users.control_office).get(url)

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 2 + 4  # header, two group headings, four tasks
    assert [sheet.cell(row=2, column=column).value for column in (1, 2)] == ["I", "Công tác chỉ đạo"]
    assert sheet.cell(row=2, column=1).font.bold
    assert sheet.cell(row=4, column=2).value == "Báo cáo tình hình kiểm soát TTHC"
    assert sheet.cell(row=4, column=9).value == "Hàng quý"


@pytest.mark.scoped_endpoint("plans:export-progress")
def test_the_progress_report_has_a_row_per_occurrence_and_lead_agency(client, plan):
    url = reverse("plans:export-progress", args=[plan.plan.pk])
    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403

    response = login(client, plan.province.users.control_office).get(url)

    sheet = load_workbook(io.BytesIO(response.content))["Tiến độ"]
    # I.1: 1 occurrence × office; I.2: 4 × justice; II.1: 1 × two communes; II.2: 12 × construction.
    assert sheet.max_row == 1 + 1 + 4 + 2 + 12


# --- tasks --------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("plans:my-tasks")
def test_my_tasks_shows_the_agencys_tasks_only(client, plan):
    page = (
        login(client, plan.province.users.control_construction)
        .get(reverse("plans:my-tasks"))
        .content.decode()
    )

    assert "Cập nhật số liệu một cửa" in page
    assert "Báo cáo tình hình kiểm soát TTHC" not in page
    page = login(client, plan.province.users.desk_centre).get(reverse("plans:my-tasks")).content.decode()
    assert "Không có nhiệm vụ nào" in page


@pytest.mark.scoped_endpoint("plans:task")
def test_the_task_page_shows_the_report_form_to_the_lead_agency_only(client, plan):
    url = reverse("plans:task", args=[plan.tasks["I.2"].pk])

    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403
    assert (
        'id="report-form"' in login(client, plan.province.users.specialist_justice).get(url).content.decode()
    )
    page = login(client, plan.province.users.control_construction).get(url)
    assert page.status_code == 200  # construction has tasks in the plan, so it sees the plan
    assert 'id="report-form"' not in page.content.decode()


@pytest.mark.scoped_endpoint("plans:report")
def test_reporting_progress_from_the_task_page(client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = plan.tasks["I.2"]
    occurrence = task.occurrences.get(sequence=2)
    url = reverse("plans:report", args=[task.pk])
    data = {
        "occurrence": occurrence.pk,
        "agency": plan.province.justice.pk,
        "status": "in_progress",
        "percent": "50",
        "note": "Đang tổng hợp",
        "url": "https://kiemsoat.example.vn/bao-cao-quy-1",
    }

    refused = login(client, plan.province.users.control_construction).post(url, data)
    assert refused.status_code == 403
    response = login(client, plan.province.users.specialist_justice).post(
        url, {**data, "evidence": SimpleUploadedFile("anh.png", png_bytes())}
    )

    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.occurrence, report.percent, report.links) == (
        occurrence,
        50,
        [{"kind": "url", "ref": "https://kiemsoat.example.vn/bao-cao-quy-1"}],
    )
    assert report.evidence.count() == 1
    page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "Đang tổng hợp" in page and "anh.png" in page


def test_a_bad_report_shows_the_form_again_with_the_reason(client, plan):
    task = plan.tasks["I.2"]
    response = login(client, plan.province.users.specialist_justice).post(
        reverse("plans:report", args=[task.pk]),
        {
            "occurrence": task.occurrences.first().pk,
            "agency": plan.province.justice.pk,
            "status": "in_progress",
            "percent": "100",
        },
    )

    assert response.status_code == 422
    assert "Hoàn thành" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.scoped_endpoint("plans:note")
def test_partner_notes_from_the_task_page(client, plan):
    url = reverse("plans:note", args=[plan.tasks["I.1"].pk])

    assert login(client, plan.province.users.control_construction).post(url, {"text": "x"}).status_code == 403
    response = login(client, plan.province.users.control_justice).post(
        url, {"agency": plan.province.justice.pk, "text": "Sở Tư pháp đã góp ý dự thảo."}
    )

    assert response.status_code == 302
    assert (
        "Sở Tư pháp đã góp ý dự thảo."
        in client.get(reverse("plans:task", args=[plan.tasks["I.1"].pk])).content.decode()
    )


@pytest.mark.scoped_endpoint("plans:evidence")
def test_evidence_is_served_only_to_users_who_see_the_task(client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    occurrence = plan.tasks["I.2"].occurrences.first()
    occurrence.task = plan.tasks["I.2"]
    report = services.report_progress(
        occurrence=occurrence,
        user=plan.province.users.specialist_justice,
        now=NOW,
        status="in_progress",
        percent=10,
        files=[SimpleUploadedFile("anh.png", png_bytes())],
    )
    url = reverse("plans:evidence", args=[report.evidence.get().pk])

    assert login(client, plan.province.users.desk_centre).get(url).status_code == 403
    response = login(client, plan.province.users.control_justice).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


def test_the_docx_export_reads_back_as_the_same_tasks(client, plan):
    response = login(client, plan.province.users.control_office).get(
        reverse("plans:export-docx", args=[plan.plan.pk])
    )

    draft = services.create_draft(
        upload=SimpleUploadedFile("phu-luc.docx", response.content),
        agency=plan.province.committee,
        user=plan.province.users.control_office,
        now=NOW,
        year=2026,
    )

    rows = [
        (r["group_number"], r["number"], r["content"], r["lead"], r["timeframe"]) for r in draft.data["rows"]
    ]
    assert rows == [
        (t.group.number, t.number, t.content, t.lead_names, t.timeframe_text)
        for t in plan.plan.tasks.select_related("group").order_by("position")
    ]


def test_the_overview_reads_the_plan_in_a_fixed_number_of_queries(
    client, plan, django_assert_max_num_queries
):
    login(client, plan.province.users.control_office)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("plans:overview", args=[plan.plan.pk])).status_code == 200


def test_my_tasks_reads_in_a_fixed_number_of_queries(client, plan, django_assert_max_num_queries):
    login(client, plan.province.users.control_office)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("plans:my-tasks") + "?agency=all").status_code == 200
