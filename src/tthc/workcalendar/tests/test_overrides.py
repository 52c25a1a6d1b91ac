"""Setting and removing the province's overrides (services), with who may do it."""

import datetime

import pytest
from auditlog.models import LogEntry

from tthc.core.errors import NotFound, PermissionDenied, ValidationFailed
from tthc.testing.factories import UserFactory
from tthc.workcalendar.models import CalendarOverride
from tthc.workcalendar.services import delete_override, set_override

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_province_administrator_adds_an_extra_day_off(province):
    admin = province.users.admin_office
    override = set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ bầu cử", user=admin)
    assert (override.kind, override.name, override.created_by) == ("off", "Nghỉ bầu cử", admin)


def test_setting_a_day_again_replaces_its_override(province):
    admin = province.users.admin_office
    set_override(day=D(2026, 3, 7), kind="work", name="Làm bù", user=admin)
    set_override(day=D(2026, 3, 7), kind="off", name="  Thôi làm bù ", user=admin)
    assert list(CalendarOverride.objects.values_list("date", "kind", "name")) == [
        (D(2026, 3, 7), "off", "Thôi làm bù")
    ]


def test_a_work_override_on_an_ordinary_weekday_is_refused(province):
    with pytest.raises(ValidationFailed, match="vốn đã là ngày làm việc"):
        set_override(day=D(2026, 3, 9), kind="work", name="Làm việc", user=province.users.admin_office)
    assert not CalendarOverride.objects.exists()


def test_an_override_needs_a_known_kind_and_a_name(province):
    admin = province.users.admin_office
    with pytest.raises(ValidationFailed, match="Loại «holiday» không hợp lệ"):
        set_override(day=D(2026, 3, 10), kind="holiday", name="Nghỉ", user=admin)
    with pytest.raises(ValidationFailed, match="Thiếu tên ngày"):
        set_override(day=D(2026, 3, 10), kind="off", name="   ", user=admin)
    assert not CalendarOverride.objects.exists()


def test_a_commune_administrator_cannot_change_the_province_calendar(province):
    with pytest.raises(PermissionDenied):
        set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=province.users.admin_commune_a)
    assert not CalendarOverride.objects.exists()


def test_a_control_officer_of_the_office_cannot_change_the_calendar(province):
    with pytest.raises(PermissionDenied):
        set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=province.users.control_office)


def test_a_superuser_may_change_the_calendar(province):
    root = UserFactory(username="root", is_superuser=True)
    set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=root)
    assert CalendarOverride.objects.count() == 1


def test_deleting_an_override_gives_the_day_back_to_the_law(province):
    admin = province.users.admin_office
    set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=admin)
    delete_override(day=D(2026, 3, 10), user=admin)
    assert not CalendarOverride.objects.exists()


def test_deleting_a_day_without_override_is_not_found(province):
    with pytest.raises(NotFound, match="10/03/2026"):
        delete_override(day=D(2026, 3, 10), user=province.users.admin_office)


def test_a_commune_administrator_cannot_delete_an_override(province):
    set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=province.users.admin_office)
    with pytest.raises(PermissionDenied):
        delete_override(day=D(2026, 3, 10), user=province.users.admin_commune_a)
    assert CalendarOverride.objects.count() == 1


def test_override_changes_are_recorded_in_the_audit_log_with_their_author(province):
    admin = province.users.admin_office
    override = set_override(day=D(2026, 3, 10), kind="off", name="Nghỉ", user=admin)
    entry = LogEntry.objects.get_for_object(override).get()
    assert entry.actor == admin
