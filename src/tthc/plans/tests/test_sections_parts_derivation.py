"""What the appendix says beyond one row per task: nested headings (II → 1 → 1.1), tasks over several rows
with a lead, output and deadline each, half-yearly tasks, and the agencies' own plans with their due date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.core.timezone import VIETNAM
from tthc.notifications.models import Notification
from tthc.organisation.models import Agency
from tthc.plans import drafts, selectors, services
from tthc.plans.models import DerivationNotice, PlanEvent
from tthc.plans.parsing import parse_file
from tthc.plans.tests.conftest import NOW
from tthc.plans.tests.test_import import SEED_001, SMALL_PLAN, make_draft
from tthc.plans.ticks import plans_tick

DEC_2021 = datetime.datetime(2021, 12, 31, 9, 0, tzinfo=VIETNAM)


@pytest.fixture
def hue(province):
    """Seed 001 (Thừa Thiên Huế 2022) imported into the test province, with the two mappings it needs."""
    science = Agency.objects.create(
        code="000.00.12.H99",
        name="Sở Khoa học và Công nghệ",
        kind="department",
        level=province.justice.level,
        parent=province.committee,
    )
    services.remember_alias(name="UBND cấp huyện", now=DEC_2021, kinds=["commune_committee"])
    services.remember_alias(name="Sở Thông tin và Truyền thông", now=DEC_2021, agency_ids=[science.pk])
    plan, _ = services.import_file(
        path=str(SEED_001), agency=province.committee, user=province.users.control_office, now=DEC_2021
    )
    province.science = science
    return plan


def task_of(plan, group, number):
    return plan.tasks.select_related("group").get(group__number=group, number=number)


# --- nested headings ----------------------------------------------------------------------------------------


def test_the_heading_a_task_sits_under_is_kept_on_import_and_shown(client, hue, province):
    assert (
        task_of(hue, "II", "1.1").section == "1. Tham gia ý kiến đối với quy định TTHC trong dự thảo VBQPPL"
    )
    assert task_of(hue, "I", "1").section == ""

    client.force_login(province.users.control_office)
    page = client.get(reverse("plans:overview", args=[hue.pk])).content.decode()
    assert page.count("1. Tham gia ý kiến đối với quy định TTHC trong dự thảo VBQPPL") == 1
    assert "4. Tiếp nhận, xử lý phản ánh, kiến nghị" in page


def test_the_docx_and_excel_exports_have_a_heading_row_for_each_section(client, hue, province):
    client.force_login(province.users.control_office)
    docx_file = client.get(reverse("plans:export-docx", args=[hue.pk])).content
    xlsx_file = client.get(reverse("plans:export-xlsx", args=[hue.pk])).content

    table = Document(io.BytesIO(docx_file)).tables[0]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    heading = texts.index(["1"] + ["Tham gia ý kiến đối với quy định TTHC trong dự thảo VBQPPL"] * 5)
    assert texts[heading - 1][0] == "II"
    assert texts[heading + 1][0] == "1.1"
    sheet = load_workbook(io.BytesIO(xlsx_file)).active
    values = [[cell.value for cell in row[:2]] for row in sheet.iter_rows(min_row=2)]
    row = values.index(["1", "Tham gia ý kiến đối với quy định TTHC trong dự thảo VBQPPL"])
    assert values[row + 1][0] == "1.1"
    assert sheet.cell(row=row + 2, column=2).font.italic


def test_a_docx_export_of_nested_headings_reads_back_with_its_sections(client, hue, province):
    client.force_login(province.users.control_office)
    exported = client.get(reverse("plans:export-docx", args=[hue.pk])).content

    draft = services.create_draft(
        upload=SimpleUploadedFile("phu-luc.docx", exported),
        agency=province.committee,
        user=province.users.control_office,
        now=DEC_2021,
        year=2022,
    )

    rows = {(row["group_number"], row["number"]): row for row in draft.data["rows"]}
    assert rows["II", "4.4"]["section"].startswith("4. Tiếp nhận, xử lý phản ánh, kiến nghị")
    assert len(draft.data["rows"]) == 46


# --- a task over several rows -------------------------------------------------------------------------------


def test_a_task_over_two_rows_keeps_each_row_s_lead_output_and_deadline_as_parts():
    plan = parse_file(SEED_001)
    tasks = {(group.number, task.number): task for group, task in plan.tasks()}

    parts = tasks["II", "3.1"].parts
    assert [(p.lead, p.partners, p.expected_output, p.timeframe.text) for p in parts] == [
        (
            ["Sở, ban, ngành cấp tỉnh", "UBND cấp huyện"],
            ["Văn phòng UBND tỉnh"],
            "Văn bản đăng ký rà soát, đánh giá TTHC",
            "Tháng 12/2021",
        ),
        (
            ["Văn phòng UBND tỉnh"],
            ["Sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "UBND cấp xã"],
            "Tổng hợp, trình UBND tỉnh ban hành Kế hoạch rà soát, đánh giá TTHC năm 2022",
            "Trước 31/12/2021",
        ),
    ]
    assert [p.lead for p in tasks["II", "3.2"].parts] == [
        ["Sở, ban, ngành cấp tỉnh", "UBND cấp huyện"],
        ["Văn phòng UBND tỉnh"],
    ]
    assert tasks["II", "1.1"].parts == []
    assert "parts" not in plan.as_json()["groups"][1]["tasks"][10]  # the JSON keeps the shape


def test_each_part_is_tracked_with_its_own_deadline_and_lead_and_the_task_is_there_once(hue, province):
    task = task_of(hue, "II", "3.1")
    users = province.users

    assert hue.tasks.filter(group__number="II", number="3.1").count() == 1
    first, second = task.occurrences.order_by("sequence")
    assert (first.label, first.due) == ("Phần 1: Tháng 12/2021", datetime.date(2021, 12, 31))
    assert set(first.lead_agencies.all()) == {
        province.justice,
        province.construction,
        province.science,
        province.commune_a,
        province.commune_b,
    }
    assert list(second.lead_agencies.all()) == [province.office]
    first.task = second.task = task
    with pytest.raises(PermissionDenied):  # the justice department leads part 1 only
        services.report_progress(
            occurrence=second, user=users.specialist_justice, now=DEC_2021, status="in_progress", percent=20
        )
    services.report_progress(
        occurrence=first, user=users.specialist_justice, now=DEC_2021, status="done", percent=100
    )
    first.refresh_from_db()
    assert first.percent == 20  # one of five lead agencies of the part is done


# --- half-yearly --------------------------------------------------------------------------------------------


def test_a_half_yearly_task_is_stored_as_such_with_two_occurrences_and_reads_unspecified_in_the_api(
    client, province
):
    text = SMALL_PLAN.replace("Định kỳ hàng quý", "Định kỳ 6 tháng")
    draft = make_draft(province, text=text)
    plan = services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    task = plan.tasks.get(position=2)
    assert task.recurrence == "half_yearly"
    assert [o.due.isoformat() for o in task.occurrences.order_by("sequence")] == ["2026-06-30", "2026-12-31"]
    client.force_login(province.users.control_office)
    data = client.get(reverse("api:plans-task", args=[task.pk])).json()
    assert data["timeframe"]["recurrence"] == "unspecified"


# --- the preview follows the officer's edits ----------------------------------------------------------------


def test_the_preview_s_warnings_are_computed_again_after_each_edit(province):
    text = SMALL_PLAN.replace("\tSở Tư pháp\tPhòng Văn hóa xã hội", "\t\tPhòng Văn hóa xã hội")
    data = make_draft(province, text=text).data
    assert "Nhiệm vụ I.2: không có đơn vị chủ trì." in drafts.warnings(data)

    edited = drafts.edit_row(data, row_id=2, values={"lead": "Sở Tư pháp"})

    assert "Nhiệm vụ I.2: không có đơn vị chủ trì." not in drafts.warnings(edited)


def test_fill_down_copies_the_empty_cells_a_merged_cell_left_from_the_row_above(province):
    text = SMALL_PLAN.replace(
        "2\tBáo cáo định kỳ\tSở Tư pháp\tPhòng Văn hóa xã hội\tĐịnh kỳ hàng quý", "2\tBáo cáo định kỳ\t\t\t"
    )
    data = make_draft(province, text=text).data

    filled = drafts.fill_from_above(data, row_id=2)

    assert filled["rows"][1]["lead"] == ["VP UBND tỉnh"]
    assert filled["rows"][1]["partners"] == ["Sở Tư pháp"]
    assert filled["rows"][1]["timeframe"] == "Tháng 01/2026"
    assert "Nhiệm vụ I.2: không có đơn vị chủ trì." not in drafts.warnings(filled)
    with pytest.raises(ValidationFailed, match="không có ô trống"):
        drafts.fill_from_above(filled, row_id=2)
    with pytest.raises(ValidationFailed, match="Dòng đầu tiên"):
        drafts.fill_from_above(filled, row_id=1)


def test_the_preview_names_its_buttons_by_group_and_number_and_offers_fill_down(client, province):
    draft = make_draft(province)
    client.force_login(province.users.control_office)

    page = client.get(reverse("plans:draft", args=[draft.pk])).content.decode()
    response = client.post(
        reverse("plans:draft-row-action", args=[draft.pk, 2, "fill"]), HTTP_HX_REQUEST="true"
    )

    assert 'aria-label="Sửa nhiệm vụ I.2"' in page and 'aria-label="Sửa nhiệm vụ II.1"' in page
    assert "Điền ô trống của nhiệm vụ I.2 từ dòng trên" in page
    assert response.status_code == 422  # row 2 has no empty cell the row above could fill


def test_a_reader_s_note_on_a_row_goes_once_the_officer_edits_it(province):
    text = (
        "KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2026\n\nSTT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\n"
        "Thời gian thực hiện\n\n1\nTập huấn\nHội nghị\nVăn phòng UBND tỉnh\nSở Tư pháp\nQuý I/2026\n"
    )
    data = make_draft(province, text=text).data
    assert any("khối có 6 dòng cho 5 cột" in warning for warning in drafts.warnings(data))

    edited = drafts.edit_row(
        data, row_id=1, values={"content": "Tập huấn, hội nghị", "lead": "Văn phòng UBND tỉnh"}
    )

    assert not any("khối có" in warning for warning in drafts.warnings(edited))


# --- the agencies' own plans --------------------------------------------------------------------------------


def test_the_due_date_for_the_agencies_plans_is_read_from_the_decision(hue):
    assert hue.derived_due == datetime.date(2022, 1, 20)


def test_the_overview_lists_the_agencies_that_have_not_issued_their_plan(client, hue, province):
    services.derive_plan(
        parent=hue,
        agency=province.justice,
        user=province.users.control_justice,
        now=DEC_2021,
        decision_number="05/QĐ-STP",
        decision_date=datetime.date(2022, 1, 10),
        decision_signer="Trần Văn B",
    )

    pending = selectors.pending_derivations(hue, today=datetime.date(2022, 1, 25))

    assert {p.agency for p in pending} == {
        province.construction,
        province.science,
        province.commune_a,
        province.commune_b,
    }
    assert all(p.overdue for p in pending)
    client.force_login(province.users.control_office)
    page = client.get(reverse("plans:overview", args=[hue.pk])).content.decode()
    assert 'id="pending-derivations"' in page and "Sở Xây dựng" in page
    assert "Quyết định số 05/QĐ-STP ngày 10/01/2022" in page


def test_a_derived_plan_carries_its_own_decision(hue, province):
    derived = services.derive_plan(
        parent=hue,
        agency=province.justice,
        user=province.users.control_justice,
        now=DEC_2021,
        decision_number="05/QĐ-STP",
        decision_date=datetime.date(2022, 1, 10),
        decision_signer="Trần Văn B",
    )

    assert (derived.decision_number, derived.decision_date, derived.decision_signer) == (
        "05/QĐ-STP",
        datetime.date(2022, 1, 10),
        "Trần Văn B",
    )
    assert derived.tasks.exclude(section="").exists()  # the sections come along


def test_the_tick_reminds_agencies_without_their_plan_then_tells_them_once_it_is_late(hue, province):
    province.users.control_construction.email = "kiemsoat.sxd@example.vn"
    province.users.control_construction.save()
    province.users.specialist_justice.email = "cv.stp@example.vn"  # reports progress, issues no plan
    province.users.specialist_justice.save()
    services.derive_plan(
        parent=hue, agency=province.justice, user=province.users.control_justice, now=DEC_2021
    )

    before = plans_tick(now=datetime.datetime(2022, 1, 15, 8, 0, tzinfo=VIETNAM))
    again = plans_tick(now=datetime.datetime(2022, 1, 16, 8, 0, tzinfo=VIETNAM))
    late = plans_tick(now=datetime.datetime(2022, 1, 21, 8, 0, tzinfo=VIETNAM))

    assert before["derivation_reminded"] == 4  # construction, science, two communes (justice has its plan)
    assert again["derivation_reminded"] == 0
    assert late["derivation_overdue"] == 4
    messages = Notification.objects.filter(topic=f"plan-derive:{hue.pk}").order_by("id")
    assert [m.recipient for m in messages] == ["kiemsoat.sxd@example.vn"] * 2
    assert "còn 5 ngày" in messages[0].subject and "quá hạn 1 ngày" in messages[1].subject
    assert DerivationNotice.objects.filter(plan=hue).count() == 8


@pytest.mark.scoped_endpoint("plans:decision")
def test_the_plan_s_manager_corrects_its_decision_and_the_history_keeps_it(client, hue, province):
    url = reverse("plans:decision", args=[hue.pk])
    data = {
        "decision_number": "3489/QĐ-UBND",
        "decision_date": "30/12/2021",
        "decision_signer": "Phan Thiên Định",
        "derived_due": "25/01/2022",
    }

    client.force_login(province.users.control_justice)  # sees the plan through its tasks, does not manage it
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(province.users.control_office)
    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302
    hue.refresh_from_db()
    assert (hue.decision_number, hue.decision_date, hue.derived_due) == (
        "3489/QĐ-UBND",
        datetime.date(2021, 12, 30),
        datetime.date(2022, 1, 25),
    )
    event = hue.events.get(kind=PlanEvent.Kind.DECISION)
    assert "số quyết định: 3489/QĐ-UBND" in event.summary
    bad = client.post(url, {**data, "derived_due": "01/01/2030"})
    assert bad.status_code == 422
