"""``tthc demo load`` and ``tthc demo logins`` against the database."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tthc.catalog import selectors as catalog
from tthc.catalog.models import (
    ChannelOption,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    VersionAgency,
)
from tthc.core.timezone import VIETNAM
from tthc.demo.selectors import demo_logins
from tthc.demo.services import (
    DEMO_PASSWORD,
    DEMO_PROVINCE_CODE,
    agency_specs,
    load_demo,
    sync_agencies,
    sync_users,
    user_specs,
)
from tthc.organisation.models import AdministrativeUnit, Agency, Membership, Role, User
from tthc.organisation.services import load_units

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
LATER = NOW + datetime.timedelta(days=40)
MODELS = [
    AdministrativeUnit,
    Agency,
    User,
    Membership,
    Field,
    PublicationDecision,
    Procedure,
    ProcedureVersion,
    VersionAgency,
    ChannelOption,
    RequiredDocument,
    LegalBasis,
]


@pytest.fixture(autouse=True)
def _media(media):
    """The files the demo attaches go to a folder of the test, not the project's var/media."""
    return media


def _load_people(*, reset_passwords=False):
    """The demo's units, agencies and users without its catalog: enough for the organisation rules."""
    load_units(province_code=DEMO_PROVINCE_CODE)
    agencies = sync_agencies(specs=agency_specs())
    users = sync_users(specs=user_specs(), password=DEMO_PASSWORD, reset_passwords=reset_passwords)
    return agencies, users


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_demo_load_builds_the_province_the_issue_asks_for():
    load_demo(now=NOW)

    kinds = {kind: Agency.objects.filter(kind=kind) for kind in Agency.Kind.values}
    assert kinds["provincial_committee"].get().parent is None
    assert kinds["office"].get().supervises_province
    assert kinds["department"].count() >= 10
    assert kinds["service_centre"].filter(children__kind=Agency.Kind.ONE_STOP_DESK).exists()
    communes = kinds["commune_committee"].select_related("administrative_unit__level", "level")
    assert communes.count() >= 20
    for commune in communes:
        assert commune.level.code == "commune"
        assert commune.administrative_unit.level.code == "commune"
        assert commune.administrative_unit.parent.code == "44"
        assert commune.children.filter(kind=Agency.Kind.ONE_STOP_DESK).count() == 1
    assert not Agency.objects.filter(level__code="district").exists()

    in_force = catalog.search_versions(on=NOW.date())
    assert in_force.count() >= 80
    assert Field.objects.filter(versions__in=in_force).distinct().count() >= 10
    assert any(catalog.decision_signed_late(d) for d in PublicationDecision.objects.all())

    # The public search, typed without diacritics, finds the birth registration first among two or three.
    found = list(catalog.search_versions(query="khai sinh", on=NOW.date()))
    assert 2 <= len(found) <= 3
    assert (found[0].procedure.code, found[0].name) == ("1.001193", "Đăng ký khai sinh")

    demo_roles = set(Membership.objects.values_list("role", flat=True))
    assert demo_roles == set(Role.values)
    assert User.objects.get(username="quantri").is_superuser
    assert not User.objects.filter(is_staff=True).exclude(username="quantri").exists()
    assert User.objects.get(username="kiemsoat").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_load_is_idempotent(django_assert_max_num_queries):
    first = load_demo(now=NOW)
    before = _counts()
    hashes = dict(User.objects.values_list("username", "password"))

    # A later day changes nothing either: records without a decision are unchanged content, not new versions.
    # About 25 queries in all, plus load_units' two per administrative unit of the package (78 communes).
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(200):
        second = load_demo(now=LATER)

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert _counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert first.procedures.created >= 80
    assert (second.units.created, second.units.updated) == (0, 0)
    assert (second.agencies.created, second.agencies.updated) == (0, 0)
    assert (second.users.created, second.users.updated) == (0, 0)
    assert (second.procedures.created, second.procedures.updated) == (0, 0)
    assert second.procedures.unchanged == first.procedures.created


@pytest.mark.django_db
def test_demo_load_puts_back_an_agency_edited_away_from_its_data():
    _load_people()
    Agency.objects.filter(code="000.00.10.H45").update(name="Sở Tư pháp (đổi tên)")

    agencies, _ = _load_people()

    assert (agencies.created, agencies.updated) == (0, 1)
    assert Agency.objects.get(code="000.00.10.H45").name == "Sở Tư pháp tỉnh Quảng Trị"


@pytest.mark.django_db
def test_demo_load_keeps_a_changed_password_unless_asked_to_reset_it():
    _load_people()
    user = User.objects.get(username="motcua")
    user.set_password("mat-khau-rieng-cua-toi")
    user.save()

    _load_people()
    user.refresh_from_db()
    assert user.check_password("mat-khau-rieng-cua-toi")

    _, users = _load_people(reset_passwords=True)
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert users.updated == 1


@pytest.mark.django_db
def test_demo_logins_lists_every_role():
    summary = StringIO()
    call_command("demo", "load", stdout=summary, stderr=StringIO())
    assert "Dữ liệu mẫu tỉnh Quảng Trị" in summary.getvalue()
    out = StringIO()

    call_command("demo", "logins", stdout=out)

    text = out.getvalue()
    for heading in ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan"):
        assert heading in text
    for role in Role:
        assert role.label in text
    for username in ("quantri", "admin", "kiemsoat", "motcua", "chuyenvien", "pheduyet", "lanhdao"):
        assert f"\n{username} " in text
    assert {login.role for login in demo_logins()} >= set(Role.labels)
    assert DEMO_PASSWORD in text


@pytest.mark.django_db
def test_demo_logins_before_loading_tells_how_to_load():
    with pytest.raises(CommandError, match="tthc demo load"):
        call_command("demo", "logins")


@pytest.mark.django_db
def test_the_summary_counts_the_feedback_cases_plans_and_dossiers_there_are():
    from tthc.dossiers.models import Dossier
    from tthc.feedback.models import Feedback
    from tthc.plans.models import Plan

    first, again = StringIO(), StringIO()
    call_command("demo", "load", stdout=first, stderr=StringIO())
    call_command("demo", "load", stdout=again, stderr=StringIO())
    for model, label in ((Feedback, "phản ánh, kiến nghị"), (Plan, "kế hoạch"), (Dossier, "hồ sơ")):
        count = model.objects.count()
        assert count > 0
        assert f"  {label}: {count} ({count} tạo mới)" in first.getvalue()
        assert f"  {label}: {count} (0 tạo mới)" in again.getvalue()


# Messages leave when the transaction commits: a real commit, with the migrations' data put back afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_load_sends_no_email_to_the_console(settings, capsys):
    from tthc.notifications.models import Notification

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    load_demo(now=NOW)
    out = capsys.readouterr().out
    assert Notification.objects.filter(channel=Notification.Channel.EMAIL).exists()
    assert "Subject:" not in out and "Content-Type: text/plain" not in out
