"""What each printed form of Circular 01/2018 says, built from the dossier as plain values.

One builder per form returns a dict of display-ready strings and lists; the same dict fills the HTML/PDF
template and the DOCX template, so the three formats cannot disagree. A form that does not apply to the
dossier (an apology form without an apology, …) raises :class:`FormNotApplicable` with a Vietnamese message.

- 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả — from the ``receive`` / ``accept`` event.
- 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — the last ``guide`` / ``request_supplement`` event.
- 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ — the last ``refuse_intake`` / ``refuse`` event.
- 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả — the last ``apologise`` event.
- 05 Phiếu kiểm soát quá trình giải quyết hồ sơ — every hand-over (an event naming an agency).
- 06 Sổ theo dõi hồ sơ — the desk's register of a year, in register order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import segno
from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString, mark_safe

from tthc.catalog.models import TimeUnit
from tthc.catalog.wording import amount, money
from tthc.core.errors import NotFound
from tthc.core.timezone import local
from tthc.dossiers import deadlines, selectors
from tthc.dossiers.models import ApplicantKind, Dossier, DossierEvent, Status
from tthc.dossiers.workflow import TRANSITIONS
from tthc.organisation.models import Agency

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
A5 = "A5"
A4_LANDSCAPE = "A4 landscape"

TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "05": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "06": "SỔ THEO DÕI HỒ SƠ",
}
DOSSIER_FORMS = ("01", "02", "03", "04", "05")
FORMATS = ("html", "pdf", "docx")

# Events that are not in the transition table, and clearer names for form 05.
ACTION_LABELS = {
    **{action: t.label for action, t in TRANSITIONS.items()},
    "receive": "Tiếp nhận hồ sơ",
    "submit_online": "Nộp hồ sơ trực tuyến",
    "guide": "Hướng dẫn bổ sung hồ sơ",
    "refuse_intake": "Từ chối tiếp nhận hồ sơ",
    "pay": "Thu phí, lệ phí",
    "rate": "Đánh giá mức độ hài lòng",
}
APPLICANT_SIDE = "Tổ chức, cá nhân"
FROM_APPLICANT = frozenset({"receive", "submit_online", "accept", "guide", "refuse_intake"})
FROM_DESK_TO_APPLICANT = frozenset({"return_result"})


class FormNotApplicable(NotFound):
    code = "form_not_applicable"


# --- wording of dates and amounts ---------------------------------------------------------------------------


def day_text(instant: datetime.datetime | datetime.date | None) -> str:
    """``ngày 02 tháng 03 năm 2026`` (an instant in Vietnamese time)."""
    if instant is None:
        return ""
    if isinstance(instant, datetime.datetime):
        instant = local(instant)
    return f"ngày {instant:%d} tháng {instant:%m} năm {instant:%Y}"


def instant_text(instant: datetime.datetime | None) -> str:
    """``09 giờ 00 phút, ngày 02/03/2026``."""
    if instant is None:
        return ""
    instant = local(instant)
    return f"{instant:%H} giờ {instant:%M} phút, ngày {instant:%d/%m/%Y}"


def short_text(instant: datetime.datetime | None) -> str:
    """``09:00 02/03/2026`` for tables."""
    return f"{local(instant):%H:%M %d/%m/%Y}" if instant else ""


def _parse_instant(text) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def time_limit_text(dossier: Dossier) -> str:
    """``5 ngày làm việc``."""
    unit = TimeUnit(dossier.time_unit).label if dossier.time_unit in TimeUnit.values else dossier.time_unit
    return f"{amount(dossier.processing_time)} {unit}"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def qr_svg(code: str) -> SafeString:
    """The QR code of ``code`` as inline SVG (built by segno from the code alone, no user markup)."""
    svg = segno.make(code, error="m").svg_inline(scale=3, border=2, dark="#000", omitsize=False)
    # segno's own markup: the code is only encoded in the modules, never written out as text.
    return mark_safe(svg)


def qr_png(code: str) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


# --- the parts every form shares ----------------------------------------------------------------------------


def agency_lines(agency: Agency) -> tuple[str, str]:
    """The left header of an administrative document: the governing body, then the issuing agency."""
    parent = agency.parent.name.upper() if agency.parent_id else ""
    return parent, agency.name.upper()


def place_and_day(agency: Agency, instant) -> str:
    """``Đông Hà, ngày 02 tháng 03 năm 2026`` (or ``Ngày …`` when the agency has no place on file)."""
    unit = agency.administrative_unit
    text = day_text(instant)
    return f"{unit.name}, {text}" if unit is not None else text[:1].upper() + text[1:]


def _signature(title: str, *, name: str = "", hint: str = "(Ký và ghi rõ họ tên)") -> dict:
    return {"title": title, "hint": hint, "name": name}


def _base(dossier: Dossier, number: str, *, issuer: Agency, dated) -> dict:
    parent, name = agency_lines(issuer)
    applicant = dossier.applicant
    person = applicant.kind == ApplicantKind.PERSON
    return {
        "form": number,
        "title": TITLES[number],
        "paper": A5,
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "issuer_parent": parent,
        "issuer_name": name,
        "issuer": issuer.name,
        "dated": place_and_day(issuer, dated),
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.version.name + (f" ({dossier.case})" if dossier.case else ""),
        "applicant": {
            "name": applicant.name,
            "identifier_label": "Số định danh cá nhân" if person else "Mã số thuế",
            "identifier": applicant.identifier,
            "address": applicant.address,
            "phone": applicant.phone,
            "email": applicant.email,
        },
        "addressee": "Ông/Bà" if person else "Quý cơ quan, tổ chức",
        "desk": dossier.receiving_desk.name,
        "desk_phone": dossier.receiving_desk.phone,
        "competent_agency": dossier.competent_agency.name,
        "received": instant_text(dossier.received_at),
        "signatures": [],
    }


def _last(events: Iterable[DossierEvent], actions: Iterable[str]) -> DossierEvent | None:
    actions = set(actions)
    found = None
    for event in events:
        if event.action in actions:
            found = event
    return found


def _events(dossier: Dossier) -> list[DossierEvent]:
    return list(selectors.timeline(dossier).select_related("actor"))


def actor_of(event: DossierEvent) -> str:
    """The person who acted, by their full name when the account has one."""
    return str(event.actor) if event.actor_id else event.actor_name


def _with_related(dossier: Dossier) -> Dossier:
    """The dossier with what the forms read (one query), whatever the caller fetched."""
    return (
        Dossier.objects.select_related(
            "applicant",
            "procedure",
            "version",
            "received_by",
            "receiving_desk__parent",
            "receiving_desk__administrative_unit",
            "competent_agency__parent",
            "competent_agency__administrative_unit",
        )
        .prefetch_related("documents", "payments", "consultations__agency")
        .get(pk=dossier.pk)
    )


# --- forms 01–05 --------------------------------------------------------------------------------------------


def _document_kind(originals: int, copies: int) -> str:
    parts = []
    if originals:
        parts.append(f"{originals:02d} bản chính")
    if copies:
        parts.append(f"{copies:02d} bản sao")
    return ", ".join(parts) or "Bản chụp"


def receipt(dossier: Dossier, events: list[DossierEvent], *, lookup_url: str = "", **_) -> dict:
    """Form 01: the receipt and appointment given when the dossier is received (at the desk or online)."""
    event = _last(events, ("receive", "accept"))
    if event is None:
        raise FormNotApplicable(
            f"Hồ sơ {dossier.code} chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả "
            "(mẫu 01)."
        )
    context = _base(dossier, "01", issuer=dossier.receiving_desk, dated=event.at)
    appointment = dossier.original_due_at or dossier.due_at
    documents = [d for d in dossier.documents.all() if d.provided]
    payments = list(dossier.payments.all())
    context.update(
        received=instant_text(event.at),
        channel=dossier.get_channel_display(),
        lookup_key=dossier.lookup_key,
        lookup_url=lookup_url,
        documents=[
            {
                "number": i,
                "name": d.name,
                "kind": _document_kind(d.originals, d.copies),
                "note": "Đã số hóa" if d.stored_file_id else "",
            }
            for i, d in enumerate(documents, start=1)
        ],
        dossier_count="01",
        time_limit=time_limit_text(dossier),
        appointment=instant_text(appointment),
        appointment_changed=(
            instant_text(dossier.due_at)
            if dossier.due_at and appointment and dossier.due_at != appointment
            else ""
        ),
        fee=money(dossier.fee),
        payments=[
            f"{money(p.amount)} — {p.get_method_display()}, biên lai số {p.receipt_number}" for p in payments
        ],
        register_book=str(dossier.register_year or ""),
        register_number=str(dossier.register_number or ""),
        qr_text=dossier.code,
        qr_svg=qr_svg(dossier.code),
        signatures=[
            _signature("NGƯỜI NỘP HỒ SƠ", name=dossier.applicant.name),
            _signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=actor_of(event)),
        ],
    )
    return context


def supplement(dossier: Dossier, events: list[DossierEvent], **_) -> dict:
    """Form 02: the complete list, given once, of what the applicant must add."""
    event = _last(events, ("guide", "request_supplement"))
    if event is None:
        raise FormNotApplicable(
            f"Hồ sơ {dossier.code} không có yêu cầu bổ sung, hoàn thiện nên không có phiếu mẫu 02."
        )
    at_intake = event.action == "guide"
    issuer = dossier.receiving_desk if at_intake else dossier.competent_agency
    items = [" ".join(str(m).split()) for m in (event.data or {}).get("missing") or [] if str(m).strip()]
    context = _base(dossier, "02", issuer=issuer, dated=event.at)
    context.update(
        at_intake=at_intake,
        stage="khi tiếp nhận hồ sơ" if at_intake else "trong quá trình giải quyết hồ sơ",
        items=items or lines_of(event.note),
        contact=dossier.receiving_desk.name
        + (f", số điện thoại {dossier.receiving_desk.phone}" if dossier.receiving_desk.phone else ""),
        requested=instant_text(event.at),
        signatures=[_signature("NGƯỜI HƯỚNG DẪN", name=actor_of(event))],
    )
    return context


def refusal(dossier: Dossier, events: list[DossierEvent], **_) -> dict:
    """Form 03: refusal at intake (by the desk) or after appraisal (by the competent agency), with reason."""
    event = _last(events, ("refuse_intake", "refuse"))
    if event is None:
        raise FormNotApplicable(f"Hồ sơ {dossier.code} không bị từ chối nên không có phiếu từ chối (mẫu 03).")
    at_intake = event.action == "refuse_intake"
    issuer = dossier.receiving_desk if at_intake else dossier.competent_agency
    context = _base(dossier, "03", issuer=issuer, dated=event.at)
    context.update(
        at_intake=at_intake,
        statement=(
            f"Qua xem xét, {issuer.name} thông báo không tiếp nhận, giải quyết hồ sơ này"
            if at_intake
            else f"Qua thẩm định, {issuer.name} thông báo từ chối giải quyết hồ sơ này"
        ),
        reasons=lines_of(event.note),
        refused=instant_text(event.at),
        signatures=[
            _signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=actor_of(event))
            if at_intake
            else _signature(
                "THỦ TRƯỞNG CƠ QUAN", name=actor_of(event), hint="(Ký, ghi rõ họ tên và đóng dấu)"
            )
        ],
    )
    return context


def apology(dossier: Dossier, events: list[DossierEvent], **_) -> dict:
    """Form 04: the apology with its reason, the old and the new return date."""
    event = _last(events, ("apologise",))
    if event is None:
        raise FormNotApplicable(
            f"Hồ sơ {dossier.code} không có xin lỗi và hẹn lại ngày trả kết quả nên không có phiếu mẫu 04."
        )
    data = event.data or {}
    issuer = dossier.competent_agency
    context = _base(dossier, "04", issuer=issuer, dated=event.at)
    context.update(
        received_day=day_text(dossier.received_at),
        old_due=instant_text(_parse_instant(data.get("old_due_at")) or dossier.original_due_at),
        new_due=instant_text(_parse_instant(data.get("due_at")) or dossier.due_at),
        reasons=lines_of(event.note),
        signatures=[
            _signature("THỦ TRƯỞNG CƠ QUAN", hint="(Ký, ghi rõ họ tên và đóng dấu)"),
        ],
    )
    return context


def _sides(event: DossierEvent) -> tuple[str, str]:
    """Who gave and who took in a hand-over: the applicant at intake and return, else the agency itself
    (an internal hand-over such as an assignment names only one agency)."""
    giver = event.from_agency.name if event.from_agency_id else ""
    taker = event.to_agency.name if event.to_agency_id else ""
    if not giver:
        giver = APPLICANT_SIDE if event.action in FROM_APPLICANT else taker
    if not taker:
        taker = APPLICANT_SIDE if event.action in FROM_DESK_TO_APPLICANT else giver
    return giver, taker


def control_sheet(dossier: Dossier, events: list[DossierEvent], *, now: datetime.datetime, **_) -> dict:
    """Form 05: every hand-over of the dossier (from, to, time given, time received, result, note)."""
    handovers = [e for e in events if e.from_agency_id or e.to_agency_id]
    if not handovers:
        raise FormNotApplicable(f"Hồ sơ {dossier.code} chưa có lần giao, nhận nào (mẫu 05).")
    context = _base(dossier, "05", issuer=dossier.receiving_desk, dated=dossier.received_at)
    rows = []
    for number, event in enumerate(handovers, start=1):
        giver, taker = _sides(event)
        rows.append(
            {
                "number": number,
                "step": ACTION_LABELS.get(event.action, event.action),
                "from_agency": giver,
                "given": short_text(event.given_at or event.at),
                "to_agency": taker,
                "taken": short_text(
                    event.taken_at or (event.at if event.action in FROM_DESK_TO_APPLICANT else None)
                ),
                "result": event.result,
                "note": "; ".join(lines_of(event.note))[:500],
                "actor": actor_of(event),
            }
        )
    cooperating = []
    for consultation in dossier.consultations.all():
        if consultation.agency.name not in cooperating:
            cooperating.append(consultation.agency.name)
    outcome = ""
    if dossier.due_at is not None and dossier.status not in (Status.GUIDED, Status.REFUSED_AT_INTAKE):
        outcome = deadlines.OUTCOME_LABELS[selectors.outcome_of(dossier, at=now)]
    context.update(
        rows=rows,
        cooperating=", ".join(cooperating),
        due=instant_text(dossier.due_at),
        outcome=outcome,
        status=dossier.get_status_display(),
    )
    return context


BUILDERS = {"01": receipt, "02": supplement, "03": refusal, "04": apology, "05": control_sheet}


def dossier_form(dossier: Dossier, *, number: str, now: datetime.datetime, lookup_url: str = "") -> dict:
    """The context of form ``number`` (01–05) of ``dossier``; raises :class:`FormNotApplicable`."""
    builder = BUILDERS.get(number)
    if builder is None:
        raise FormNotApplicable(f"Không có mẫu số «{number[:4]}»; các mẫu in theo hồ sơ là 01 đến 05.")
    dossier = _with_related(dossier)
    return builder(dossier, _events(dossier), now=now, lookup_url=lookup_url)


# --- form 06 ------------------------------------------------------------------------------------------------


def _register_note(dossier: Dossier) -> str:
    """Apology, refusal, and the state of a dossier not yet returned."""
    notes = []
    if dossier.reschedules:
        notes.append("Đã xin lỗi, hẹn lại")
    if dossier.result == "refused":
        notes.append("Từ chối giải quyết")
    if dossier.status != Status.RETURNED:
        label = dossier.get_status_display()
        if label not in notes:
            notes.append(label)
    return "; ".join(notes)


def register(
    dossiers: QuerySet[Dossier],
    *,
    desk: Agency,
    year: int,
    now: datetime.datetime,
    month: int | None = None,
) -> dict:
    """Form 06: the register of ``desk`` for ``year`` (optionally one month), numbered by register number.

    ``dossiers`` is the scoped register of the reader (``selectors.register``); only ``desk``'s rows are kept.
    ``gaps`` lists the numbers missing between 1 and the last one shown (there should be none).
    """
    rows_qs = (
        dossiers.filter(receiving_desk=desk, register_year=year, register_number__isnull=False)
        .select_related("procedure", "version", "applicant", "competent_agency")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DossierEvent.objects.filter(action="send_result").order_by("at", "id"),
                to_attr="results_sent",
            )
        )
        .order_by("register_number")
    )
    if month:
        rows_qs = rows_qs.filter(received_at__month=month)
    rows = []
    for dossier in rows_qs:
        applicant = dossier.applicant
        sent = dossier.results_sent[-1].at if dossier.results_sent else None
        rows.append(
            {
                "number": dossier.register_number,
                "code": dossier.code,
                "procedure": dossier.version.name,
                "count": 1,
                "applicant": applicant.name,
                "contact": ", ".join(part for part in (applicant.address, applicant.phone) if part),
                "competent_agency": dossier.competent_agency.name,
                "received": short_text(dossier.received_at),
                "due": short_text(dossier.due_at),
                "forwarded": short_text(dossier.forwarded_at),
                "result_received": short_text(sent),
                "returned": short_text(dossier.returned_at),
                "note": _register_note(dossier),
            }
        )
    numbers = [r["number"] for r in rows]
    first = 1 if not month else (numbers[0] if numbers else 1)
    expected = set(range(first, (numbers[-1] + 1) if numbers else first))
    parent, name = agency_lines(desk)
    return {
        "form": "06",
        "title": TITLES["06"],
        "paper": A4_LANDSCAPE,
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "issuer_parent": parent,
        "issuer_name": name,
        "issuer": desk.name,
        "dated": place_and_day(desk, now),
        "year": year,
        "month": month or "",
        "months": list(range(1, 13)),
        "period": f"Tháng {month:02d} năm {year}" if month else f"Năm {year}",
        "rows": rows,
        "total": len(rows),
        "gaps": sorted(expected - set(numbers)),
        "signatures": [],
    }
