"""Object permissions of the catalog for ``user.has_perm(perm, version)``, delegating to the selectors."""

import rules

from tthc.catalog import selectors


@rules.predicate
def edits_version(user, version) -> bool:
    return version is not None and selectors.can_edit(user, version)


rules.add_perm("catalog.change_procedureversion", edits_version)
