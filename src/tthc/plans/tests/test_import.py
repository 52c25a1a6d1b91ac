"""Importing a plan: the preview (edit, merge, split, map units) stores nothing until confirmed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.organisation.models import Agency
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
    data = drafts.set_mapping(draft.data, name="Phòng Văn hóa xã hội", kinds=["commune_committee"])
    services.change_draft(draft=draft, user=province.users.control_office, now=NOW, data=data)
    assert not UnitAlias.objects.exists()  # nothing stored before the officer confirms

    plan = services.confirm_draft(draft=draft, user=province.users.control_office, now=NOW)

    alias = UnitAlias.objects.get()
    assert alias.agency_kinds == ["commune_committee"]
    assert set(plan.tasks.get(position=2).partner_agencies.all()) == {province.commune_a, province.commune_b}
    # The next import knows the name without asking.
    units = services.draft_units(make_draft(province).data, today=NOW.date())
    assert all(unit.match.matched for unit in units.rows)
    assert units.unmatched == []


def test_a_mapping_names_at_least_one_target_and_external_excludes_the_others(province):
    data = make_draft(province).data

    with pytest.raises(ValidationFailed, match="ít nhất một"):
        drafts.set_mapping(data, name="X")
    with pytest.raises(ValidationFailed, match="vừa là cơ quan trong tỉnh"):
        drafts.set_mapping(data, name="X", agency_ids=[province.office.pk], external=True)
    both = drafts.set_mapping(data, name="X", agency_ids=[province.office.pk], kinds=["commune_committee"])
    assert both["mappings"]["x"] == {
        "name": "X",
        "agencies": [province.office.pk],
        "kinds": ["commune_committee"],
        "external": False,
    }


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


SEED_001 = next(SEEDS.glob("001_*.txt"))


def test_every_task_of_the_hue_plan_gets_a_lead_agency_in_the_two_level_test_province(province):
    """The test province has no district committee and no Sở Thông tin và Truyền thông (merged into Sở Khoa
    học và Công nghệ on 1 Mar 2025): those two names need the officer's mapping, and only those. VII.3 has no
    lead in the document itself (its lead cell is empty) and is reported, not guessed."""
    science = Agency.objects.create(
        code="000.00.12.H99",
        name="Sở Khoa học và Công nghệ",
        kind="department",
        level=province.justice.level,
        parent=province.committee,
    )
    services.remember_alias(name="UBND cấp huyện", now=NOW, kinds=["commune_committee"])
    services.remember_alias(name="Sở Thông tin và Truyền thông", now=NOW, agency_ids=[science.pk])

    plan, unmatched = services.import_file(
        path=str(SEED_001), agency=province.committee, user=province.users.control_office, now=NOW
    )

    without_lead = [
        f"{task.group.number}.{task.number}"
        for task in plan.tasks.select_related("group").prefetch_related("lead_agencies")
        if not task.lead_agencies.all()
    ]
    assert plan.tasks.count() == 46
    assert without_lead == ["VII.3"]
    assert plan.tasks.get(group__number="VII", number="3").lead_names == []
    # "Các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã": every department and every commune.
    task = plan.tasks.get(group__number="II", number="4.1")
    assert set(task.lead_agencies.all()) == {
        province.justice,
        province.construction,
        science,
        province.commune_a,
        province.commune_b,
    }
    assert set(plan.tasks.get(group__number="I", number="3").lead_agencies.all()) == {science}
    assert "UBND cấp huyện" not in unmatched
    assert "Trung tâm Hành chính công cấp huyện" in unmatched  # no district level: listed, not guessed


def test_a_district_group_after_the_district_level_ended_is_listed_for_the_officer_to_map(province):
    draft = make_draft(province, text=SMALL_PLAN.replace("UBND cấp xã", "UBND cấp huyện, UBND cấp xã"))

    units = services.draft_units(draft.data, today=NOW.date())

    assert [(unit.name, unit.used_in) for unit in units.unmatched] == [
        ("Phòng Văn hóa xã hội", ()),
        ("UBND cấp huyện", ("UBND cấp huyện, UBND cấp xã",)),
    ]
    data = drafts.set_mapping(draft.data, name="UBND cấp huyện", kinds=["commune_committee"])
    assert [unit.name for unit in services.draft_units(data, today=NOW.date()).unmatched] == [
        "Phòng Văn hóa xã hội"
    ]
