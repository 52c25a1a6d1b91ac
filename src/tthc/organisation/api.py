"""Organisation API: the agencies a staff user may see, and the user's own roles.

Every agency read goes through :mod:`tthc.organisation.scoping`; an agency out of scope answers 404 exactly
like one that does not exist.
"""

import datetime

from django.utils import timezone
from ninja import Router, Schema

from tthc.api_auth import staff_session
from tthc.organisation import selectors
from tthc.organisation.models import Agency
from tthc.organisation.scoping import agencies_in_scope

router = Router(tags=["organisation"], auth=staff_session)


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str
    parent_id: int | None


class AgencyDetailOut(AgencyOut):
    short_name: str
    kind_label: str
    level_name: str
    parent_name: str | None
    administrative_unit: str | None
    address: str
    phone: str
    email: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class RoleOut(Schema):
    agency_id: int
    agency_code: str
    agency_name: str
    role: str
    role_label: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


class ErrorOut(Schema):
    code: str
    message: str


@router.get(
    "/agencies",
    response=list[AgencyOut],
    url_name="organisation_agencies",
    summary="Cơ quan trong phạm vi của người dùng",
)
def list_agencies(request):
    agencies = agencies_in_scope(request.user).select_related("level")
    return [
        AgencyOut(id=a.id, code=a.code, name=a.name, kind=a.kind, level=a.level.code, parent_id=a.parent_id)
        for a in agencies
    ]


@router.get(
    "/agencies/{agency_id}",
    response={200: AgencyDetailOut, 404: ErrorOut},
    url_name="organisation_agency",
    summary="Thông tin một cơ quan trong phạm vi của người dùng",
)
def get_agency(request, agency_id: int):
    agency: Agency = selectors.visible_agency(request.user, agency_id=agency_id)
    return AgencyDetailOut(
        id=agency.id,
        code=agency.code,
        name=agency.name,
        kind=agency.kind,
        level=agency.level.code,
        parent_id=agency.parent_id,
        short_name=agency.short_name,
        kind_label=agency.get_kind_display(),
        level_name=agency.level.name,
        parent_name=agency.parent.name if agency.parent_id else None,
        administrative_unit=agency.administrative_unit.name if agency.administrative_unit_id else None,
        address=agency.address,
        phone=agency.phone,
        email=agency.email,
        valid_from=agency.valid_from,
        valid_to=agency.valid_to,
    )


@router.get("/me", response=MeOut, url_name="organisation_me", summary="Vai trò hiện có của người dùng")
def me(request):
    user = request.user
    roles = selectors.roles_of(user, on=timezone.localdate())
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        roles=[
            RoleOut(
                agency_id=m.agency_id,
                agency_code=m.agency.code,
                agency_name=m.agency.name,
                role=m.role,
                role_label=m.get_role_display(),
                valid_from=m.valid_from,
                valid_to=m.valid_to,
            )
            for m in roles
        ],
    )
