"""Agencies and roles: creating, moving, granting and revoking, each checked through the scoping rule."""

import datetime

import pytest
from auditlog.models import LogEntry

from tthc.core.errors import DomainError, NotFound, PermissionDenied
from tthc.organisation import selectors, services
from tthc.organisation.models import Agency, Membership, Role
from tthc.organisation.scoping import Permission, can
from tthc.testing.factories import AgencyFactory, UserFactory, level, staff

DAY = datetime.date(2026, 3, 2)


def new_department(user, *, code="000.00.12.H99", parent=None, **extra):
    return services.create_agency(
        user=user,
        code=code,
        name="Sở Nội vụ",
        kind=Agency.Kind.DEPARTMENT,
        level=level("province"),
        parent=parent,
        **extra,
    )


@pytest.mark.django_db
def test_an_administrator_creates_an_agency_below_their_agency(province):
    desk = services.create_agency(
        user=province.users.admin_office,
        code="000.00.10.01.H99",
        name="  Bộ phận Một cửa Sở Tư pháp ",
        kind=Agency.Kind.ONE_STOP_DESK,
        level=level("province"),
        parent=province.justice,
    )
    assert desk.name == "Bộ phận Một cửa Sở Tư pháp"
    assert desk.path == f"{province.justice.path}{desk.pk}/"


@pytest.mark.django_db
def test_creating_an_agency_needs_administrator_of_the_parent(province):
    with pytest.raises(PermissionDenied):
        new_department(province.users.admin_commune_a, parent=province.justice)
    with pytest.raises(PermissionDenied):
        new_department(province.users.control_office, parent=province.committee)
    assert not Agency.objects.filter(code="000.00.12.H99").exists()


@pytest.mark.django_db
def test_a_top_level_agency_needs_a_province_wide_administrator(province):
    with pytest.raises(PermissionDenied):
        new_department(province.users.admin_commune_a)
    assert not Agency.objects.filter(code="000.00.12.H99").exists()

    root = new_department(province.users.admin_office)
    assert root.parent is None


@pytest.mark.django_db
def test_an_agency_code_already_used_is_refused_and_nothing_is_written(province):
    count = Agency.objects.count()
    with pytest.raises(DomainError, match=r"000\.00\.10\.H99 đã được dùng"):
        new_department(province.users.admin_office, code="000.00.10.H99", parent=province.committee)
    assert Agency.objects.count() == count


@pytest.mark.django_db
def test_an_agency_ending_before_it_starts_is_refused(province):
    with pytest.raises(DomainError, match="Ngày hết hiệu lực"):
        new_department(province.users.admin_office, parent=province.committee, valid_from=DAY, valid_to=DAY)


@pytest.mark.django_db
def test_agency_path_follows_a_move_to_another_parent(province):
    desk = AgencyFactory(code="000.00.10.01.H99", kind=Agency.Kind.ONE_STOP_DESK, parent=province.justice)
    counter = AgencyFactory(code="000.00.10.01.01.H99", kind=Agency.Kind.OTHER, parent=desk)

    services.move_agency(user=province.users.admin_office, agency=desk, parent=province.centre)

    desk.refresh_from_db()
    counter.refresh_from_db()
    assert desk.path == f"{province.centre.path}{desk.pk}/"
    assert counter.path == f"{province.centre.path}{desk.pk}/{counter.pk}/"
    # The move changes who reaches the desk: the service centre now, the department no longer.
    assert can(province.users.desk_centre, counter)
    assert not can(province.users.specialist_justice, counter)


@pytest.mark.django_db
def test_moving_an_agency_below_itself_is_refused(province):
    desk = AgencyFactory(code="000.00.10.01.H99", kind=Agency.Kind.ONE_STOP_DESK, parent=province.justice)
    with pytest.raises(DomainError, match="đang thuộc Sở Tư pháp"):
        services.move_agency(user=province.users.admin_office, agency=province.justice, parent=desk)
    province.justice.refresh_from_db()
    assert province.justice.parent == province.committee


