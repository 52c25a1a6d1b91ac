"""The suite-wide check that no endpoint ships without a test of who may reach it.

Every named URL of the project (Django views and django-ninja operations alike) must be named by at least one
test marked ``@pytest.mark.scoped_endpoint("<url name>")`` (a user of another agency is refused) or
``@pytest.mark.public_endpoint("<url name>")`` (an anonymous visitor's view). The markers are found by reading
the test files rather than by running them, so this check holds whichever subset of the suite is run.

A marker proves that a test exists, not what it asserts; test_endpoint_refusals.py runs every staff endpoint
as a user of another agency, a user with no role and an anonymous visitor and expects a refusal. So that a
marker cannot declare a staff endpoint public, ``public_endpoint`` may only name a URL of the reviewed list
:data:`PUBLIC_ENDPOINTS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import URLResolver, get_resolver

import tthc

PACKAGE_DIR = Path(tthc.__file__).resolve().parent
TEST_ROOTS = [PACKAGE_DIR, PACKAGE_DIR.parent.parent / "tests"]
THIS_FILE = Path(__file__).resolve()

MARKER = re.compile(
    r"""\b(?P<kind>scoped_endpoint|public_endpoint)\(\s*(?P<quote>["'])(?P<name>[^"'\n]+)(?P=quote)"""
)

# Reviewed: what an anonymous visitor may reach. Adding a name here is a decision about who sees what.
PUBLIC_ENDPOINTS = frozenset(
    {
        # The portal and the public catalog API: procedures in force, their published versions, the fields,
        # and the form templates published versions name.
        "portal:home",
        "portal:procedure-list",
        "portal:procedure-detail",
        "portal:template-file",
        "api:catalog-procedure-list",
        "api:catalog-procedure-detail",
        "api:catalog-procedure-versions",
        "api:catalog-field-list",
        # The working calendar is the law's and the province's, published.
        "api:calendar-days-off",
        "api:calendar-due",
        # Citizens: online submission, lookup with a second factor, rating.
        "dossiers-public:lookup",
        "dossiers-public:result",
        "dossiers-public:rate",
        "dossiers-public:submit-choose",
        "dossiers-public:submit",
        "dossiers-public:submitted",
        "api:dossiers-lookup",
        # Feedback: the public form, tracking with the token given on submission, published answers, Open311.
        "feedback-public:submit",
        "feedback-public:answers",
        "feedback-public:answer",
        "feedback-public:track",
        "feedback-public:rate",
        "api:feedback_submit",
        "api:feedback_public_answers",
        "open311:services",
        "open311:service",
        "open311:requests",
        "open311:request",
        # The API's own schema and docs page.
        "api:openapi-json",
        "api:openapi-view",
    }
)

# Django's and django-ninja's own pages: login, logout, language switch, the admin (superusers only) and the
# API's schema, docs and root. The staff home page is tested directly in test_staff_home.py.
EXEMPT_NAMES = frozenset(
    {"login", "logout", "set_language", "staff-home", "api:openapi-json", "api:openapi-view", "api:api-root"}
)
EXEMPT_NAMESPACES = frozenset({"admin"})


def url_routes(patterns: Iterable | None = None, *, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every named URL under ``patterns`` (default: tthc.urls, recursively) as {"ns:name": "/route"}."""
    if patterns is None:
        patterns = get_resolver("tthc.urls").url_patterns
    routes: dict[str, str] = {}
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, inner_route in url_routes(entry.url_patterns, namespace=inner, prefix=route).items():
                routes.setdefault(name, inner_route)
        elif entry.name:
            routes.setdefault(namespace + entry.name, "/" + route.lstrip("^").rstrip("$"))
    return routes


def needs_marker(name: str) -> bool:
    return name not in EXEMPT_NAMES and name.split(":", 1)[0] not in EXEMPT_NAMESPACES


def markers_in(text: str, *, kind: str | None = None) -> set[str]:
    """URL names that ``scoped_endpoint(...)`` / ``public_endpoint(...)`` markers in ``text`` name (only
    markers of ``kind`` when given)."""
    return {match["name"] for match in MARKER.finditer(text) if kind in (None, match["kind"])}


def collect_test_files() -> list[Path]:
    # This file is left out: it holds marker-shaped examples that name no real endpoint.
    return sorted(
        path
        for root in TEST_ROOTS
        if root.is_dir()
        for path in root.rglob("test_*.py")
        if path.resolve() != THIS_FILE
    )


def marked_names(files: Iterable[Path], *, kind: str | None = None) -> dict[str, list[str]]:
    """{url name: [test files marking it]} (only markers of ``kind`` when given)."""
    marked: dict[str, list[str]] = {}
    for path in files:
        for name in markers_in(path.read_text(encoding="utf-8"), kind=kind):
            marked.setdefault(name, []).append(str(path))
    return marked


@dataclass(frozen=True)
class Coverage:
    uncovered: dict[str, str]  # url name -> route
    unknown: dict[str, list[str]]  # marker name naming no URL -> files
    unreviewed: dict[str, list[str]] = field(default_factory=dict)  # public marker off the list -> files

    @property
    def ok(self) -> bool:
        return not self.uncovered and not self.unknown and not self.unreviewed

    def report(self) -> str:
        lines = []
        if self.uncovered:
            width = max(map(len, self.uncovered))
            lines.append(
                f"{len(self.uncovered)} endpoint(s) have no test marked "
                '@pytest.mark.scoped_endpoint("<url name>") (a user of another agency is refused) '
                'or @pytest.mark.public_endpoint("<url name>") (anonymous access):'
            )
            lines += [f"  - {name:<{width}}  {route}" for name, route in sorted(self.uncovered.items())]
        if self.unknown:
            lines.append(
                f"{len(self.unknown)} marker(s) name a URL that does not exist (typo or removed URL?):"
            )
            lines += [
                f"  - {name}  in {', '.join(sorted(files))}" for name, files in sorted(self.unknown.items())
            ]
        if self.unreviewed:
            lines.append(
                f"{len(self.unreviewed)} public_endpoint marker(s) name a URL off the reviewed list "
                "PUBLIC_ENDPOINTS (test_endpoint_coverage.py); a staff endpoint needs scoped_endpoint tests:"
            )
            lines += [
                f"  - {name}  in {', '.join(sorted(files))}"
                for name, files in sorted(self.unreviewed.items())
            ]
        return "\n".join(lines)


def check_coverage(
    *,
    routes: dict[str, str],
    marked: dict[str, list[str]],
    public: dict[str, list[str]] | None = None,
    reviewed: frozenset[str] = PUBLIC_ENDPOINTS,
) -> Coverage:
    """Which endpoints of ``routes`` no marker covers, which markers name no endpoint at all, and which
    ``public`` markers name a URL that is not on the ``reviewed`` list of public endpoints."""
    uncovered = {name: route for name, route in routes.items() if needs_marker(name) and name not in marked}
    unknown = {name: files for name, files in marked.items() if name not in routes}
    unreviewed = {
        name: files
        for name, files in (public or {}).items()
        if name in routes and needs_marker(name) and name not in reviewed
    }
    return Coverage(uncovered=uncovered, unknown=unknown, unreviewed=unreviewed)


def test_every_endpoint_has_a_scoping_or_public_test():
    files = collect_test_files()
    coverage = check_coverage(
        routes=url_routes(), marked=marked_names(files), public=marked_names(files, kind="public_endpoint")
    )
    assert coverage.ok, "\n" + coverage.report()


def test_a_public_marker_on_a_url_off_the_reviewed_list_fails_the_check():
    marked = {name: ["t.py"] for name in ("portal:home", "catalog:staff-list", "api:catalog_versions")}
    coverage = check_coverage(
        routes=ROUTES, marked=marked, public={"catalog:staff-list": ["test_catalog.py"]}, reviewed=frozenset()
    )
    assert not coverage.ok
    assert coverage.unreviewed == {"catalog:staff-list": ["test_catalog.py"]}
    assert "PUBLIC_ENDPOINTS" in coverage.report()
    assert check_coverage(
        routes=ROUTES, marked=marked, public={"portal:home": ["t.py"]}, reviewed=frozenset({"portal:home"})
    ).ok


def test_the_reviewed_public_endpoints_exist():
    assert not PUBLIC_ENDPOINTS - set(url_routes())


def test_the_walk_finds_views_and_api_operations_by_their_namespaced_names():
    routes = url_routes()
    assert routes["api:organisation_agencies"] == "/api/v1/organisation/agencies"
    assert routes["api:organisation_agency"] == "/api/v1/organisation/agencies/<agency_id>"
    assert routes["staff-home"] == "/staff/"
    assert "admin:index" in routes
    assert not needs_marker("admin:index")
    assert not needs_marker("staff-home")
    assert needs_marker("api:organisation_me")


def test_markers_are_read_from_the_test_files():
    marked = marked_names(collect_test_files())
    assert any(path.endswith("test_organisation_api.py") for path in marked["api:organisation_agency"])


def test_marker_text_is_recognised_in_both_forms_and_quotes():
    text = "\n".join(
        [
            '@pytest.mark.scoped_endpoint("catalog:staff-edit")',
            "@pytest.mark.public_endpoint( 'portal:home' )",
            "pytestmark = [pytest.mark.scoped_endpoint('api:catalog_import')]",
            "def scoped_endpoint_helper(): ...",
        ]
    )
    assert markers_in(text) == {"catalog:staff-edit", "portal:home", "api:catalog_import"}
    assert markers_in(text, kind="public_endpoint") == {"portal:home"}


ROUTES = {
    "portal:home": "/",
    "catalog:staff-list": "/staff/catalog/",
    "api:catalog_versions": "/api/v1/catalog/versions",
    "admin:index": "/admin/",
    "login": "/accounts/login/",
}


def test_an_endpoint_without_a_marker_fails_the_check_and_is_listed():
    coverage = check_coverage(
        routes=ROUTES, marked={"portal:home": ["test_portal.py"], "catalog:staff-list": ["test_catalog.py"]}
    )
    assert not coverage.ok
    assert coverage.uncovered == {"api:catalog_versions": "/api/v1/catalog/versions"}
    assert "api:catalog_versions  /api/v1/catalog/versions" in coverage.report()


def test_a_marker_naming_a_url_that_does_not_exist_fails_the_check():
    marked = {name: ["test_x.py"] for name in ("portal:home", "catalog:staff-list", "api:catalog_versions")}
    marked["catalog:staf-edit"] = ["test_catalog.py"]
    coverage = check_coverage(routes=ROUTES, marked=marked)
    assert not coverage.ok
    assert coverage.uncovered == {}
    assert coverage.unknown == {"catalog:staf-edit": ["test_catalog.py"]}
    assert "catalog:staf-edit  in test_catalog.py" in coverage.report()


def test_djangos_own_pages_need_no_marker_but_a_marker_on_them_is_valid():
    marked = {
        name: ["t.py"] for name in ("portal:home", "catalog:staff-list", "api:catalog_versions", "login")
    }
    assert check_coverage(routes=ROUTES, marked=marked).ok


def test_every_api_operation_sets_its_url_name_explicitly():
    # ninja falls back to the view function's name, which changes with a refactor and silently breaks markers.
    from tthc.api import api

    implicit = [
        f"{method} {prefix}{path} ({operation.view_func.__module__}.{operation.view_func.__name__})"
        for prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        if not operation.url_name
        for method in operation.methods
    ]
    assert not implicit, "API operations without url_name=:\n  " + "\n  ".join(implicit)
