"""Organisation API: the agencies a staff user may see."""

from ninja import Router, Schema

from tthc.api_auth import staff_session
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


@router.get("/agencies", response=list[AgencyOut], summary="Cơ quan trong phạm vi của người dùng")
def list_agencies(request):
    agencies = agencies_in_scope(request.user).select_related("level")
    return [
        AgencyOut(id=a.id, code=a.code, name=a.name, kind=a.kind, level=a.level.code, parent_id=a.parent_id)
        for a in agencies
    ]