@pytest.mark.django_db
def test_moving_an_agency_needs_administrator_of_both_places(province):
    with pytest.raises(PermissionDenied):
        services.move_agency(
            user=province.users.admin_commune_a, agency=province.commune_a, parent=province.justice
        )
    province.commune_a.refresh_from_db()
    assert province.commune_a.parent == province.committee


@pytest.mark.django_db
def test_granting_a_role_needs_administrator_of_that_agency(province):
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(PermissionDenied):
        services.grant_role(
            user=newcomer,
            agency=province.justice,
            role=Role.SPECIALIST,
            granted_by=province.users.admin_commune_a,
        )
    with pytest.raises(PermissionDenied):
        services.grant_role(
            user=newcomer,
            agency=province.justice,
            role=Role.SPECIALIST,
            granted_by=province.users.control_office,
        )
    assert not newcomer.memberships.exists()


@pytest.mark.django_db
def test_a_granted_role_reaches_its_agency_at_once(province):
    newcomer = UserFactory(username="newcomer")
    assert not can(newcomer, province.commune_a)

    services.grant_role(
        user=newcomer,
        agency=province.commune_a,
        role=Role.DESK_OFFICER,
        granted_by=province.users.admin_commune_a,
    )

    assert can(newcomer, province.commune_a, permission=Permission.RECEIVE_DOSSIERS)
    assert not can(newcomer, province.commune_b)


@pytest.mark.django_db
def test_granting_a_role_twice_keeps_one_membership(province):
    newcomer = UserFactory(username="newcomer")
    for _ in range(2):
        services.grant_role(
            user=newcomer, agency=province.justice, role=Role.LEADER, granted_by=province.users.admin_office
        )
    assert newcomer.memberships.count() == 1


@pytest.mark.django_db
def test_an_unknown_role_is_refused(province):
    with pytest.raises(DomainError, match="Vai trò «chief»"):
        services.grant_role(
            user=UserFactory(username="n"),
            agency=province.justice,
            role="chief",
            granted_by=province.users.admin_office,
        )


@pytest.mark.django_db
def test_revoking_a_role_ends_it_on_the_day_and_keeps_the_history(province):
    user = province.users.specialist_justice
    services.revoke_role(
        user=user,
        agency=province.justice,
        role=Role.SPECIALIST,
        revoked_by=province.users.admin_office,
        on=DAY,
    )
    membership = Membership.objects.get(user=user, agency=province.justice, role=Role.SPECIALIST)
    assert membership.valid_to == DAY
    assert not selectors.roles_of(user, on=DAY).exists()
    assert selectors.roles_of(user, on=DAY - datetime.timedelta(days=1)).exists()


@pytest.mark.django_db
def test_a_role_granted_again_is_a_new_period_and_the_earlier_one_stays(province):
    user = province.users.specialist_justice
    admin = province.users.admin_office
    ended, again = DAY, DAY + datetime.timedelta(days=30)
    services.revoke_role(user=user, agency=province.justice, role=Role.SPECIALIST, revoked_by=admin, on=ended)
    services.grant_role(
        user=user, agency=province.justice, role=Role.SPECIALIST, granted_by=admin, valid_from=again
    )
    periods = Membership.objects.filter(user=user, agency=province.justice, role=Role.SPECIALIST)
    assert {(m.valid_from, m.valid_to) for m in periods} == {(None, ended), (again, None)}
    assert selectors.roles_of(user, on=ended - datetime.timedelta(days=1)).count() == 1
    assert not selectors.roles_of(user, on=ended + datetime.timedelta(days=1)).exists()
    assert selectors.roles_of(user, on=again).count() == 1


