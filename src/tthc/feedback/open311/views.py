"""Open311 GeoReport v2 façade (https://wiki.open311.org/GeoReport_v2): existing Open311 applications list
the feedback categories, submit feedback and follow it, in JSON or XML.

* ``GET services.{json,xml}``: the active feedback categories (``metadata`` true: each has a definition).
* ``GET services/{service_code}.{json,xml}``: the service definition, i.e. the attributes the regulation needs
  beyond the standard fields: ``sender_address`` (required), ``procedure_code`` and ``dossier_code``.
* ``POST requests.{json,xml}``: submit feedback. ``api_key`` is optional: without it the request is treated
  like the public web form (every POST counts against the address's allowance); an issued key identifies the
  client application. The regulation's required data come from ``first_name``/``last_name``, ``phone``,
  ``attribute[sender_address]`` (the sender's address) and ``description``; missing ones are refused with a
  400 error naming them. ``address_string`` is where the problem is, stored apart from the sender's address.
  The response lists ``service_request_id``, ``token`` (null: the id is given at once), ``service_notice``
  and ``account_id``.
* ``GET requests.{json,xml}`` and ``GET requests/{id}.{json,xml}``: the public view of requests. The sender's
  name, address, phone and e-mail are never returned (``address`` is always empty); the description and the
  answer are shown once published, and every note with personal data hidden.
* Errors are the spec's list: ``[{"code": 400, "description": "…"}]`` (``<errors><error>…`` in XML).
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from django.core.exceptions import RequestDataTooBig
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from tthc.core.errors import DomainError, ValidationFailed
from tthc.core.timezone import local
from tthc.feedback import intake_guard, services
from tthc.feedback.deadlines import ANSWER_RULE, FORWARD_RULE
from tthc.feedback.models import CLOSED_STATUSES, Channel, Feedback, FeedbackCategory, Status
from tthc.feedback.redaction import Person, redact
from tthc.legalrules.selectors import rule_value

FIELDS = (
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
)
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
MAX_REQUESTS = 1000
DEFAULT_WINDOW = datetime.timedelta(days=90)
POST_FIELDS = ("service_request_id", "token", "service_notice", "account_id")
ATTRIBUTES = (
    ("sender_address", True, "Địa chỉ của người gửi (bắt buộc theo Nghị định 20/2008/NĐ-CP)"),
    ("procedure_code", False, "Mã thủ tục hành chính liên quan (nếu có)"),
    ("dossier_code", False, "Mã hồ sơ liên quan (nếu có)"),
)


def service_notice(on: datetime.date) -> str:
    """The deadlines in force on ``on``, from the rules (not a constant)."""
    forward, answer = rule_value(FORWARD_RULE, on=on), rule_value(ANSWER_RULE, on=on)
    return (
        f"Phản ánh được phân loại, chuyển cơ quan có thẩm quyền trong {forward} ngày làm việc "
        f"và được trả lời trong {answer} ngày làm việc kể từ khi cơ quan có thẩm quyền nhận."
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _render(fmt: str, rows: list[dict], *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, default=str)
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    element = ET.Element(root)
    for row in rows:
        child = ET.SubElement(element, item)
        for key, value in row.items():
            ET.SubElement(child, key).text = _text(value)
    body = ET.tostring(element, encoding="unicode", xml_declaration=False)
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        status=status,
        content_type="text/xml; charset=utf-8",
    )


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(
        fmt, [{"code": status, "description": description}], root="errors", item="error", status=status
    )


def _format(fmt: str) -> str:
    if fmt not in ("json", "xml"):
        raise Http404("Định dạng phải là json hoặc xml.")
    return fmt


def _stamp(instant) -> str | None:
    return local(instant).isoformat(timespec="seconds") if instant else None


def services_list(request, fmt: str):
    fmt = _format(fmt)
    rows = [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description,
            "metadata": True,
            "type": "batch",
            "keywords": "",
            "group": c.group,
        }
        for c in FeedbackCategory.objects.filter(active=True)
    ]
    return _render(fmt, rows, root="services", item="service")


def service_definition(request, service_code: str, fmt: str):
    """The attributes a request of ``service_code`` takes beyond the standard fields."""
    fmt = _format(fmt)
    category = FeedbackCategory.objects.filter(code=service_code, active=True).first()
    if category is None:
        return _error(fmt, 404, f"Không có dịch vụ {service_code[:40]}.")
    attributes = [
        {
            "variable": True,
            "code": code,
            "datatype": "string",
            "required": required,
            "datatype_description": "",
            "order": order,
            "description": description,
        }
        for order, (code, required, description) in enumerate(ATTRIBUTES, start=1)
    ]
    if fmt == "json":
        body = json.dumps({"service_code": category.code, "attributes": attributes}, ensure_ascii=False)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    root = ET.Element("service_definition")
    ET.SubElement(root, "service_code").text = category.code
    listed = ET.SubElement(root, "attributes")
    for attribute in attributes:
        item = ET.SubElement(listed, "attribute")
        for key, value in attribute.items():
            ET.SubElement(item, key).text = _text(value)
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body, content_type="text/xml; charset=utf-8"
    )


def _status_notes(feedback: Feedback) -> str:
    """The status in words; what a person wrote is shown with the sender's personal data hidden."""
    if feedback.status == Status.ANSWERED and feedback.published_at:
        return feedback.public_answer
    if feedback.status == Status.NOT_ACCEPTED:
        sender = Person(
            name=feedback.sender_name,
            phone=feedback.sender_phone,
            email=feedback.sender_email,
            address=feedback.sender_address,
        )
        return f"Không tiếp nhận: {redact(feedback.refusal_reason, sender)}"
    if feedback.published_at:
        return f"{feedback.get_status_display()} (đang xem xét lại theo ý kiến người gửi)"
    if feedback.status == Status.MERGED and feedback.merged_into_id:
        return f"Cùng nội dung với phản ánh {feedback.merged_into.code}"
    return feedback.get_status_display()


