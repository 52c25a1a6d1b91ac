"""Object permissions for Django's ``user.has_perm(perm, obj)`` (the `rules` backend).

They add no rule of their own: each delegates to the scoping module, so the admin, templates and any code that
asks Django for a permission get the same answer as the views and the API.
"""

import rules

from tthc.organisation.scoping import Permission, can


@rules.predicate
def administers_agency(user, agency) -> bool:
    return agency is not None and can(user, agency, permission=Permission.MANAGE_ORGANISATION)


@rules.predicate
def sees_agency(user, agency) -> bool:
    return agency is not None and can(user, agency, permission=Permission.VIEW)


rules.add_perm("organisation.view_agency", sees_agency)
rules.add_perm("organisation.change_agency", administers_agency)
