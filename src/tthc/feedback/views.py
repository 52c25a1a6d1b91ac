"""Staff screens of feedback: the officer's queue, staff entry, the case page (classify, merge, answer), the
leader's approval queue, letters, attachments and the figures. Thin: selectors read, services write, scoping
decides who may."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tthc.catalog.models import Field
from tthc.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tthc.feedback import duplicates, figures, letters, selectors, services
from tthc.feedback.forms import (
    AnswerForm,
    ClassifyForm,
    DecisionForm,
    FiguresForm,
    ReforwardForm,
    SendBackForm,
    StaffFeedbackForm,
    split_codes,
)
from tthc.feedback.models import FORWARDING_OUTCOMES, Answer, AnswerTemplate, FeedbackAttachment, Status
from tthc.feedback.routing import propose_agency
from tthc.organisation.scoping import Permission, can_anywhere

PAGE_SIZE = 25


def refuse(request, message: str, *, status: int = 403):
    return render(request, "feedback/refused.html", {"message": message}, status=status)


def _case_or_404(request, code: str):
    try:
        return selectors.case(user=request.user, code=code)
    except NotFound as error:
        raise Http404(error.message) from error


def _error_text(error: DomainError) -> str:
    if isinstance(error, ValidationFailed) and len(error.details) > 1:
        return " ".join(d["message"] for d in error.details)
    return error.message


def _act_on_case(request, code: str, perform, *, success) -> HttpResponse:
    """Run ``perform()`` (one service call on the case), then go back to the case page: a refusal of scope is
    a 403 page, a broken rule a message naming it, else ``success()`` (read after the change) as a message."""
    try:
        perform()
    except PermissionDenied as error:
        return refuse(request, error.message)
    except DomainError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success())
    return redirect("feedback:detail", code=code)


@login_required
def queue(request):
    now = timezone.now()
    tab = request.GET.get("tab", "to_classify")
    tab = tab if tab in selectors.TABS else "to_classify"
    q = request.GET.get("q", "")[:200]
    rows = selectors.queue(user=request.user, tab=tab, now=now, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.tab_counts(user=request.user, now=now)
    return render(
        request,
        "feedback/queue.html",
        {
            "tabs": [(key, label, counts.get(key)) for key, label in selectors.TABS.items()],
            "tab": tab,
            "q": q,
            "page": page,
            "now": now,
            "can_receive": selectors.may_receive(request.user),
            "can_approve": can_anywhere(request.user, permission=Permission.APPROVE_FEEDBACK_ANSWERS),
        },
    )


@login_required
def new(request):
    agencies = selectors.receiving_agencies(request.user)
    if not agencies.exists():
        return refuse(request, "Bạn không có quyền tiếp nhận phản ánh, kiến nghị.")
    form = StaffFeedbackForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.receive_feedback(
                channel=data["channel"],
                receiving_agency=data["receiving_agency"],
                received_by=request.user,
                sender_name=data["sender_name"],
                sender_address=data["sender_address"],
                sender_phone=data["sender_phone"],
                sender_email=data["sender_email"],
                content=data["content"],
                procedure_code=data["procedure_code"],
                dossier_code=data["dossier_code"],
                uploads=request.FILES.getlist("attachments"),
                now=timezone.now(),
            )
        except ValidationFailed as error:
            form.show_errors(error)
        except PermissionDenied as error:
            return refuse(request, error.message)
        else:
            messages.success(request, f"Đã tiếp nhận phản ánh {feedback.code}.")
            return redirect("feedback:detail", code=feedback.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "feedback/new.html", {"form": form}, status=status)


@login_required
def detail(request, code: str):
    feedback = _case_or_404(request, code)
    user = request.user
    context = {
        "feedback": feedback,
        "events": selectors.history(feedback),
        "attachments": feedback.attachments.all(),
        "answers": feedback.answers.select_related("drafted_by", "decided_by"),
        "merged": feedback.merged.all(),
        "letter_answer": services.latest_answer(services.answered_case(feedback)),
        "letter_senders": [feedback, *feedback.merged.all()],
        "can_classify": feedback.status == Status.RECEIVED
        and selectors.may(user, feedback, Permission.CLASSIFY_FEEDBACK),
        "can_merge": feedback.is_open and selectors.may(user, feedback, Permission.CLASSIFY_FEEDBACK),
        "can_answer": feedback.status == Status.PROCESSING
        and selectors.may(user, feedback, Permission.ANSWER_FEEDBACK),
        "can_approve": feedback.status == Status.AWAITING_APPROVAL
        and selectors.may(user, feedback, Permission.APPROVE_FEEDBACK_ANSWERS),
        "can_reforward": feedback.status == Status.PROCESSING
        and feedback.outcome in FORWARDING_OUTCOMES
        and selectors.may(user, feedback, Permission.CLASSIFY_FEEDBACK),
        "can_send_back": feedback.status == Status.PROCESSING
        and feedback.forwarded_at is not None
        and selectors.may(user, feedback, Permission.ANSWER_FEEDBACK),
        "now": timezone.now(),
    }
    if context["can_classify"]:
        proposal = propose_agency(feedback)
        context["proposal"] = proposal
        context["classify_form"] = ClassifyForm(
            initial={
                "target_agency": proposal.agency.pk if proposal.agency else None,
                "field": feedback.field_id or _procedure_field(feedback),
                "subject": feedback.category.subject if feedback.category_id else "",
                "procedure_codes": ", ".join(p.code for p in feedback.procedures.all()),
            }
        )
    if context["can_merge"]:
        context["similar"] = duplicates.similar_to(
            feedback, candidates=selectors.handled_in_scope(user, permission=Permission.CLASSIFY_FEEDBACK)
        )[:10]
    if context["can_answer"]:
        templates = selectors.templates_for(feedback)
        draft = feedback.answers.filter(state__in=[Answer.State.DRAFT, Answer.State.RETURNED]).first()
        chosen = request.GET.get("template", "")
        body = draft.body if draft else ""
        if chosen.isdigit():
            template = templates.filter(pk=int(chosen)).first()
            if template:
                body = services.template_text(template, feedback)
        context["draft"] = draft
        context["answer_form"] = AnswerForm(initial={"template": chosen, "body": body}, templates=templates)
    if context["can_reforward"]:
        context["reforward_form"] = ReforwardForm()
    if context["can_send_back"]:
        context["send_back_form"] = SendBackForm()
    if context["can_approve"]:
        context["submitted"] = feedback.answers.filter(state=Answer.State.SUBMITTED).first()
        context["decision_form"] = DecisionForm()
    return render(request, "feedback/detail.html", context)


def _procedure_field(feedback):
    if not feedback.procedure_id:
        return None
    return (
        Field.objects.filter(versions__procedure_id=feedback.procedure_id)
        .values_list("pk", flat=True)
        .first()
    )


@login_required
@require_POST
def classify(request, code: str):
    feedback = _case_or_404(request, code)
    form = ClassifyForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if form.errors:
        messages.error(
            request,
            "Dữ liệu phân loại không hợp lệ: " + " ".join(e for es in form.errors.values() for e in es),
        )
        return redirect("feedback:detail", code=code)
    return _act_on_case(
        request,
        code,
        lambda: services.classify_feedback(
            feedback=feedback,
            user=request.user,
            subject=data["subject"],
            content_type=data["content_type"],
            outcome=data["outcome"],
            field=data["field"],
            procedure_codes=split_codes(data["procedure_codes"]),
            target_agency_id=data["target_agency"].pk if data["target_agency"] else None,
            refusal_reason=data["refusal_reason"],
            review_reference=data["review_reference"],
            now=timezone.now(),
        ),
        success=lambda: f"Đã phân loại phản ánh {feedback.code}: {feedback.get_outcome_display()}.",
    )


@login_required
@require_POST
def send_back(request, code: str):
    """The agency handling a forwarded case says it is not competent: back to the agency that forwarded it."""
    feedback = _case_or_404(request, code)
    form = SendBackForm(request.POST)
    form.is_valid()
    return _act_on_case(
        request,
        code,
        lambda: services.send_back_feedback(
            feedback=feedback,
            user=request.user,
            reason=form.cleaned_data.get("reason", ""),
            now=timezone.now(),
        ),
        success=lambda: f"Đã trả lại phản ánh {feedback.code} cho {feedback.agency.name}.",
    )


@login_required
@require_POST
def reforward(request, code: str):
    feedback = _case_or_404(request, code)
    form = ReforwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cơ quan được chọn không tồn tại.")
        return redirect("feedback:detail", code=code)
    target = form.cleaned_data["target_agency"]
    return _act_on_case(
        request,
        code,
        lambda: services.reforward_feedback(
            feedback=feedback,
            user=request.user,
            target_agency_id=target.pk if target else None,
            note=form.cleaned_data["note"],
            now=timezone.now(),
        ),
        success=lambda: f"Đã chuyển lại phản ánh {feedback.code} đến {feedback.agency.name}.",
    )


@login_required
@require_POST
def merge(request, code: str):
    primary = _case_or_404(request, code)
    duplicate = _case_or_404(request, request.POST.get("duplicate", "")[:30])
    return _act_on_case(
        request,
        code,
        lambda: services.merge_feedback(
            primary=primary, duplicate=duplicate, user=request.user, now=timezone.now()
        ),
        success=lambda: f"Đã gộp {duplicate.code} vào {primary.code}; người gửi sẽ cùng nhận trả lời.",
    )


@login_required
@require_POST
def answer(request, code: str):
    feedback = _case_or_404(request, code)
    templates = AnswerTemplate.objects.filter(active=True)
    form = AnswerForm(request.POST, templates=templates)
    form.is_valid()
    template_id = form.cleaned_data.get("template") or ""
    submit = "submit" in request.POST
    return _act_on_case(
        request,
        code,
        lambda: services.save_answer(
            feedback=feedback,
            user=request.user,
            body=form.cleaned_data.get("body", ""),
            submit=submit,
            template=templates.filter(pk=int(template_id)).first() if template_id.isdigit() else None,
            now=timezone.now(),
        ),
        success=lambda: "Đã trình lãnh đạo duyệt trả lời." if submit else "Đã lưu dự thảo trả lời.",
    )


@login_required
def approvals(request):
    if not can_anywhere(request.user, permission=Permission.APPROVE_FEEDBACK_ANSWERS):
        return refuse(request, "Bạn không có quyền duyệt trả lời phản ánh, kiến nghị.")
    return render(
        request, "feedback/approvals.html", {"answers": selectors.approval_queue(user=request.user)}
    )


@login_required
@require_POST
def decide(request, pk: int):
    try:
        answer = selectors.answer_in_scope(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_answer(
            answer=answer,
            user=request.user,
            approve=approve,
            note=form.cleaned_data.get("note", ""),
            now=timezone.now(),
        )
    except PermissionDenied as error:
        return refuse(request, error.message)
    except DomainError as error:
        messages.error(request, _error_text(error))
        return redirect("feedback:detail", code=answer.feedback.code)
    if approve:
        messages.success(request, f"Đã duyệt, gửi và công khai trả lời phản ánh {answer.feedback.code}.")
    else:
        messages.info(request, f"Đã trả lại dự thảo trả lời phản ánh {answer.feedback.code}.")
    return redirect("feedback:approvals")


@login_required
def letter(request, code: str, fmt: str):
    """The answer letter to the sender of ``code`` (for a merged case: the main case's answer)."""
    sender = _case_or_404(request, code)
    answer = services.latest_answer(services.answered_case(sender))
    if answer is None:
        raise Http404("Phản ánh chưa có trả lời đã duyệt.")
    if fmt == "pdf":
        response = HttpResponse(letters.letter_pdf(answer, sender=sender), content_type="application/pdf")
    else:
        response = HttpResponse(
            letters.letter_docx(answer, sender=sender),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="tra-loi-{sender.code}.{fmt}"'
    return response


@login_required
def attachment(request, pk: int):
    item = FeedbackAttachment.objects.filter(pk=pk, feedback__in=selectors.in_scope(request.user)).first()
    if item is None:
        raise Http404("Không tìm thấy tệp đính kèm.")
    return FileResponse(
        default_storage.open(item.file.name, "rb"),
        as_attachment=True,
        filename=item.name,
        content_type=item.mime_type,
    )


@login_required
def figures_page(request):
    form = FiguresForm(request.GET or None)
    today = timezone.localdate()
    start, end = figures.report_month(today)
    by = "agency"
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        by = form.cleaned_data["by"] or by
    if end < start or (end - start) > datetime.timedelta(days=3660):
        messages.error(
            request, "Khoảng thời gian không hợp lệ (ngày đầu phải trước ngày cuối, tối đa 10 năm)."
        )
        start, end = figures.report_month(today)
    report = figures.feedback_figures(user=request.user, start=start, end=end, by=by)
    largest = max([r.received for r in report.rows] + [r.handled for r in report.rows] + [1])
    bars = [
        {
            "row": row,
            "y": 10 + i * 34,
            "received": round(row.received * 480 / largest),
            "on_time": round(row.on_time * 480 / largest),
            "late": round(row.late * 480 / largest),
        }
        for i, row in enumerate(report.rows[:20])
    ]
    return render(
        request,
        "feedback/figures.html",
        {
            "form": form,
            "report": report,
            "bars": bars,
            "chart_height": 20 + 34 * len(bars),
            "start": start,
            "end": end,
        },
    )
