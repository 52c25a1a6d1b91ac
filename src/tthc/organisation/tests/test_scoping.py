import pytest

from tthc.catalog.models import Procedure
from tthc.core.errors import PermissionDenied
from tthc.organisation.models import Agency, Membership, Role
from tthc.organisation.scoping import Permission, agencies_in_scope, can, require_in_scope, scope
from tthc.testing.factories import AgencyFactory, UserFactory, staff


@pytest.mark.django_db
def test_a_role_reaches_its_agency_and_the_agencies_below(province):
    desk = AgencyFactory(
        code="000.00.10.01.H99",
        name="Bộ phận một cửa Sở Tư pháp",
        parent=province.justice,
        kind=Agency.Kind.ONE_STOP_DESK,
    )
    visible = set(agencies_in_scope(province.users.specialist_justice))
    assert visible == {province.justice, desk}


@pytest.mark.django_db
def test_a_role_at_the_provincial_office_reaches_the_whole_province(province):
    assert agencies_in_scope(province.users.control_office).count() == Agency.objects.count()


@pytest.mark.django_db
def test_another_agencys_user_is_refused(province):
    with pytest.raises(PermissionDenied):
        require_in_scope(province.users.control_construction, province.justice)


@pytest.mark.django_db
def test_a_permission_needs_a_role_that_grants_it(province):
    assert can(province.users.leader_justice, province.justice, permission=Permission.VIEW)
    assert not can(province.users.leader_justice, province.justice, permission=Permission.MANAGE_CATALOG)
    assert can(province.users.control_justice, province.justice, permission=Permission.MANAGE_CATALOG)


@pytest.mark.django_db
def test_anonymous_users_reach_nothing(province):
    from django.contrib.auth.models import AnonymousUser

    assert not agencies_in_scope(AnonymousUser()).exists()


@pytest.mark.django_db
def test_a_user_without_roles_reaches_nothing(province):
    assert not agencies_in_scope(UserFactory(username="nobody")).exists()


@pytest.mark.django_db
def test_an_expired_role_reaches_nothing(province):
    import datetime

    user = staff(Role.SPECIALIST, province.construction, username="retired")
    Membership.objects.filter(user=user).update(valid_to=datetime.date(2020, 1, 1))
    assert not agencies_in_scope(user).exists()


@pytest.mark.django_db
def test_scope_filters_any_queryset_by_its_agency(province):
    own = scope(Agency.objects.all(), province.users.control_justice, via="parent")
    assert not own.exists()  # no agency hangs below the department in this tree
    assert (
        scope(
            Procedure.objects.all(), UserFactory(username="x2"), via="versions__agency_parts__agency"
        ).count()
        == 0
    )