def request_row(feedback: Feedback) -> dict:
    """One request in GeoReport v2's field list, with nothing that identifies or reaches the sender."""
    published = feedback.published_at is not None
    return {
        "service_request_id": feedback.code,
        "status": "closed" if feedback.status in CLOSED_STATUSES else "open",
        "status_notes": _status_notes(feedback),
        "service_name": feedback.category.name if feedback.category_id else "Phản ánh, kiến nghị",
        "service_code": feedback.category.code if feedback.category_id else "",
        "description": feedback.public_content if published else None,
        "agency_responsible": feedback.agency.name,
        "service_notice": service_notice(local(feedback.received_at).date()),
        "requested_datetime": _stamp(feedback.received_at),
        "updated_datetime": _stamp(getattr(feedback, "updated", None) or feedback.received_at),
        "expected_datetime": _stamp(feedback.due_at or feedback.answer_due_at),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": float(feedback.lat) if feedback.lat is not None else None,
        "long": float(feedback.long) if feedback.long is not None else None,
        "media_url": None,
    }


def _requests_queryset():
    return Feedback.objects.select_related("agency", "category", "merged_into").annotate(
        updated=Max("events__at")
    )


def _coordinate(value: str, *, limit: int, name: str):
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValidationFailed(f"{name} không hợp lệ.", field=name) from error
    if not number.is_finite() or abs(number) > limit:
        raise ValidationFailed(f"{name} không hợp lệ.", field=name)
    return number.quantize(Decimal("0.000001"))


def _create(request, fmt: str) -> HttpResponse:
    now = timezone.now()
    try:
        data = request.POST
    except RequestDataTooBig:
        return _error(fmt, 413, "Dữ liệu gửi lên quá lớn; nội dung phản ánh tối đa 10.000 ký tự.")
    key = data.get("api_key", "")
    try:
        client = services.client_for_key(key) if key else None
        if client is None:  # like the public form: every POST counts against the address's allowance
            intake_guard.count_post(request)
        category = FeedbackCategory.objects.filter(code=data.get("service_code", ""), active=True).first()
        if category is None:
            return _error(fmt, 400, "service_code không có trong danh sách dịch vụ (services).")
        name = " ".join(
            p for p in (data.get("first_name", "").strip(), data.get("last_name", "").strip()) if p
        )
        feedback = services.receive_feedback(
            channel=Channel.OPEN311,
            sender_name=name,
            sender_address=data.get("attribute[sender_address]", ""),
            sender_phone=data.get("phone", ""),
            sender_email=data.get("email", ""),
            content=data.get("description", ""),
            procedure_code=data.get("attribute[procedure_code]", ""),
            dossier_code=data.get("attribute[dossier_code]", ""),
            category_code=category.code,
            location=data.get("address_string", ""),
            api_client=client,
            lat=_coordinate(data.get("lat", ""), limit=90, name="lat"),
            long=_coordinate(data.get("long", ""), limit=180, name="long"),
            now=now,
        )
    except ValidationFailed as error:
        return _error(fmt, 400, " ".join(d["message"] for d in error.details) or error.message)
    except DomainError as error:
        return _error(fmt, error.status, error.message)
    row = {
        "service_request_id": feedback.code,
        "token": None,
        "service_notice": service_notice(local(now).date()),
        "account_id": None,
    }
    return _render(fmt, [row], root="service_requests", item="request")


def _parse_when(value: str, name: str):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValidationFailed(
            f"{name} phải theo định dạng W3C (ví dụ 2026-03-02T09:00:00+07:00).", field=name
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local(timezone.now()).tzinfo)


def _search(request, fmt: str) -> HttpResponse:
    query = request.GET
    rows = _requests_queryset()
    try:
        ids = [i.strip() for i in query.get("service_request_id", "").split(",") if i.strip()]
        if ids:
            rows = rows.filter(code__in=ids[:MAX_REQUESTS])
        else:
            end = _parse_when(query.get("end_date", ""), "end_date") or timezone.now()
            start = _parse_when(query.get("start_date", ""), "start_date") or end - DEFAULT_WINDOW
            rows = rows.filter(received_at__gte=start, received_at__lte=end)
            codes = [c for c in query.get("service_code", "").split(",") if c]
            if codes:
                rows = rows.filter(category__code__in=codes)
            statuses = {s.strip() for s in query.get("status", "").split(",") if s.strip()}
            if statuses - {"open", "closed"}:
                raise ValidationFailed("status phải là open hoặc closed.", field="status")
            if statuses == {"open"}:
                rows = rows.exclude(status__in=CLOSED_STATUSES)
            elif statuses == {"closed"}:
                rows = rows.filter(status__in=CLOSED_STATUSES)
    except ValidationFailed as error:
        return _error(fmt, 400, error.message)
    rows = rows.order_by("-received_at", "-id")[:MAX_REQUESTS]
    return _render(fmt, [request_row(f) for f in rows], root="service_requests", item="request")


@csrf_exempt
def requests(request, fmt: str):
    fmt = _format(fmt)
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        return _error(fmt, 405, "Chỉ hỗ trợ GET và POST.")
    return _search(request, fmt)


def request_detail(request, request_id: str, fmt: str):
    fmt = _format(fmt)
    feedback = _requests_queryset().filter(code=request_id).first()
    if feedback is None:
        return _error(fmt, 404, f"Không có yêu cầu {request_id[:40]}.")
    return _render(fmt, [request_row(feedback)], root="service_requests", item="request")