@pytest.mark.django_db
def test_a_role_granted_again_must_start_after_the_last_period_ended(province):
    user = province.users.specialist_justice
    admin = province.users.admin_office
    services.revoke_role(user=user, agency=province.justice, role=Role.SPECIALIST, revoked_by=admin, on=DAY)
    for start in (None, DAY - datetime.timedelta(days=1)):
        with pytest.raises(DomainError, match="hãy cho biết ngày bắt đầu giữ lại vai trò") as refused:
            services.grant_role(
                user=user, agency=province.justice, role=Role.SPECIALIST, granted_by=admin, valid_from=start
            )
        assert refused.value.field == "valid_from"
    assert Membership.objects.filter(user=user, role=Role.SPECIALIST).count() == 1


@pytest.mark.django_db
def test_revoking_a_role_needs_administrator_of_that_agency(province):
    with pytest.raises(PermissionDenied):
        services.revoke_role(
            user=province.users.specialist_justice,
            agency=province.justice,
            role=Role.SPECIALIST,
            revoked_by=province.users.admin_commune_a,
            on=DAY,
        )
    assert Membership.objects.get(user=province.users.specialist_justice).valid_to is None


@pytest.mark.django_db
def test_revoking_a_role_the_user_does_not_hold_is_refused(province):
    with pytest.raises(NotFound, match="không giữ vai trò Lãnh đạo phê duyệt tại Sở Tư pháp"):
        services.revoke_role(
            user=province.users.specialist_justice,
            agency=province.justice,
            role=Role.APPROVER,
            revoked_by=province.users.admin_office,
            on=DAY,
        )


@pytest.mark.django_db
def test_agency_tree_lists_the_agencies_valid_on_the_day_in_one_query(province, django_assert_num_queries):
    closed = AgencyFactory(
        code="000.30.00.H99", parent=province.committee, valid_to=datetime.date(2025, 7, 1)
    )
    desk = AgencyFactory(code="000.00.10.01.H99", kind=Agency.Kind.ONE_STOP_DESK, parent=province.justice)

    with django_assert_num_queries(1):
        nodes = selectors.agency_tree(on=datetime.date(2025, 7, 1))
        listed = [(node.agency.code, node.depth, node.agency.level.code) for node in nodes]

    codes = [code for code, _, _ in listed]
    assert closed.code not in codes
    assert listed[0] == (province.committee.code, 0, "province")
    assert codes.index(desk.code) == codes.index(province.justice.code) + 1
    assert (desk.code, 2, "province") in listed
    assert closed.code in [n.agency.code for n in selectors.agency_tree(on=datetime.date(2025, 6, 30))]


@pytest.mark.django_db
def test_agency_tree_for_a_user_shows_only_their_scope(province):
    nodes = selectors.agency_tree(on=DAY, user=province.users.specialist_justice)
    assert [(node.agency, node.depth) for node in nodes] == [(province.justice, 0)]


@pytest.mark.django_db
def test_roles_of_lists_the_current_roles_of_the_user_only(province):
    user = staff(Role.LEADER, province.construction, username="specialist_justice")
    roles = {(m.agency, m.role) for m in selectors.roles_of(user, on=DAY)}
    assert roles == {(province.justice, Role.SPECIALIST), (province.construction, Role.LEADER)}


@pytest.mark.django_db
def test_changes_to_agencies_and_roles_are_audited(province):
    agency = new_department(province.users.admin_office, parent=province.committee)
    membership = services.grant_role(
        user=UserFactory(username="n"),
        agency=agency,
        role=Role.LEADER,
        granted_by=province.users.admin_office,
    )
    assert LogEntry.objects.get_for_object(agency).filter(action=LogEntry.Action.CREATE).exists()
    assert LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.CREATE).exists()


@pytest.mark.django_db
def test_a_users_password_never_reaches_the_audit_log():
    user = UserFactory(username="audited")
    user.set_password("mot-mat-khau-moi")
    user.full_name = "Nguyễn Văn A"
    user.save()
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(user)]
    assert changes and all("password" not in change for change in changes)
    assert any("full_name" in change for change in changes)
