"""The public list of answers and the Open311 GeoReport v2 façade, checked against the spec's field list."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tthc.feedback import services
from tthc.feedback.models import Channel, ContentType, Feedback, Outcome, Subject
from tthc.feedback.open311.views import FIELDS
from tthc.feedback.tests.conftest import SENDER, receive

# GeoReport v2: the fields of a service request and of a service, as the specification lists them.
GEOREPORT_REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
GEOREPORT_SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}


def answered_case(province, **overrides):
    now = timezone.now()
    feedback = receive(now=now, **overrides)
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.justice.pk,
        now=now,
    )
    answer = services.save_answer(
        feedback=feedback,
        user=province.users.specialist_justice,
        body="Sở Tư pháp sẽ đề xuất bãi bỏ yêu cầu này.",
        submit=True,
        now=now,
    )
    services.decide_answer(answer=answer, user=province.users.leader_justice, approve=True, now=now)
    feedback.refresh_from_db()
    return feedback


@pytest.mark.public_endpoint("feedback-public:answers")
@pytest.mark.public_endpoint("feedback-public:answer")
def test_public_list_shows_answers_without_personal_data_and_searches_without_diacritics(client, province):
    shown = answered_case(province, content="Giấy tờ bản sao quá nhiều, gọi tôi 0912345678")
    hidden = receive(content="Chưa trả lời nên không công khai")
    page = client.get(reverse("feedback-public:answers"), {"q": "ban sao"}).content.decode()
    assert shown.code in page and hidden.code not in page
    for personal in (SENDER["sender_phone"], SENDER["sender_name"], SENDER["sender_email"], "0912345678"):
        assert personal not in page
    assert (
        client.get(reverse("feedback-public:answers"), {"q": "dat dai"}).content.decode().count(shown.code)
        == 0
    )
    detail = client.get(reverse("feedback-public:answer", args=[shown.code])).content.decode()
    assert "bãi bỏ yêu cầu này" in detail and "0912345678" not in detail
    assert client.get(reverse("feedback-public:answer", args=[hidden.code])).status_code == 404


def test_public_list_and_detail_render_markup_escaped(client, province):
    feedback = answered_case(province, content="<script>alert(1)</script><b>đậm</b> giấy tờ")
    for url in (reverse("feedback-public:answers"), reverse("feedback-public:answer", args=[feedback.code])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<b>đậm" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_reopened_case_stays_on_the_public_list_with_its_earlier_answer_marked(client, province):
    feedback = answered_case(province)
    services.rate_answer(feedback=feedback, satisfied=False, now=timezone.now())
    page = client.get(reverse("feedback-public:answers")).content.decode()
    assert feedback.code in page and "bãi bỏ yêu cầu này" in page
    assert "Đang xem xét lại theo ý kiến người gửi" in page
    detail = client.get(reverse("feedback-public:answer", args=[feedback.code])).content.decode()
    assert "Trả lời dưới đây là trả lời trước đó" in detail
    [row] = client.get(reverse("api:feedback_public_answers")).json()
    assert row["reopened"] is True and row["answer"] == "Sở Tư pháp sẽ đề xuất bãi bỏ yêu cầu này."


@pytest.mark.public_endpoint("api:feedback_public_answers")
def test_public_answers_api_never_returns_contact_details(client, province):
    answered_case(province)
    body = client.get(reverse("api:feedback_public_answers")).json()
    assert len(body) == 1
    assert SENDER["sender_phone"] not in json.dumps(body, ensure_ascii=False)
    assert "sender_name" not in body[0]


@pytest.fixture
def services_list(category):
    return category


@pytest.mark.public_endpoint("open311:services")
def test_open311_services_list_the_feedback_categories_in_json_and_xml(client, services_list):
    body = client.get(reverse("open311:services", args=["json"])).json()
    assert body[0]["service_code"] == "quy-dinh"
    assert set(body[0]) == GEOREPORT_SERVICE_FIELDS
    assert body[0]["metadata"] is True  # the regulation's extra data are attributes of a definition
    xml = ET.fromstring(client.get(reverse("open311:services", args=["xml"])).content)
    assert xml.tag == "services"
    assert {child.tag for child in xml.find("service")} == GEOREPORT_SERVICE_FIELDS


GEOREPORT_ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
}


@pytest.mark.public_endpoint("open311:service")
def test_open311_service_definition_asks_for_the_senders_address(client, services_list):
    body = client.get(reverse("open311:service", args=["quy-dinh", "json"])).json()
    assert body["service_code"] == "quy-dinh"
    attributes = {a["code"]: a for a in body["attributes"]}
    assert all(set(a) == GEOREPORT_ATTRIBUTE_FIELDS for a in body["attributes"])
    assert attributes["sender_address"]["required"] is True
    assert attributes["procedure_code"]["required"] is False
    xml = ET.fromstring(client.get(reverse("open311:service", args=["quy-dinh", "xml"])).content)
    assert xml.tag == "service_definition"
    assert xml.find("attributes/attribute/code").text == "sender_address"
    missing = client.get(reverse("open311:service", args=["nope", "json"]))
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def _post(client, fmt="json", **overrides):
    data = {
        "service_code": "quy-dinh",
        "first_name": "Thị Mai",
        "last_name": "Nguyễn",
        "attribute[sender_address]": "12 Lê Lợi, phường Đông Hà",
        "address_string": "Bộ phận một cửa, 45 Hùng Vương",
        "phone": "0912345678",
        "email": "mai@example.vn",
        "description": "Đề nghị bỏ bản sao",
        "lat": "16.8163",
        "long": "107.1003",
        **overrides,
    }
    return client.post(reverse("open311:requests", args=[fmt]), data)


@pytest.mark.public_endpoint("open311:requests")
def test_open311_post_without_api_key_is_accepted_like_the_public_form(client, province, category):
    response = _post(client)
    assert response.status_code == 200
    [created] = response.json()
    feedback = Feedback.objects.get()
    assert created["service_request_id"] == feedback.code
    # GeoReport v2's POST response: the id is given at once, so the token is null.
    assert set(created) == {"service_request_id", "token", "service_notice", "account_id"}
    assert created["token"] is None
    assert feedback.channel == Channel.OPEN311 and feedback.api_client is None
    assert feedback.sender_name == "Thị Mai Nguyễn"
    # address_string is where the problem is; the sender's address comes from its attribute.
    assert feedback.location == "Bộ phận một cửa, 45 Hùng Vương"
    assert feedback.sender_address == "12 Lê Lợi, phường Đông Hà"


def test_open311_post_without_the_senders_address_is_refused_naming_it(client, province, category):
    response = _post(client, **{"attribute[sender_address]": ""})
    assert response.status_code == 400
    assert "địa chỉ" in response.json()[0]["description"]
    assert not Feedback.objects.exists()


def test_open311_post_answers_in_xml_with_the_georeport_fields(client, province, category):
    response = _post(client, "xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    xml = ET.fromstring(response.content)
    assert xml.tag == "service_requests"
    request = xml.find("request")
    assert [child.tag for child in request] == ["service_request_id", "token", "service_notice", "account_id"]
    assert request.find("service_request_id").text == Feedback.objects.get().code


def test_open311_service_notice_follows_the_rules_in_force(client, province, category):
    from tthc.legalrules.models import RuleValue

    RuleValue.objects.create(
        key="feedback.forward_working_days", value=3, effective_from=timezone.localdate()
    )
    RuleValue.objects.create(
        key="feedback.answer_working_days", value=15, effective_from=timezone.localdate()
    )
    [created] = _post(client).json()
    assert "trong 3 ngày làm việc" in created["service_notice"]
    assert "trong 15 ngày làm việc" in created["service_notice"]
    [row] = client.get(reverse("open311:request", args=[created["service_request_id"], "json"])).json()
    assert row["service_notice"] == created["service_notice"]


def test_open311_oversized_body_is_refused_with_the_spec_error_list(client, province, category, settings):
    five_megabytes = _post(client, description="a" * (5 * 1024 * 1024))  # within the request size limit
    assert five_megabytes.status_code == 400
    [error] = five_megabytes.json()
    assert error["code"] == 400 and "10.000 ký tự" in error["description"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    for fmt in ("json", "xml"):  # beyond the size Django reads at all
        response = _post(client, fmt, description="a" * (2 * 1024 * 1024))
        assert response.status_code == 413
        if fmt == "json":
            assert response.json() == [{"code": 413, "description": response.json()[0]["description"]}]
        else:
            assert ET.fromstring(response.content).find("error/code").text == "413"
    assert not Feedback.objects.exists()


def test_open311_script_tags_and_forged_fields_are_refused_or_escaped(client, province, category):
    response = _post(client, description="<script>alert(1)</script> giấy tờ", api_key="", agency_id="999")
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.agency == province.office  # no field of the request chooses the agency
    [row] = client.get(reverse("open311:request", args=[feedback.code, "json"])).json()
    assert "<script>" not in json.dumps(row)


def test_open311_post_missing_required_data_is_refused_with_the_spec_error_format(client, province, category):
    response = _post(client, phone="", description="")
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and "số điện thoại" in error["description"]
    xml = ET.fromstring(_post(client, "xml", phone="").content)
    assert xml.tag == "errors" and xml.find("error/code").text == "400"
    assert not Feedback.objects.exists()


def test_open311_api_key_identifies_the_client_application(client, province, category):
    app, key = services.issue_api_key(name="Ứng dụng Quảng Trị số", now=timezone.now())
    assert _post(client, api_key="wrong").status_code == 403
    assert _post(client, api_key=key).status_code == 200
    assert Feedback.objects.get().api_client == app


def test_open311_post_without_api_key_is_limited_per_address_and_a_key_is_not(
    client, province, category, settings
):
    settings.TTHC_FEEDBACK_RATE_LIMIT = (2, 3600)
    assert _post(client, phone="").status_code == 400  # a refused POST counts too
    assert _post(client).status_code == 200
    limited = _post(client)
    assert limited.status_code == 429
    assert limited.json() == [{"code": 429, "description": limited.json()[0]["description"]}]
    _, key = services.issue_api_key(name="Ứng dụng tỉnh", now=timezone.now())
    assert _post(client, api_key=key).status_code == 200
    assert Feedback.objects.count() == 2


def test_open311_unknown_service_code_is_refused(client, province, category):
    assert _post(client, service_code="nope").status_code == 400
    assert not Feedback.objects.exists()


def test_open311_requests_have_exactly_the_georeport_fields_and_no_contact_details(
    client, province, category
):
    open_case = receive(category_code="quy-dinh", now=timezone.now())
    closed_case = answered_case(province)
    body = client.get(reverse("open311:requests", args=["json"])).json()
    assert set(FIELDS) == GEOREPORT_REQUEST_FIELDS
    assert {tuple(sorted(row)) for row in body} == {tuple(sorted(GEOREPORT_REQUEST_FIELDS))}
    rows = {row["service_request_id"]: row for row in body}
    assert rows[open_case.code]["status"] == "open"
    assert rows[open_case.code]["description"] is None  # not published yet
    assert rows[closed_case.code]["status"] == "closed"
    assert rows[closed_case.code]["status_notes"] == "Sở Tư pháp sẽ đề xuất bãi bỏ yêu cầu này."
    assert rows[closed_case.code]["agency_responsible"] == "Sở Tư pháp"
    assert datetime.datetime.fromisoformat(rows[open_case.code]["requested_datetime"]).utcoffset()
    text = json.dumps(body, ensure_ascii=False)
    for personal in SENDER.values():
        assert personal not in text
    closed = client.get(reverse("open311:requests", args=["json"]), {"status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [closed_case.code]
    assert client.get(reverse("open311:requests", args=["json"]), {"status": "maybe"}).status_code == 400


@pytest.mark.public_endpoint("open311:request")
def test_open311_single_request_in_json_and_xml(client, province, category):
    feedback = receive(category_code="quy-dinh", now=timezone.now())
    [row] = client.get(reverse("open311:request", args=[feedback.code, "json"])).json()
    assert row["service_request_id"] == feedback.code and row["service_code"] == "quy-dinh"
    xml = ET.fromstring(client.get(reverse("open311:request", args=[feedback.code, "xml"])).content)
    assert xml.tag == "service_requests"
    assert {child.tag for child in xml.find("request")} == GEOREPORT_REQUEST_FIELDS
    assert xml.find("request/status").text == "open"
    assert SENDER["sender_phone"] not in ET.tostring(xml, encoding="unicode")
    missing = client.get(reverse("open311:request", args=["PAKN-0000-000000", "json"]))
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_open311_escapes_markup_in_xml(client, province, category):
    feedback = answered_case(province, content="<script>x</script> & giấy tờ")
    body = client.get(reverse("open311:request", args=[feedback.code, "xml"])).content.decode()
    assert "<script>" not in body
    assert ET.fromstring(body).find("request/service_request_id").text == feedback.code


def test_open311_status_notes_of_a_refusal_hide_the_senders_personal_data(client, province, category):
    feedback = receive(category_code="quy-dinh", now=timezone.now())
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_OTHER,
        outcome=Outcome.NOT_ACCEPTED,
        refusal_reason="Bà Nguyễn Thị Mai (0912345678) phản ánh việc riêng, không phải quy định hành chính",
        now=timezone.now(),
    )
    [row] = client.get(reverse("open311:request", args=[feedback.code, "json"])).json()
    assert row["status"] == "closed" and "không phải quy định hành chính" in row["status_notes"]
    assert "Mai" not in row["status_notes"] and "0912345678" not in row["status_notes"]
