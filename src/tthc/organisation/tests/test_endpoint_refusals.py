"""Every staff endpoint, run: another agency's user, a user with no role and an anonymous visitor are refused.

The marker check (test_endpoint_coverage.py) proves that someone wrote a test per endpoint; this one does not
trust the tests written. It walks every named URL of the project, builds each one's path arguments from the
demo province (objects of Sở Tư pháp, its desks and its communes: :data:`ARGUMENTS`), and requests it

* as an *outsider*: a user holding every role at an agency that owns nothing (a department added for the
  test), so whatever the URL names belongs to another agency;
* as a user with no role at all;
* anonymously;

expecting a refusal each time: 401, 403, 404, or a redirect to the login page. A Django view is requested with
GET (with POST when it only accepts POST); an API operation with its own method and a body that passes its
validation (:data:`BODIES`), so that the refusal comes from the scoping rule.

Only reviewed lists are left out: ``PUBLIC_ENDPOINTS`` of test_endpoint_coverage.py (anonymous by design),
the few :data:`SHARED_ENDPOINTS` every member of staff reads (refused to the no-role user and the anonymous
visitor only), and the pages of Django and django-ninja (``EXEMPT_NAMES``). An endpoint with path arguments
that :data:`ARGUMENTS` cannot build fails the test until an entry is added, and so does one whose object the
demo province lacks (give the capability's demo data one). Endpoints without arguments
(lists, forms) answer an outsider with their own, empty, scope; for them this test checks the anonymous
visitor, and their own marked tests check the contents.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tthc.catalog import services as catalog_services
from tthc.catalog.models import PublicationDecision
from tthc.catalog.records import ProcedureRecord
from tthc.demo.services import load_demo
from tthc.organisation.models import Agency, Membership, Role, User
from tthc.organisation.tests.test_endpoint_coverage import (
    EXEMPT_NAMES,
    EXEMPT_NAMESPACES,
    PUBLIC_ENDPOINTS,
    url_routes,
)

# Reviewed: endpoints naming an object that every member of staff with the right duty reads, whatever their
# agency. A publication decision is the province chairman's and names no agency of its own.
SHARED_ENDPOINTS = frozenset({"catalog:decision-detail"})

NOW = timezone.now()
JUSTICE = "000.00.10.H45"
CENTRE_DESK = "000.01.30.H45"


@dataclass(frozen=True)
class World:
    """The demo province, a draft-only procedure of Sở Tư pháp, and the users who must be refused."""

    outsider: User
    nobody: User
    justice: Agency
    draft_code: str


def _first(model_path: str, **filters):
    from django.apps import apps

    app_label, model_name = model_path.split(".")
    return apps.get_model(app_label, model_name).objects.filter(**filters).order_by("pk").first()


def _dossier(world: World):
    return _first("dossiers.Dossier")


def _feedback(world: World):
    return _first("feedback.Feedback", agency__isnull=False) or _first("feedback.Feedback")


def _plan(world: World):
    return _first("plans.Plan")


def _task(world: World):
    return _first("plans.PlanTask")


def _plan_draft(world: World):
    draft = _first("plans.PlanDraft")
    if draft is None:
        from tthc.plans.models import PlanDraft

        draft = PlanDraft.objects.create(
            data={"rows": []},
            agency=world.justice,
            created_at=NOW,
            updated_at=NOW,
            created_by=User.objects.get(username="kiemsoattp"),
        )
    return draft


def _override_day(world: World) -> datetime.date:
    from tthc.workcalendar.services import set_override

    day = datetime.date(NOW.year, 12, 26)
    set_override(day=day, kind="off", name="Nghỉ thử nghiệm", user=User.objects.get(username="quantri"))
    return day


def _when(getter: Callable, build: Callable):
    """Arguments ``build(object)`` of the object ``getter`` finds; ``None`` when it finds none."""

    def arguments(world: World):
        found = getter(world)
        return None if found is None else build(found)

    return arguments


# URL name -> the path arguments of an object that is not the outsider's (None: the demo has no such object,
# which fails the test).
ARGUMENTS: dict[str, Callable[[World], dict | None]] = {
    # catalog: a procedure that only has a draft of Sở Tư pháp, and a decision (shared)
    "catalog:staff-detail": lambda w: {"code": w.draft_code},
    "catalog:staff-edit": lambda w: {"code": w.draft_code},
    "catalog:staff-publish": lambda w: {"code": w.draft_code},
    "catalog:staff-history": lambda w: {"code": w.draft_code},
    "catalog:decision-detail": _when(lambda w: _first("catalog.PublicationDecision"), lambda d: {"pk": d.pk}),
    "api:catalog-procedure-draft": lambda w: {"code": w.draft_code},
    "api:catalog-procedure-publish": lambda w: {"code": w.draft_code},
    "api:catalog-procedure-diff": lambda w: {"code": w.draft_code},
    # organisation
    "api:organisation_agency": lambda w: {"agency_id": w.justice.pk},
    # working calendar: another agency's hours, a province-wide day off
    "workcalendar:hours-edit": lambda w: {"agency_id": w.justice.pk},
    "workcalendar:override-edit": lambda w: {"day": _override_day(w)},
    "workcalendar:override-delete": lambda w: {"day": _override_day(w)},
    # dossiers
    "dossiers:detail": _when(_dossier, lambda d: {"code": d.code}),
    "dossiers:act": _when(_dossier, lambda d: {"code": d.code}),
    "dossiers:document": _when(
        lambda w: _first("dossiers.DossierDocument"), lambda d: {"code": d.dossier.code, "pk": d.pk}
    ),
    "dossiers:form": _when(_dossier, lambda d: {"code": d.code, "number": "01", "fmt": "html"}),
    "dossiers:form-register": lambda w: {
        "desk_id": Agency.objects.get(code=CENTRE_DESK).pk,
        "year": NOW.year,
        "fmt": "html",
    },
    "dossiers:process-edit": _when(
        lambda w: _first("dossiers.InternalProcess"),
        lambda p: {"procedure_code": p.procedure.code, "agency_id": p.agency_id},
    ),
    "dossiers:pay": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-detail": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-payments": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-payment-create": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-timeline": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-documents": _when(_dossier, lambda d: {"code": d.code}),
    "api:dossiers-action": _when(_dossier, lambda d: {"code": d.code, "action": "forward"}),
    "api:dossiers-document-upload": _when(
        lambda w: _first("dossiers.DossierDocument"),
        lambda d: {"code": d.dossier.code, "position": d.position},
    ),
    # feedback
    "feedback:detail": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:classify": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:merge": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:answer": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:reforward": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:send_back": _when(_feedback, lambda f: {"code": f.code}),
    "feedback:letter": _when(_feedback, lambda f: {"code": f.code, "fmt": "pdf"}),
    "feedback:decide": _when(lambda w: _first("feedback.Answer"), lambda a: {"pk": a.pk}),
    "feedback:attachment": _when(lambda w: _first("feedback.FeedbackAttachment"), lambda a: {"pk": a.pk}),
    "api:feedback_detail": _when(_feedback, lambda f: {"code": f.code}),
    "api:feedback_classify": _when(_feedback, lambda f: {"code": f.code}),
    # plans
    "plans:overview": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:derive": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:decision": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:export-docx": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:export-xlsx": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:export-progress": _when(_plan, lambda p: {"pk": p.pk}),
    "plans:task": _when(_task, lambda t: {"pk": t.pk}),
    "plans:note": _when(_task, lambda t: {"pk": t.pk}),
    "plans:report": _when(_task, lambda t: {"pk": t.pk}),
    "plans:evidence": _when(lambda w: _first("plans.Evidence"), lambda e: {"pk": e.pk}),
    "plans:draft": lambda w: {"pk": _plan_draft(w).pk},
    "plans:draft-header": lambda w: {"pk": _plan_draft(w).pk},
    "plans:draft-units": lambda w: {"pk": _plan_draft(w).pk},
    "plans:draft-confirm": lambda w: {"pk": _plan_draft(w).pk},
    "plans:draft-discard": lambda w: {"pk": _plan_draft(w).pk},
    "plans:draft-row": lambda w: {"pk": _plan_draft(w).pk, "row_id": 1},
    "plans:draft-row-action": lambda w: {"pk": _plan_draft(w).pk, "row_id": 1, "action": "delete"},
    "api:plans-detail": _when(_plan, lambda p: {"plan_id": p.pk}),
    "api:plans-task": _when(_task, lambda t: {"task_id": t.pk}),
    "api:plans-report-progress": _when(
        lambda w: _first("plans.TaskOccurrence"), lambda o: {"occurrence_id": o.pk}
    ),
}

# API operation -> a body that passes the operation's validation, so that the refusal comes from the scoping
# rule and not from a 422 for an empty body. Every operation with a body and path arguments needs one.
DRAFT_RECORD = {
    "code": "9.999001",
    "name": "Thủ tục dự thảo của Sở Tư pháp",
    "levels": ["province"],
    "fields": [{"code": "TN", "name": "Thử nghiệm"}],
    "channels": [{"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 0}],
    "agencies": {"implementing": [JUSTICE]},
}
BODIES: dict[str, Callable[[World], dict]] = {
    "api:catalog-procedure-draft": lambda w: {**DRAFT_RECORD, "name": "Đã bị sửa bởi người ngoài"},
    "api:catalog-procedure-publish": lambda w: {
        "decision_number": PublicationDecision.objects.order_by("pk").first().number,
        "change_kind": "new",
    },
    "api:plans-report-progress": lambda w: {"status": "done", "percent": 100, "note": "Người ngoài"},
    "api:feedback_classify": lambda w: {
        "subject": "regulation",
        "content_type": "regulation_unsuitable",
        "outcome": "regulation_forward",
        "target_agency_id": w.justice.pk,
    },
    "api:dossiers-action": lambda w: {},
    "api:dossiers-payment-create": lambda w: {"amount": 1000, "method": "cash", "receipt_number": "BL-1"},
}

ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def route_arguments(route: str) -> list[str]:
    return [a or b for a, b in ARGUMENT.findall(route)]


def _api_methods() -> dict[str, list[str]]:
    from tthc.api import api

    return {
        f"api:{operation.url_name}": list(operation.methods)
        for _, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        if operation.url_name
    }


def _checked(name: str) -> bool:
    return (
        name not in EXEMPT_NAMES
        and name.split(":", 1)[0] not in EXEMPT_NAMESPACES
        and name not in PUBLIC_ENDPOINTS
    )


ROUTES = {name: route for name, route in url_routes().items() if _checked(name)}
WITH_ARGUMENTS = sorted(name for name, route in ROUTES.items() if route_arguments(route))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo province loaded once for the module, rolled back at its end (its files in a temporary dir)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        load_demo(now=NOW)
        committee = Agency.objects.get(parent__isnull=True, kind=Agency.Kind.PROVINCIAL_COMMITTEE)
        stranger = Agency.objects.create(
            code="000.00.99.H45",
            name="Sở Thử nghiệm (không có dữ liệu)",
            kind=Agency.Kind.DEPARTMENT,
            level=committee.level,
            parent=committee,
        )
        outsider = User.objects.create_user(username="outsider", password="mat-khau-thu-nghiem")
        for role in Role.values:
            Membership.objects.create(user=outsider, agency=stranger, role=role)
        nobody = User.objects.create_user(username="nobody", password="mat-khau-thu-nghiem")
        justice = Agency.objects.get(code=JUSTICE)
        catalog_services.save_draft(
            record=ProcedureRecord.model_validate(DRAFT_RECORD),
            user=User.objects.get(username="kiemsoattp"),
            now=NOW,
        )
        assert PublicationDecision.objects.exists()
        yield World(outsider=outsider, nobody=nobody, justice=justice, draft_code=DRAFT_RECORD["code"])
        transaction.set_rollback(True)


def _refused(response, *, api: bool) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    login = reverse("login")
    return response.status_code == 302 and response.url.startswith(login) and not api


def _request(client: Client, name: str, url: str, world: World):
    if name.startswith("api:"):
        method = _api_methods()[name][0].lower()
        if method == "get":
            return client.get(url)
        body = BODIES[name](world) if name in BODIES else {}
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _describe(response) -> str:
    where = f" → {response.url}" if response.status_code in (301, 302) else ""
    return f"{response.status_code}{where}"


def _url(name: str, world: World) -> str:
    build = ARGUMENTS.get(name)
    if build is None:
        pytest.fail(
            f"{name} ({ROUTES[name]}) takes path arguments that this test cannot build: add an entry to "
            "ARGUMENTS naming an object of another agency (or the URL to a reviewed list)."
        )
    arguments = build(world)
    if arguments is None:
        pytest.fail(
            f"the demo province has no object for {name}: give the capability's demo data one "
            "(tthc.<app>.demo), so that the refusal is checked"
        )
    return reverse(name, kwargs=arguments)


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_ARGUMENTS)
def test_another_agencys_object_is_refused_to_an_outsider_and_to_a_user_with_no_role(world, name):
    url = _url(name, world)
    users = {"no role": world.nobody}
    if name not in SHARED_ENDPOINTS:
        users["outsider"] = world.outsider
    answers = {}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        response = _request(client, name, url, world)
        if not _refused(response, api=name.startswith("api:")):
            answers[label] = _describe(response)
    assert not answers, f"{name} {url} answered {answers} instead of refusing"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_staff_endpoint_refuses_an_anonymous_visitor(world, name):
    url = _url(name, world) if name in WITH_ARGUMENTS else reverse(name)
    response = _request(Client(), name, url, world)
    assert _refused(response, api=name.startswith("api:")), f"{name} {url} answered {_describe(response)}"


# Endpoints that serve a stored file, and a demo user of the object's own agency. The file is served to that
# user, so the refusals above come from the scoping rule, not from an object or a file that is not there.
SERVED_FILES = {
    "feedback:attachment": "kiemsoat",  # the office receiving the letter
    "plans:evidence": "kiemsoat",  # who reported the task done, with its evidence
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SERVED_FILES))
def test_a_demo_file_is_served_to_its_own_agency(world, name):
    client = Client()
    client.force_login(User.objects.get(username=SERVED_FILES[name]))
    response = client.get(_url(name, world))
    assert response.status_code == 200, _describe(response)
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_lists_name_only_existing_urls():
    routes = url_routes()
    assert not SHARED_ENDPOINTS - set(routes)
    assert not set(ARGUMENTS) - set(routes)
    assert not set(SERVED_FILES) - set(ARGUMENTS)


def test_route_arguments_are_read_from_path_and_regex_routes():
    assert route_arguments("/staff/catalog/<str:code>/") == ["code"]
    assert route_arguments("/api/v1/dossiers/<code>/documents/<position>") == ["code", "position"]
    assert route_arguments(r"/staff/feedback/^(?P<code>[^/]+)/cong-van\.(?P<fmt>pdf|docx)") == ["code", "fmt"]
