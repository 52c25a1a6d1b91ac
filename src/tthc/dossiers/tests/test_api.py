"""The dossier API: intake with idempotency, reading and listing within the user's scope, transitions,
documents, the timeline (form 05) and the public lookup."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tthc.dossiers import services
from tthc.dossiers.models import Dossier, DossierEvent, Status, StoredFile
from tthc.dossiers.tests.helpers import applicant, intake, receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _no_counted_hits():
    cache.clear()  # the lookup's per-address limit lives in the cache


def _url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url: str, body: dict, **headers):
    return client.post(
        url, data=json.dumps(body, ensure_ascii=False), content_type="application/json", headers=headers
    )


def _body(one_stop, **overrides) -> dict:
    body = {
        "procedure_code": one_stop.procedure_code,
        "desk_id": one_stop.centre.pk,
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Thị Lan",
            "identifier": "045190001234",
            "address": "12 Lê Lợi, phường Đông Hà",
            "phone": "0912 345 678",
            "email": "lan@example.vn",
        },
        "channel": "in_person",
        "documents": [{"position": 0}, {"position": 1}],
        "payment": {"amount": 50000, "method": "cash", "receipt_number": "BL-0001"},
    }
    body.update(overrides)
    return body


def _received_now(one_stop, **overrides) -> Dossier:
    return receive(one_stop, now=timezone.now(), **overrides)


def _act(client, code: str, action: str, body: dict | None = None):
    return _post(client, _url("dossiers-action", code, action), body or {})


# --- intake -------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_desk_officer_receives_a_dossier_and_gets_its_code(client, one_stop):
    response = _post(_as(client, one_stop.users.desk_centre), _url("dossiers-create"), _body(one_stop))

    assert response.status_code == 201, response.content
    body = response.json()
    day = timezone.localdate().strftime("%y%m%d")
    assert body["code"] == f"{one_stop.centre.code}-{day}-0001"
    assert (body["status"], body["status_label"]) == ("received", "Đã tiếp nhận")
    assert body["competent_agency"]["name"] == "Sở Tư pháp", "routed by competence, not by the desk"
    assert body["receiving_desk"]["id"] == one_stop.centre.pk
    assert body["due_at"] and body["outcome"] == "in_progress_on_time"
    assert [s["kind"] for s in body["steps"]] == ["receive", "appraise", "approve", "return"]
    assert {a["action"] for a in body["allowed_actions"]} >= {"forward", "withdraw"}
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", body["lookup_key"])
    assert "Nguyễn Thị Lan" in response.content.decode(), "Vietnamese is not \\u-escaped"
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.payments.get().receipt_number == "BL-0001"
    assert list(dossier.documents.values_list("provided", flat=True)) == [True, True]


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_an_intake_answers_what_a_fresh_read_of_the_dossier_shows(client, one_stop):
    # The intake answers from the dossier it built, without reading it again: the answer must be the same.
    client = _as(client, one_stop.users.desk_centre)
    created = _post(client, _url("dossiers-create"), _body(one_stop)).json()
    read = client.get(_url("dossiers-detail", created["code"])).json()
    assert created == read


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_an_intake_runs_a_bounded_number_of_queries(client, one_stop, django_assert_max_num_queries):
    # Each query costs the desk time at every intake: the budget is what an intake needs today (session,
    # user, desk, roles once for every permission checked, procedure version with its parts, counters,
    # the writes, the calendar and the rules).
    client = _as(client, one_stop.users.desk_centre)
    _post(client, _url("dossiers-create"), _body(one_stop))
    with django_assert_max_num_queries(35):
        assert _post(client, _url("dossiers-create"), _body(one_stop)).status_code == 201


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_retried_intake_with_the_same_idempotency_key_returns_the_same_dossier(client, one_stop):
    client = _as(client, one_stop.users.desk_centre)
    url = _url("dossiers-create")

    first = _post(client, url, _body(one_stop), **{"Idempotency-Key": "3f1c7a52-key-1"})
    again = _post(client, url, _body(one_stop), **{"Idempotency-Key": "3f1c7a52-key-1"})
    other = _post(client, url, _body(one_stop), **{"Idempotency-Key": "3f1c7a52-key-2"})

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["code"] == first.json()["code"]
    assert other.json()["code"].endswith("-0002"), "a retry does not use up a number"
    assert Dossier.objects.count() == 2
    assert DossierEvent.objects.filter(action="receive").count() == 2


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_idempotency_key_of_another_request_is_refused_and_gives_nothing_away(client, one_stop):
    url = _url("dossiers-create")
    first = _post(_as(client, one_stop.users.desk_centre), url, _body(one_stop), **{"Idempotency-Key": "k-1"})
    other_applicant = _body(
        one_stop, applicant={**_body(one_stop)["applicant"], "identifier": "045190009999"}
    )

    same_key_other_body = _post(client, url, other_applicant, **{"Idempotency-Key": "k-1"})
    # Keys are scoped per user: another desk's officer using the same key neither gets the first dossier
    # nor is blocked by it.
    stranger = _post(
        _as(client, one_stop.users.desk_commune_a),
        url,
        _body(
            one_stop,
            desk_id=one_stop.commune_a.pk,
            procedure_code=one_stop.commune_procedure_code,
            payment=None,
        ),
        **{"Idempotency-Key": "k-1"},
    )

    assert first.status_code == 201
    assert same_key_other_body.status_code == 409
    assert same_key_other_body.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in same_key_other_body.json()["message"]
    assert stranger.status_code == 201, stranger.content
    assert first.json()["code"] not in stranger.content.decode()
    assert stranger.json()["code"] != first.json()["code"]
    assert Dossier.objects.count() == 2


def test_a_body_that_is_not_json_is_refused_in_vietnamese_with_a_stable_code(client, one_stop):
    response = _as(client, one_stop.users.desk_centre).post(
        _url("dossiers-create"), data='{"procedure_code": "1.0', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"
    assert "JSON hợp lệ" in response.json()["message"]
    assert not Dossier.objects.exists()


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_receiving_without_the_required_documents_is_refused(client, one_stop):
    client = _as(client, one_stop.users.desk_centre)
    response = _post(client, _url("dossiers-create"), _body(one_stop, documents=[]))
    assert response.status_code == 422
    assert response.json()["code"] == "incomplete_dossier"
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in response.json()["message"]
    unpaid = _post(
        client,
        _url("dossiers-create"),
        _body(one_stop, payment={"amount": 50000, "method": "cash", "receipt_number": " "}),
    )
    assert unpaid.status_code == 422 and unpaid.json()["field"] == "payment.receipt_number"
    assert not Dossier.objects.exists()
    # Guided (form 02) is the outcome for an incomplete dossier.
    guided = _post(
        client,
        _url("dossiers-create"),
        _body(one_stop, documents=[], payment=None, outcome="guided", missing=["Tờ khai", "Bản chụp CCCD"]),
    )
    assert guided.status_code == 201 and guided.json()["status"] == "guided"


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_desk_officer_of_another_agency_cannot_receive_at_this_desk(client, one_stop):
    response = _post(_as(client, one_stop.users.desk_commune_a), _url("dossiers-create"), _body(one_stop))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "Trung tâm Phục vụ hành chính công" in response.json()["message"]
    assert not Dossier.objects.exists()


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_intake_needs_a_login(client, one_stop):
    response = _post(client, _url("dossiers-create"), _body(one_stop))

    assert response.status_code == 401
    assert not Dossier.objects.exists()


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_desk_is_the_officers_own_when_not_given(client, one_stop):
    body = _body(one_stop)
    del body["desk_id"]

    response = _post(_as(client, one_stop.users.desk_centre), _url("dossiers-create"), body)

    assert response.status_code == 201
    assert response.json()["receiving_desk"]["code"] == one_stop.centre.code


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_invalid_intake_is_refused_in_vietnamese_and_nothing_is_written(client, one_stop):
    client = _as(client, one_stop.users.desk_centre)
    url = _url("dossiers-create")
    applicant = _body(one_stop)["applicant"]

    shape = _post(client, url, _body(one_stop, applicant={**applicant, "kind": "robot"}, documents="x"))
    identifier = _post(client, url, _body(one_stop, applicant={**applicant, "identifier": "12"}))
    unknown = _post(client, url, _body(one_stop, procedure_code="9.999999.H99"))
    position = _post(client, url, _body(one_stop, documents=[{"position": 7}]))
    guided = _post(client, url, _body(one_stop, outcome="guided", missing=[]))
    refused = _post(client, url, _body(one_stop, outcome="refused_at_intake", reason="  "))
    key = _post(client, url, _body(one_stop), **{"Idempotency-Key": "k" * 101})

    assert shape.status_code == 422
    fields = {d["field"]: d["message"] for d in shape.json()["details"]}
    assert fields["applicant.kind"].startswith("giá trị không hợp lệ (cho phép:")
    assert fields["documents"] == "phải là một danh sách"
    assert identifier.status_code == 422
    assert identifier.json()["message"].startswith("Số định danh cá nhân (CCCD) phải gồm 12 chữ số")
    assert unknown.status_code == 404 and "9.999999.H99" in unknown.json()["message"]
    assert position.status_code == 422 and "Giấy tờ số 7" in position.json()["message"]
    assert guided.status_code == 422 and "một lần" in guided.json()["message"]
    assert refused.status_code == 422 and "lý do" in refused.json()["message"]
    assert key.status_code == 422 and key.json()["field"] == "Idempotency-Key"
    assert not Dossier.objects.exists()


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_guidance_and_refusal_at_intake_are_recorded_with_their_forms(client, one_stop):
    client = _as(client, one_stop.users.desk_centre)
    url = _url("dossiers-create")

    guided = _post(
        client, url, _body(one_stop, outcome="guided", missing=["Tờ khai có chữ ký", "Bản chụp CCCD"])
    )
    refused = _post(
        client,
        url,
        _body(one_stop, outcome="refused_at_intake", reason="Không thuộc thẩm quyền", payment=None),
    )

    assert (guided.status_code, guided.json()["status"]) == (201, "guided")
    assert (refused.status_code, refused.json()["status"]) == (201, "refused_at_intake")
    event = DossierEvent.objects.get(dossier__code=guided.json()["code"])
    assert event.data == {"missing": ["Tờ khai có chữ ký", "Bản chụp CCCD"]}
    assert DossierEvent.objects.get(dossier__code=refused.json()["code"]).note == "Không thuộc thẩm quyền"


@pytest.mark.scoped_endpoint("api:dossiers-create")
def test_script_in_every_field_is_stored_as_text_and_returned_as_json(client, one_stop):
    script = "<script>alert(1)</script>"
    applicant = {**_body(one_stop)["applicant"], "name": f"Lan {script}", "address": script}
    body = _body(one_stop, applicant=applicant, case="", note=script)

    response = _post(_as(client, one_stop.users.desk_centre), _url("dossiers-create"), body)

    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["applicant"]["name"] == f"Lan {script}"
    assert Dossier.objects.get().note == script


# --- reading ------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("api:dossiers-detail")
def test_dossier_is_read_by_its_desk_and_its_competent_agency_only(client, one_stop):
    dossier = _received_now(one_stop)
    url = _url("dossiers-detail", dossier.code)

    by_desk = _as(client, one_stop.users.desk_centre).get(url)
    by_specialist = _as(client, one_stop.users.specialist_justice).get(url)
    by_other = _as(client, one_stop.users.specialist_construction).get(url)
    by_commune = _as(client, one_stop.users.desk_commune_a).get(url)

    assert by_desk.status_code == by_specialist.status_code == 200
    assert by_desk.json()["code"] == dossier.code
    assert [a["action"] for a in by_specialist.json()["allowed_actions"]] == []
    assert "forward" in [a["action"] for a in by_desk.json()["allowed_actions"]]
    assert by_other.status_code == by_commune.status_code == 404
    assert by_other.json()["code"] == "not_found"
    assert dossier.code in by_other.json()["message"]
    assert dossier.applicant.name not in by_other.content.decode()


@pytest.mark.scoped_endpoint("api:dossiers-list")
def test_list_shows_only_dossiers_in_the_users_scope(client, one_stop):
    mine = _received_now(one_stop)
    commune = receive(
        one_stop,
        now=timezone.now(),
        desk=one_stop.commune_a,
        user=one_stop.users.desk_commune_a,
        procedure_code=one_stop.commune_procedure_code,
    )
    url = _url("dossiers-list")

    centre = _as(client, one_stop.users.desk_centre).get(url).json()
    construction = _as(client, one_stop.users.specialist_construction).get(url).json()
    commune_b = _as(client, one_stop.users.desk_commune_b).get(url).json()
    office = _as(client, one_stop.users.control_office).get(url).json()

    assert [d["code"] for d in centre["items"]] == [mine.code]
    assert construction == {"count": 0, "page": 1, "page_size": 20, "items": []}
    assert commune_b["count"] == 0
    assert {d["code"] for d in office["items"]} == {mine.code, commune.code}, "the office sees the province"


@pytest.mark.scoped_endpoint("api:dossiers-list")
def test_list_filters_by_status_agency_procedure_due_date_lateness_and_text(client, one_stop):
    now = timezone.now()
    fresh = _received_now(one_stop)
    old = receive(one_stop, now=now - datetime.timedelta(days=60))
    named = receive(
        one_stop,
        now=now,
        applicant=applicant(name="Trần Văn Bình", identifier="045190005555"),
    )
    commune = receive(
        one_stop,
        now=now,
        desk=one_stop.commune_a,
        user=one_stop.users.desk_commune_a,
        procedure_code=one_stop.commune_procedure_code,
    )
    client = _as(client, one_stop.users.control_office)
    url = _url("dossiers-list")

    def codes(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return {d["code"] for d in response.json()["items"]}

    assert codes(status="received") == {fresh.code, old.code, named.code, commune.code}
    assert codes(status="processing") == set()
    assert codes(agency=one_stop.commune_a.pk) == {commune.code}
    assert codes(procedure=one_stop.commune_procedure_code) == {commune.code}
    assert codes(late="true") == {old.code}
    assert old.code not in codes(late="false")
    assert codes(due_before=(now + datetime.timedelta(days=1)).isoformat()) == {old.code}
    assert codes(text="Trần Văn") == {named.code}
    assert codes(text="045190005555") == {named.code}
    assert codes(text=commune.code) == {commune.code}
    late = client.get(url, {"late": "true"}).json()["items"][0]
    assert (late["outcome"], late["outcome_label"]) == ("in_progress_late", "Đang giải quyết quá hạn")
    refused = client.get(url, {"status": "no-such-status"})
    assert refused.status_code == 422 and refused.json()["details"][0]["field"].endswith("status")


@pytest.mark.scoped_endpoint("api:dossiers-list")
def test_list_pages_with_a_constant_number_of_queries(client, one_stop, django_assert_max_num_queries):
    client = _as(client, one_stop.users.control_office)
    url = _url("dossiers-list")
    now = timezone.now()
    for i in range(3):
        receive(one_stop, now=now - datetime.timedelta(minutes=i))
    client.get(url)  # the session and the user's reach are read once per request either way

    with django_assert_max_num_queries(6) as few:
        small = client.get(url, {"page_size": 50})
    for i in range(3, 25):
        receive(one_stop, now=now - datetime.timedelta(minutes=i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(url, {"page_size": 50})
    second = client.get(url, {"page": 2, "page_size": 10}).json()

    assert len(small.json()["items"]) == 3
    assert len(large.json()["items"]) == 25
    assert (second["count"], len(second["items"])) == (25, 10)
    assert second["items"][0]["code"] == large.json()["items"][10]["code"]


@pytest.mark.scoped_endpoint("api:dossiers-list")
def test_list_needs_a_login(client, one_stop):
    assert client.get(_url("dossiers-list")).status_code == 401


# --- transitions --------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("api:dossiers-action")
def test_desk_forwards_and_the_specialist_takes_the_dossier(client, one_stop):
    dossier = _received_now(one_stop)

    forwarded = _act(_as(client, one_stop.users.desk_centre), dossier.code, "forward")
    assigned = _act(_as(client, one_stop.users.specialist_justice), dossier.code, "assign")

    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["status"] == "forwarded"
    assert assigned.status_code == 200, assigned.content
    specialist = one_stop.users.specialist_justice
    assert specialist.full_name and specialist.full_name != specialist.username
    assert (assigned.json()["status"], assigned.json()["assignee"]) == ("processing", specialist.full_name)
    assert {a["action"] for a in assigned.json()["allowed_actions"]} >= {"appraise", "request_supplement"}


@pytest.mark.scoped_endpoint("api:dossiers-action")
def test_refused_move_is_409_with_a_vietnamese_message_and_writes_nothing(client, one_stop):
    dossier = _received_now(one_stop)
    events = dossier.events.count()

    response = _act(_as(client, one_stop.users.approver_justice), dossier.code, "approve")

    assert response.status_code == 409
    assert response.json() == {
        "code": "transition_not_allowed",
        "message": "Không thể «phê duyệt» khi hồ sơ đang ở trạng thái «Đã tiếp nhận».",
    }
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.events.count() == events


@pytest.mark.scoped_endpoint("api:dossiers-action")
def test_second_apology_is_refused_through_the_api(client, one_stop):
    dossier = _received_now(one_stop)
    _act(_as(client, one_stop.users.desk_centre), dossier.code, "forward")
    client = _as(client, one_stop.users.specialist_justice)
    due = Dossier.objects.get(pk=dossier.pk).due_at

    without_reason = _act(
        client, dossier.code, "apologise", {"new_due_at": (due + datetime.timedelta(days=3)).isoformat()}
    )
    first = _act(
        client,
        dossier.code,
        "apologise",
        {"reason": "Chờ xác minh", "new_due_at": (due + datetime.timedelta(days=3)).isoformat()},
    )
    second = _act(
        client,
        dossier.code,
        "apologise",
        {"reason": "Lại chậm", "new_due_at": (due + datetime.timedelta(days=6)).isoformat()},
    )

    assert without_reason.status_code == 422 and without_reason.json()["field"] == "reason"
    assert first.status_code == 200, first.content
    assert first.json()["reschedules"] == 1
    assert second.status_code == 409
    assert second.json()["code"] == "second_apology"
    assert "1 lần" in second.json()["message"]


@pytest.mark.scoped_endpoint("api:dossiers-action")
def test_actions_outside_the_users_agency_are_refused(client, one_stop):
    dossier = _received_now(one_stop)

    stranger = _act(_as(client, one_stop.users.specialist_construction), dossier.code, "forward")
    wrong_role = _act(_as(client, one_stop.users.specialist_justice), dossier.code, "forward")
    unknown = _act(_as(client, one_stop.users.desk_centre), dossier.code, "teleport")

    assert stranger.status_code == 404
    assert wrong_role.status_code == 403 and wrong_role.json()["code"] == "permission_denied"
    assert unknown.status_code == 422 and "teleport" in unknown.json()["message"]
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


# --- documents and timeline ---------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("api:dossiers-documents")
def test_documents_list_the_checklist_within_scope(client, one_stop):
    # Submitted online without its papers: the desk guides it or waits for the scans.
    dossier = services.submit_online(intake=intake(one_stop.procedure_code, documents=[]), now=timezone.now())
    url = _url("dossiers-documents", dossier.code)

    mine = _as(client, one_stop.users.specialist_justice).get(url)
    other = _as(client, one_stop.users.specialist_construction).get(url)

    assert mine.status_code == 200
    assert [(d["position"], d["provided"], d["file"]) for d in mine.json()] == [
        (0, False, None),
        (1, False, None),
    ]
    assert mine.json()[0]["name"] == "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
    assert other.status_code == 404


@pytest.mark.scoped_endpoint("api:dossiers-document-upload")
def test_desk_uploads_a_scan_for_a_checklist_entry(client, one_stop):
    dossier = _received_now(one_stop)  # papers handed over at the desk, not scanned yet
    client = _as(client, one_stop.users.desk_centre)

    response = client.post(
        _url("dossiers-document-upload", dossier.code, 0),
        {"file": SimpleUploadedFile("../../etc/passwd", PDF, content_type="text/plain")},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["provided"] is True
    assert body["file"]["original_name"] == "passwd"
    assert body["file"]["content_type"] == "application/pdf"
    assert body["file"]["size"] == len(PDF)
    assert re.fullmatch(r"[0-9a-f]{64}", body["file"]["sha256"])
    stored = StoredFile.objects.get()
    assert stored.applicant == dossier.applicant and ".." not in stored.file.name
    event = dossier.events.get(action="attach_document")
    assert event.data["position"] == 0 and event.data["sha256"] == body["file"]["sha256"]
    timeline = client.get(_url("dossiers-timeline", dossier.code)).json()
    assert timeline[-1]["label"] == "Số hóa giấy tờ"


@pytest.mark.scoped_endpoint("api:dossiers-document-upload")
def test_upload_refuses_executables_oversized_files_and_strangers(client, one_stop, settings):
    settings.TTHC_MAX_UPLOAD_BYTES = 1000
    dossier = _received_now(one_stop)
    url = _url("dossiers-document-upload", dossier.code, 0)
    client = _as(client, one_stop.users.desk_centre)

    exe = client.post(url, {"file": SimpleUploadedFile("don.pdf", EXE)})
    big = client.post(url, {"file": SimpleUploadedFile("scan.pdf", PDF + b"0" * 5000)})
    huge = client.post(url, {"file": SimpleUploadedFile("scan.pdf", PDF + b"0" * (1100 * 1024))})
    nothing = client.post(url, {})
    position = client.post(
        _url("dossiers-document-upload", dossier.code, 9), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    stranger = _as(client, one_stop.users.specialist_construction).post(
        url, {"file": SimpleUploadedFile("a.pdf", PDF)}
    )

    assert exe.status_code == 422 and "theo nội dung tệp" in exe.json()["message"]
    assert big.status_code == 422 and "vượt giới hạn" in big.json()["message"]
    assert huge.status_code == 413 and huge.json()["code"] == "upload_too_large"
    assert nothing.status_code == 422 and "Chưa chọn tệp" in nothing.json()["message"]
    assert position.status_code == 404 and "giấy tờ số 9" in position.json()["message"]
    assert stranger.status_code == 404
    assert not StoredFile.objects.exists()
    assert not dossier.events.filter(action="attach_document").exists()


@pytest.mark.scoped_endpoint("api:dossiers-document-upload")
def test_no_file_is_added_to_a_finished_dossier(client, one_stop):
    dossier = _received_now(one_stop)
    _act(_as(client, one_stop.users.desk_centre), dossier.code, "withdraw", {"reason": "Công dân rút"})

    response = client.post(
        _url("dossiers-document-upload", dossier.code, 0), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )

    assert response.status_code == 409 and response.json()["code"] == "dossier_closed"
    assert not StoredFile.objects.exists()


@pytest.mark.scoped_endpoint("api:dossiers-timeline")
def test_timeline_lists_hand_overs_and_state_changes_form_05(client, one_stop):
    dossier = _received_now(one_stop)
    _act(_as(client, one_stop.users.desk_centre), dossier.code, "forward")
    url = _url("dossiers-timeline", dossier.code)

    events = _as(client, one_stop.users.specialist_justice).get(url)
    other = _as(client, one_stop.users.specialist_construction).get(url)

    assert events.status_code == 200
    rows = events.json()
    assert [(e["action"], e["label"]) for e in rows] == [
        ("receive", "Tiếp nhận hồ sơ"),
        ("forward", "Chuyển cơ quan giải quyết"),
    ]
    forward = rows[1]
    assert (forward["from_agency"]["name"], forward["to_agency"]["name"]) == (
        "Trung tâm Phục vụ hành chính công",
        "Sở Tư pháp",
    )
    assert forward["given_at"] and forward["taken_at"]
    assert forward["actor_name"] == one_stop.users.desk_centre.full_name, "officials by name, not login"
    assert (forward["from_status"], forward["to_status"]) == ("received", "forwarded")
    assert other.status_code == 404


# --- public lookup ------------------------------------------------------------------------------------------


@pytest.mark.public_endpoint("api:dossiers-lookup")
def test_anyone_looks_a_dossier_up_with_its_code_and_the_key_or_phone(client, one_stop):
    dossier = _received_now(one_stop)
    url = _url("dossiers-lookup")

    by_key = _post(client, url, {"code": dossier.code.lower(), "second_factor": dossier.lookup_key.lower()})
    by_phone = _post(client, url, {"code": dossier.code, "second_factor": "0912 345 678"})

    assert by_key.status_code == by_phone.status_code == 200
    body = by_key.json()
    assert body["code"] == dossier.code
    assert body["status_label"] == "Đã tiếp nhận; đang chuyển cơ quan giải quyết"
    assert body["due_at"] and body["outcome_label"] == "Đang giải quyết trong hạn"
    assert body["steps"][0]["name"] == "Tiếp nhận, chuyển hồ sơ"
    text = by_key.content.decode()
    assert dossier.applicant.identifier not in text and dossier.lookup_key not in text
    assert "desk_centre" not in text


@pytest.mark.public_endpoint("api:dossiers-lookup")
def test_unknown_code_and_wrong_factor_get_the_same_refusal(client, one_stop):
    dossier = _received_now(one_stop)
    url = _url("dossiers-lookup")

    wrong = _post(client, url, {"code": dossier.code, "second_factor": "AAAAAA"})
    unknown = _post(client, url, {"code": dossier.code[:-4] + "9999", "second_factor": dossier.lookup_key})
    empty = _post(client, url, {"code": dossier.code, "second_factor": ""})

    assert wrong.status_code == unknown.status_code == empty.status_code == 404
    assert wrong.json() == unknown.json() == empty.json()
    assert wrong.json()["message"].startswith("Không tìm thấy hồ sơ")


@pytest.mark.public_endpoint("api:dossiers-lookup")
def test_lookup_is_rate_limited_per_address(client, one_stop):
    dossier = _received_now(one_stop)
    url = _url("dossiers-lookup")
    body = {"code": dossier.code, "second_factor": "WRONG1"}

    answers = [_post(client, url, body).status_code for _ in range(10)]
    blocked = _post(client, url, {"code": dossier.code, "second_factor": dossier.lookup_key})
    elsewhere = client.post(
        url,
        {"code": dossier.code, "second_factor": dossier.lookup_key},
        content_type="application/json",
        REMOTE_ADDR="10.9.8.7",
    )

    assert answers == [404] * 10
    assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_requests"
    assert dossier.code not in blocked.content.decode()
    assert elsewhere.status_code == 200


@pytest.mark.public_endpoint("api:dossiers-lookup")
def test_lookup_shows_the_pause_while_a_supplement_is_awaited(client, one_stop):
    dossier = _received_now(one_stop)
    _act(_as(client, one_stop.users.desk_centre), dossier.code, "forward")
    requested = _act(
        _as(client, one_stop.users.specialist_justice),
        dossier.code,
        "request_supplement",
        {"reason": "Bản sao CCCD có chứng thực\nTờ khai có chữ ký"},
    )
    client.logout()

    body = _post(
        client, _url("dossiers-lookup"), {"code": dossier.code, "second_factor": dossier.lookup_key}
    ).json()

    assert requested.status_code == 200, requested.content
    assert body["paused"] is True and body["outcome"] == "paused"
    assert body["supplement"] == ["Bản sao CCCD có chứng thực", "Tờ khai có chữ ký"]


# --- the OpenAPI document -----------------------------------------------------------------------------------


@pytest.mark.public_endpoint("api:openapi-json")
def test_every_dossier_operation_is_in_the_openapi_document_in_vietnamese(client):
    response = client.get(reverse("api:openapi-json"))
    schema = response.json()
    operations = {
        (method, path): operation
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/dossiers")
        for method, operation in methods.items()
    }

    assert set(operations) == {
        ("post", "/api/v1/dossiers/lookup"),
        ("get", "/api/v1/dossiers"),
        ("post", "/api/v1/dossiers"),
        ("get", "/api/v1/dossiers/{code}"),
        ("post", "/api/v1/dossiers/{code}/actions/{action}"),
        ("get", "/api/v1/dossiers/{code}/documents"),
        ("post", "/api/v1/dossiers/{code}/documents/{position}"),
        ("get", "/api/v1/dossiers/{code}/timeline"),
        ("get", "/api/v1/dossiers/{code}/payments"),
        ("post", "/api/v1/dossiers/{code}/payments"),
    }
    assert all(
        re.search(r"[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]", o["summary"]) for o in operations.values()
    )
    create = operations[("post", "/api/v1/dossiers")]
    assert {"name": "Idempotency-Key", "in": "header"}.items() <= create["parameters"][0].items()
    assert set(create["responses"]) >= {"200", "201", "403", "409", "422"}
    assert "security" not in operations[("post", "/api/v1/dossiers/lookup")]
    assert "Tiếp nhận hồ sơ" in response.content.decode()


# --- payments after intake ----------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("api:dossiers-payment-create")
def test_desk_records_a_payment_after_intake_once_per_receipt(client, one_stop):
    dossier = _received_now(one_stop)  # the fee is to be paid by transfer
    url = _url("dossiers-payment-create", dossier.code)
    body = {"amount": 50000, "method": "transfer", "receipt_number": "CK-2026-0042"}

    paid = _post(_as(client, one_stop.users.desk_centre), url, body)
    again = _post(client, url, body)
    stranger = _post(_as(client, one_stop.users.desk_commune_a), url, body)
    specialist = _post(_as(client, one_stop.users.specialist_justice), url, body)

    assert paid.status_code == 201, paid.content
    assert (paid.json()["method_label"], paid.json()["receipt_number"]) == ("Chuyển khoản", "CK-2026-0042")
    assert again.status_code == 409 and again.json()["code"] == "receipt_recorded"
    assert stranger.status_code == 404
    assert specialist.status_code == 403
    assert dossier.payments.count() == 1
    event = dossier.events.get(action="pay")
    assert event.data == {"amount": 50000, "method": "transfer", "receipt_number": "CK-2026-0042"}


@pytest.mark.scoped_endpoint("api:dossiers-payments")
def test_payments_are_listed_within_scope(client, one_stop):
    from tthc.dossiers.services import PaymentData

    dossier = _received_now(one_stop, payment=PaymentData(amount=50000, method="cash", receipt_number="BL-1"))
    url = _url("dossiers-payments", dossier.code)

    mine = _as(client, one_stop.users.specialist_justice).get(url)
    other = _as(client, one_stop.users.specialist_construction).get(url)

    assert mine.status_code == 200
    assert [(p["amount"], p["method"], p["receipt_number"]) for p in mine.json()] == [(50000, "cash", "BL-1")]
    assert other.status_code == 404


def test_no_payment_is_recorded_on_a_dossier_not_received(client, one_stop):
    dossier = services.receive(
        intake=intake(one_stop.procedure_code, documents=[]),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=timezone.now(),
        outcome=Status.GUIDED,
        missing=["Tờ khai"],
    )
    response = _post(
        _as(client, one_stop.users.desk_centre),
        _url("dossiers-payment-create", dossier.code),
        {"amount": 50000, "method": "cash", "receipt_number": "BL-9"},
    )
    assert response.status_code == 409 and response.json()["code"] == "not_payable"
    assert not dossier.payments.exists()
