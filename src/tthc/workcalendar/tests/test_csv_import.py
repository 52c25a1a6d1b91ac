"""Importing the province's overrides from CSV: rows checked first, nothing written on error, idempotent."""

import datetime

import pytest

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.workcalendar.models import CalendarOverride
from tthc.workcalendar.services import import_overrides_csv

D = datetime.date
pytestmark = pytest.mark.django_db

GOOD = """date,kind,name
2026-03-10,off,Nghỉ bầu cử
07/03/2026,work,Làm việc bù ngày 10/03
"""


def stored():
    return list(CalendarOverride.objects.order_by("date").values_list("date", "kind", "name"))


def failure(text, user):
    with pytest.raises(ValidationFailed) as caught:
        import_overrides_csv(text=text, user=user)
    return caught.value


def test_import_creates_overrides_from_iso_and_vietnamese_dates(province):
    result = import_overrides_csv(text=GOOD, user=province.users.admin_office)
    assert result.created == [D(2026, 3, 10), D(2026, 3, 7)]
    assert stored() == [
        (D(2026, 3, 7), "work", "Làm việc bù ngày 10/03"),
        (D(2026, 3, 10), "off", "Nghỉ bầu cử"),
    ]


def test_import_accepts_a_utf8_byte_order_mark_and_windows_line_ends(province):
    text = "\ufeff" + GOOD.replace("\n", "\r\n")
    assert len(import_overrides_csv(text=text, user=province.users.admin_office).created) == 2


def test_a_name_with_a_comma_is_read_when_quoted(province):
    import_overrides_csv(text='date,kind,name\n2026-03-10,off,"Nghỉ bầu cử, cả ngày"\n', user=None)
    assert stored() == [(D(2026, 3, 10), "off", "Nghỉ bầu cử, cả ngày")]


def test_a_wrong_header_is_refused(province):
    error = failure("ngay,loai,ten\n2026-03-10,off,Nghỉ\n", province.users.admin_office)
    assert "tiêu đề phải đúng là «date,kind,name»" in error.message
    assert stored() == []


def test_an_empty_file_is_refused(province):
    assert "trống" in failure("", province.users.admin_office).message


def test_a_wrong_kind_is_refused_naming_its_line(province):
    error = failure("date,kind,name\n2026-03-10,nghi,Nghỉ\n", province.users.admin_office)
    assert error.details == [
        {
            "record": 2,
            "field": "kind",
            "message": "Dòng 2: Loại «nghi» không hợp lệ; "
            "chỉ nhận «off» (ngày nghỉ) hoặc «work» (ngày làm việc).",
        }
    ]


def test_a_wrong_date_is_refused_naming_its_line(province):
    error = failure("date,kind,name\n2026-02-30,off,Nghỉ\n", province.users.admin_office)
    assert error.details[0]["record"] == 2
    assert error.details[0]["field"] == "date"
    assert "ngày «2026-02-30» không hợp lệ" in error.details[0]["message"]


def test_every_bad_line_is_listed_with_its_line_number(province):
    text = (
        "date,kind,name\n"
        "2026-03-10,off,Nghỉ bầu cử\n"  # line 2: good
        "\n"  # line 3: blank, skipped
        "31/13/2026,off,Nghỉ\n"  # line 4: bad date
        "2026-03-11,nghỉ,Nghỉ\n"  # line 5: bad kind
        "2026-03-12,off,\n"  # line 6: no name
        "2026-03-10,off,Trùng\n"  # line 7: date already on line 2
        "2026-03-09,work,Làm\n"  # line 8: Monday is already a working day
        "2026-03-13,off\n"  # line 9: two columns
    )
    error = failure(text, province.users.admin_office)
    assert [(d["record"], d["field"]) for d in error.details] == [
        (4, "date"),
        (5, "kind"),
        (6, "name"),
        (7, "date"),
        (8, "kind"),
        (9, "row"),
    ]
    assert "dòng 4, 5, 6, 7, 8, 9" in error.message
    assert "Dòng 7: ngày 10/03/2026 đã có ở dòng 2." in [d["message"] for d in error.details]


def test_import_writes_nothing_when_one_row_is_invalid(province):
    existing = CalendarOverride.objects.create(date=D(2026, 3, 10), kind="off", name="Tên cũ")
    text = GOOD + "2026-03-11,vacation,Nghỉ\n"
    failure(text, province.users.admin_office)
    assert stored() == [(D(2026, 3, 10), "off", "Tên cũ")]
    existing.refresh_from_db()
    assert existing.name == "Tên cũ"


def test_reimporting_the_same_file_changes_nothing(province):
    import_overrides_csv(text=GOOD, user=province.users.admin_office)
    before = stored()
    result = import_overrides_csv(text=GOOD, user=province.users.admin_office)
    assert (result.created, result.updated) == ([], [])
    assert sorted(result.unchanged) == [D(2026, 3, 7), D(2026, 3, 10)]
    assert stored() == before


def test_reimporting_with_a_new_name_updates_it_without_duplicates(province):
    import_overrides_csv(text=GOOD, user=province.users.admin_office)
    result = import_overrides_csv(text=GOOD.replace("Nghỉ bầu cử", "Nghỉ bầu cử Quốc hội"), user=None)
    assert result.updated == [D(2026, 3, 10)]
    assert CalendarOverride.objects.count() == 2
    assert CalendarOverride.objects.get(date=D(2026, 3, 10)).name == "Nghỉ bầu cử Quốc hội"


def test_import_needs_a_role_reaching_the_whole_province(province):
    with pytest.raises(PermissionDenied):
        import_overrides_csv(text=GOOD, user=province.users.admin_commune_a)
    assert stored() == []
