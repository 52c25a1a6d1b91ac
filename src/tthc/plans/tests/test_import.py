"""Importing a plan: the preview (edit, merge, split, map units) stores nothing until confirmed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.plans import drafts, services
from tthc.plans.models import Plan, PlanDraft, PlanTask, TaskOccurrence, UnitAlias
from tthc.plans.tests.conftest import NOW
from tthc.testing.shared import SEEDS

SEED_000 = next(SEEDS.glob("000_*.txt"))

SMALL_PLAN = """KẾ HOẠCH
Kiểm soát thủ tục hành chính năm 2026

STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện
I\tCông tác chỉ đạo\t\t\t
1\tXây dựng kế hoạch năm\tVP UBND tỉnh\tSở Tư pháp\tTháng 01/2026
2\tBáo cáo định kỳ\tSở Tư pháp\tPhòng Văn hóa xã hội\tĐịnh kỳ hàng quý
II\tRà soát\t\t\t
1\tRà soát thủ tục cấp xã\tUBND cấp xã\tSở Xây dựng\tThường xuyên
"""


def upload(text=SMALL_PLAN, name="ke-hoach.txt"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def make_draft(province, **kwargs):
    return services.create_draft(
        upload=upload(**kwargs), agency=province.committee, user=province.users.control_office, now=NOW
    )


def test_an_uploaded_plan_becomes_a_draft_and_nothing_else_is_stored(province):
    draft = make_draft(province)

    assert [row["content"] for row in draft.data["rows"]] == [
        "Xây dựng kế hoạch năm",
        "Báo cáo định kỳ",
        "Rà soát thủ tục cấp xã",
    ]
    assert draft.data["year"] == 2026
    assert not Plan.objects.exists()
    assert not PlanTask.objects.exists()


def test_confirming_the_draft_stores_tasks_with_matched_agencies_and_occurrences(province):
    draft = make_draft(province)

    plan = services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    assert not PlanDraft.objects.exists()
    first, report, review = plan.tasks.order_by("position")
    assert list(first.lead_agencies.all()) == [province.office]
    assert list(first.partner_agencies.all()) == [province.justice]
    assert first.lead_names == ["VP UBND tỉnh"]
    assert report.occurrences.count() == 4
    assert set(review.lead_agencies.all()) == {province.commune_a, province.commune_b}
    assert review.occurrences.get().due.isoformat() == "2026-12-31"
    assert plan.events.get().data["unmatched_units"] == ["Phòng Văn hóa xã hội"]


def test_the_officer_edits_a_cell_and_the_timeframe_is_read_again_on_saving(province):
    draft = make_draft(province)
    data = drafts.edit_row(
        draft.data, row_id=1, values={"timeframe": "Trước ngày 15/02/2026", "lead": "Sở Xây dựng\nSở Tư pháp"}
    )
    services.change_draft(draft=draft, user=province.users.control_office, now=NOW, data=data)

    plan = services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    task = plan.tasks.get(position=1)
    assert task.end.isoformat() == "2026-02-15"
    assert set(task.lead_agencies.all()) == {province.construction, province.justice}


def test_merging_joins_the_row_below_and_splitting_cuts_the_last_content_line(province):
    data = make_draft(province).data

    merged = drafts.merge_with_next(data, row_id=1)
    assert len(merged["rows"]) == 2
    assert merged["rows"][0]["content"] == "Xây dựng kế hoạch năm\nBáo cáo định kỳ"
    assert merged["rows"][0]["lead"] == ["VP UBND tỉnh", "Sở Tư pháp"]
    assert merged["rows"][0]["timeframe"] == "Tháng 01/2026"

    split = drafts.split_row(merged, row_id=1)
    assert [row["content"] for row in split["rows"][:2]] == ["Xây dựng kế hoạch năm", "Báo cáo định kỳ"]
    assert split["rows"][1]["id"] != split["rows"][0]["id"]


def test_merging_the_last_row_is_refused(province):
    data = make_draft(province).data

    with pytest.raises(ValidationFailed, match="Dòng cuối cùng"):
        drafts.merge_with_next(data, row_id=3)


def test_an_empty_row_is_refused_on_saving_and_nothing_is_written(province):
    draft = make_draft(province)
    data = drafts.split_row(draft.data, row_id=2)  # one content line: the new row is empty
    services.change_draft(draft=draft, user=province.users.control_office, now=NOW, data=data)

    with pytest.raises(ValidationFailed, match="chưa có nội dung"):
        services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    assert not Plan.objects.exists()
    assert PlanDraft.objects.exists()


def test_an_officers_mapping_of_an_unmatched_name_is_remembered_as_an_alias(province):
    draft = make_draft(province)
    data = drafts.set_mapping(
        draft.data, name="Phòng Văn hóa xã hội", agency_id=None, kind="commune_committee", external=False
    )
    services.change_draft(draft=draft, user=province.users.control_office, now=NOW, data=data)
    assert not UnitAlias.objects.exists()  # nothing stored before the officer confirms

    plan = services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    alias = UnitAlias.objects.get()
    assert alias.agency_kind == "commune_committee"
    assert set(plan.tasks.get(position=2).partner_agencies.all()) == {province.commune_a, province.commune_b}
    # The next import knows the name without asking.
    units = services.draft_units(make_draft(province).data, on=NOW.date())
    assert all(unit.match.matched for unit in units)


def test_a_mapping_must_name_exactly_one_target(province):
    data = make_draft(province).data

    with pytest.raises(ValidationFailed):
        drafts.set_mapping(
            data, name="X", agency_id=province.office.pk, kind="commune_committee", external=False
        )


def test_only_a_control_officer_reaching_the_agency_may_import_its_plan(province):
    with pytest.raises(PermissionDenied):
        services.create_draft(
            upload=upload(), agency=province.committee, user=province.users.control_justice, now=NOW
        )
    with pytest.raises(PermissionDenied):
        services.create_draft(
            upload=upload(), agency=province.committee, user=province.users.admin_office, now=NOW
        )


def test_a_binary_file_that_is_no_document_is_refused_by_its_content(province):
    fake = SimpleUploadedFile("ke-hoach.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)

    with pytest.raises(ValidationFailed, match="Không đọc được"):
        services.create_draft(
            upload=fake, agency=province.committee, user=province.users.control_office, now=NOW
        )


def test_a_file_without_task_table_is_refused(province):
    with pytest.raises(ValidationFailed, match="Không tìm thấy bảng nhiệm vụ"):
        make_draft(province, text="Quyết định về việc ban hành kế hoạch.\n\nKhông có phụ lục.")


def test_the_seed_plan_imports_every_task_with_its_units_matched(province):
    plan, unmatched = services.import_file(
        path=str(SEED_000), agency=province.committee, user=province.users.control_office, now=NOW
    )

    assert plan.year == 2021
    assert plan.tasks.count() == 39
    assert plan.groups.count() == 10
    office_tasks = plan.tasks.filter(lead_agencies=province.office).count()
    assert office_tasks == 22
    # "Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh" is every department; "UBND cấp xã" every commune.
    task = plan.tasks.get(group__number="III", number="1")
    assert set(task.lead_agencies.all()) == {
        province.justice,
        province.construction,
        province.commune_a,
        province.commune_b,
    }
    quarterly = plan.tasks.get(group__number="X", number="1")
    assert quarterly.recurrence == "quarterly"
    assert quarterly.occurrences.count() == 4
    assert "Sở Nội vụ" in unmatched  # no such department in the test province
    assert TaskOccurrence.objects.filter(task__plan=plan, due__isnull=True).count() == 1  # "Theo Kế hoạch …"


def test_the_import_command_stores_the_plan_with_its_decision(province):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "plan",
        "import",
        str(SEED_000),
        "--decision",
        "77/QĐ-UBND",
        "--decision-date",
        "13/01/2021",
        "--signer",
        "Võ Văn Hưng",
        stdout=out,
        stderr=err,
    )

    plan = Plan.objects.get()
    assert (plan.decision_number, plan.decision_date.isoformat(), plan.decision_signer) == (
        "77/QĐ-UBND",
        "2021-01-13",
        "Võ Văn Hưng",
    )
    assert plan.agency == province.committee
    assert "39 nhiệm vụ" in out.getvalue()
    assert "Chưa ghép được với cơ quan nào: Sở Nội vụ" in err.getvalue()


def test_the_import_command_refuses_an_unknown_agency(province):
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("plan", "import", str(SEED_000), "--agency", "nope")
    assert not Plan.objects.exists()
