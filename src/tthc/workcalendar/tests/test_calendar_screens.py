"""Staff screens of the working calendar: who may see and change what, forms and their messages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tthc.workcalendar.models import CalendarOverride, WorkingSchedule

D = datetime.date
pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


ELECTION_DAY = D(2026, 3, 10)


def make_override(day=ELECTION_DAY, kind="off", name="Nghỉ bầu cử"):
    return CalendarOverride.objects.create(date=day, kind=kind, name=name)


# The year's calendar ------------------------------------------------------------------------------------


def test_the_province_administrator_sees_the_years_days_off_and_overrides(client, province):
    make_override()
    page = as_user(client, province.users.admin_office).get(reverse("workcalendar:overrides"), {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lịch làm việc năm 2026" in html
    assert "27/04/2026" in html and "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in html
    assert "22/08/2026" in html  # the swapped working Saturday
    assert "Nghỉ bầu cử" in html
    assert reverse("workcalendar:override-edit", args=[D(2026, 3, 10)]) in html


def test_a_commune_administrator_sees_the_calendar_without_edit_buttons(client, province):
    make_override()
    html = as_user(client, province.users.admin_commune_a).get(
        reverse("workcalendar:overrides"), {"year": 2026}
    )
    assert html.status_code == 200
    assert reverse("workcalendar:override-add") not in html.content.decode()


@pytest.mark.scoped_endpoint("workcalendar:overrides")
def test_a_user_without_the_calendar_permission_is_refused(client, province):
    response = as_user(client, province.users.control_justice).get(reverse("workcalendar:overrides"))
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, province):
    response = client.get(reverse("workcalendar:overrides"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_wrong_year_in_the_address_shows_the_current_year(client, province):
    response = as_user(client, province.users.admin_office).get(
        reverse("workcalendar:overrides"), {"year": "abc"}
    )
    assert response.status_code == 200


# Adding, editing, deleting overrides ------------------------------------------------------------------


def test_the_province_administrator_adds_an_override(client, province):
    response = as_user(client, province.users.admin_office).post(
        reverse("workcalendar:override-add"),
        {"date": "07/03/2026", "kind": "work", "name": "Làm bù ngày 10/03"},
    )
    assert response.status_code == 302
    assert response.url.endswith("?year=2026")
    override = CalendarOverride.objects.get()
    assert (override.date, override.kind, override.created_by) == (
        D(2026, 3, 7),
        "work",
        province.users.admin_office,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"date": "30/02/2026", "kind": "off", "name": "Nghỉ"},
            "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy",
        ),
        ({"date": "09/03/2026", "kind": "work", "name": "Làm"}, "vốn đã là ngày làm việc"),
        ({"date": "10/03/2026", "kind": "off", "name": ""}, "bắt buộc"),
    ],
)
def test_the_add_form_shows_what_is_wrong_and_writes_nothing(client, province, data, message):
    response = as_user(client, province.users.admin_office).post(reverse("workcalendar:override-add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_adding_a_day_that_already_has_an_override_is_refused(client, province):
    make_override()
    response = as_user(client, province.users.admin_office).post(
        reverse("workcalendar:override-add"), {"date": "10/03/2026", "kind": "off", "name": "Khác"}
    )
    assert "đã có điều chỉnh" in response.content.decode()
    assert CalendarOverride.objects.get().name == "Nghỉ bầu cử"


@pytest.mark.scoped_endpoint("workcalendar:override-add")
def test_another_agencys_administrator_cannot_add_an_override(client, province):
    client = as_user(client, province.users.admin_commune_a)
    assert client.get(reverse("workcalendar:override-add")).status_code == 403
    response = client.post(
        reverse("workcalendar:override-add"), {"date": "10/03/2026", "kind": "off", "name": "X"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_the_province_administrator_renames_an_override(client, province):
    make_override()
    url = reverse("workcalendar:override-edit", args=[D(2026, 3, 10)])
    client = as_user(client, province.users.admin_office)
    assert "Nghỉ bầu cử" in client.get(url).content.decode()
    response = client.post(url, {"date": "01/01/2030", "kind": "off", "name": "Nghỉ bầu cử Quốc hội"})
    assert response.status_code == 302
    assert list(CalendarOverride.objects.values_list("date", "name")) == [
        (D(2026, 3, 10), "Nghỉ bầu cử Quốc hội")
    ]


def test_editing_a_day_without_override_is_not_found(client, province):
    url = reverse("workcalendar:override-edit", args=[D(2026, 3, 11)])
    assert as_user(client, province.users.admin_office).get(url).status_code == 404


@pytest.mark.scoped_endpoint("workcalendar:override-edit")
def test_another_agencys_administrator_cannot_edit_an_override(client, province):
    make_override()
    url = reverse("workcalendar:override-edit", args=[D(2026, 3, 10)])
    response = as_user(client, province.users.admin_commune_a).post(url, {"kind": "off", "name": "X"})
    assert response.status_code == 403
    assert CalendarOverride.objects.get().name == "Nghỉ bầu cử"


def test_the_province_administrator_deletes_an_override(client, province):
    make_override()
    url = reverse("workcalendar:override-delete", args=[D(2026, 3, 10)])
    client = as_user(client, province.users.admin_office)
    assert "Xóa ngày điều chỉnh 10/03/2026?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not CalendarOverride.objects.exists()


@pytest.mark.scoped_endpoint("workcalendar:override-delete")
def test_another_agencys_administrator_cannot_delete_an_override(client, province):
    make_override()
    url = reverse("workcalendar:override-delete", args=[D(2026, 3, 10)])
    assert as_user(client, province.users.admin_commune_a).post(url).status_code == 403
    assert as_user(client, province.users.control_office).post(url).status_code == 403
    assert CalendarOverride.objects.exists()


# CSV upload -------------------------------------------------------------------------------------------


def upload(text: str, encoding="utf-8"):
    return {"file": SimpleUploadedFile("lich.csv", text.encode(encoding), content_type="text/csv")}


def test_the_province_administrator_uploads_a_csv(client, province):
    response = as_user(client, province.users.admin_office).post(
        reverse("workcalendar:import"), upload("date,kind,name\n2026-03-10,off,Nghỉ bầu cử\n")
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().name == "Nghỉ bầu cử"


def test_a_bad_csv_shows_each_wrong_line_and_writes_nothing(client, province):
    text = "date,kind,name\n2026-03-10,off,Nghỉ\n2026-02-30,off,Nghỉ\n2026-03-12,nghi,Nghỉ\n"
    response = as_user(client, province.users.admin_office).post(reverse("workcalendar:import"), upload(text))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Dòng 3: ngày «2026-02-30» không hợp lệ" in html
    assert "Dòng 4: Loại «nghi» không hợp lệ" in html
    assert "chưa ghi dữ liệu nào" in html
    assert not CalendarOverride.objects.exists()


def test_a_csv_not_in_utf8_is_refused_with_a_message(client, province):
    response = as_user(client, province.users.admin_office).post(
        reverse("workcalendar:import"), upload("date,kind,name\n2026-03-10,off,Nghỉ\n", encoding="utf-16")
    )
    assert "không phải văn bản UTF-8" in response.content.decode()
    assert not CalendarOverride.objects.exists()


@pytest.mark.scoped_endpoint("workcalendar:import")
def test_another_agencys_administrator_cannot_upload_a_csv(client, province):
    response = as_user(client, province.users.admin_commune_a).post(
        reverse("workcalendar:import"), upload("date,kind,name\n2026-03-10,off,Nghỉ\n")
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


# Working hours ----------------------------------------------------------------------------------------


def test_a_commune_administrator_sees_and_edits_only_the_hours_of_the_commune(client, province):
    client = as_user(client, province.users.admin_commune_a)
    html = client.get(reverse("workcalendar:hours")).content.decode()
    assert "UBND xã An Bình" in html and "Sở Tư pháp" not in html
    url = reverse("workcalendar:hours-edit", args=[province.commune_a.pk])
    assert client.post(url, {"periods": "07:00-11:00, 13:00-16:00"}).status_code == 302
    assert WorkingSchedule.objects.get().periods == [["07:00", "11:00"], ["13:00", "16:00"]]


def test_the_hours_form_shows_what_is_wrong_and_writes_nothing(client, province):
    url = reverse("workcalendar:hours-edit", args=[province.commune_a.pk])
    response = as_user(client, province.users.admin_commune_a).post(
        url, {"periods": "13:30-17:00, 07:00-11:30"}
    )
    assert response.status_code == 200
    assert "không chồng lên nhau" in response.content.decode()
    assert not WorkingSchedule.objects.exists()


def test_the_clear_button_drops_the_agencys_own_hours_from_the_day_given(client, province):
    WorkingSchedule.objects.create(agency=province.commune_a, periods=[["07:00", "11:00"]])
    url = reverse("workcalendar:hours-edit", args=[province.commune_a.pk])
    client = as_user(client, province.users.admin_commune_a)
    assert client.post(url, {"clear": "1", "valid_from": "01/03/2026"}).status_code == 302
    assert list(WorkingSchedule.objects.order_by("pk").values_list("valid_from", "periods")) == [
        (None, [["07:00", "11:00"]]),
        (datetime.date(2026, 3, 1), []),
    ]


def test_the_hours_screen_saves_a_change_from_a_day_and_shows_the_history(client, province):
    WorkingSchedule.objects.create(agency=province.commune_a, periods=[["07:00", "11:00"]])
    url = reverse("workcalendar:hours-edit", args=[province.commune_a.pk])
    client = as_user(client, province.users.admin_commune_a)
    response = client.post(url, {"periods": "07:30-11:30, 13:30-17:30", "valid_from": "15/03/2026"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    history = html[html.index('id="hours-history"') :]
    assert history.index("15/03/2026") < history.index("Từ trước đến nay")
    assert "07:30–11:30, 13:30–17:30" in history and "07:00–11:00" in history
    assert client.post(url, {"periods": "07:00-11:00", "valid_from": "31/02/2026"}).status_code == 200
    assert WorkingSchedule.objects.count() == 2


@pytest.mark.scoped_endpoint("workcalendar:hours")
def test_a_user_without_the_calendar_permission_cannot_see_working_hours(client, province):
    assert (
        as_user(client, province.users.leader_justice).get(reverse("workcalendar:hours")).status_code == 403
    )


@pytest.mark.scoped_endpoint("workcalendar:hours-edit")
def test_another_agencys_administrator_cannot_change_its_hours(client, province):
    url = reverse("workcalendar:hours-edit", args=[province.justice.pk])
    client = as_user(client, province.users.admin_commune_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"periods": "07:00-11:00"}).status_code == 403
    assert not WorkingSchedule.objects.exists()


def test_the_province_administrator_sets_the_province_hours(client, province):
    url = reverse("workcalendar:hours-province")
    response = as_user(client, province.users.admin_office).post(url, {"periods": "07:30-11:30, 13:30-17:30"})
    assert response.status_code == 302
    assert WorkingSchedule.objects.get(agency=None).periods == [["07:30", "11:30"], ["13:30", "17:30"]]


@pytest.mark.scoped_endpoint("workcalendar:hours-province")
def test_a_commune_administrator_cannot_change_the_province_hours(client, province):
    url = reverse("workcalendar:hours-province")
    response = as_user(client, province.users.admin_commune_a).post(url, {"periods": "07:00-11:00"})
    assert response.status_code == 403
    assert not WorkingSchedule.objects.exists()
