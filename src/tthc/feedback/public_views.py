"""Public pages of feedback: the form (no login), the sender's follow-up page (status, answer, rating) and the
list of published answers. Nothing here shows a sender's name, address, phone or e-mail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tthc.core.errors import DomainError, NotFound, ValidationFailed
from tthc.feedback import intake_guard, selectors, services
from tthc.feedback.forms import PublicFeedbackForm, PublicSearchForm
from tthc.feedback.models import Channel, Status

PAGE_SIZE = 20


def submit(request):
    now = timezone.now()
    categories = list(selectors.categories())
    form = PublicFeedbackForm(request.POST or None, categories=categories)
    status = 200
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        try:
            intake_guard.count_post(request)
            intake_guard.check_honeypot(request.POST.get(intake_guard.HONEYPOT_FIELD, ""))
            intake_guard.use_form_token(request.POST.get("started", ""), now=now)
            feedback = services.receive_feedback(
                channel=Channel.WEB,
                sender_name=data.get("sender_name", ""),
                sender_address=data.get("sender_address", ""),
                sender_phone=data.get("sender_phone", ""),
                sender_email=data.get("sender_email", ""),
                content=data.get("content", ""),
                procedure_code=data.get("procedure_code", ""),
                dossier_code=data.get("dossier_code", ""),
                category_code=data.get("category", ""),
                uploads=request.FILES.getlist("attachments"),
                now=now,
            )
        except ValidationFailed as error:
            form.show_errors(error)
            status = 422
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            return redirect("feedback-public:track", code=feedback.code, token=feedback.token)
    # A fresh start time on every render: the minimum fill time counts from the page the sender sees.
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["started"] = intake_guard.issue_form_token(now=now)
    else:
        form.initial["started"] = intake_guard.issue_form_token(now=now)
    return render(
        request,
        "feedback/public_submit.html",
        {"form": form, "honeypot": form[intake_guard.HONEYPOT_FIELD]},
        status=status,
    )


def _sender_case(code: str, token: str):
    try:
        return services.feedback_for_sender(code=code, token=token)
    except NotFound as error:
        raise Http404(error.message) from error


def _track_page(request, sender, *, error: str = "", status: int = 200):
    case = services.answered_case(sender)
    rating = services.rating_of(sender)
    answered = case.status == Status.ANSWERED
    return render(
        request,
        "feedback/public_track.html",
        {
            "feedback": sender,
            "shown": case,
            "rating": rating,
            "can_rate": answered and rating is None,
            "reopen_until": services.reopen_until(case) if answered else None,
            "now": timezone.now(),
            "error": error,
        },
        status=status,
    )


def track(request, code: str, token: str):
    """The sender's page: status, the answer (the main case's, for a merged one) and the rating form."""
    return _track_page(request, _sender_case(code, token))


RATINGS = {"yes": True, "no": False}


@require_POST
def rate(request, code: str, token: str):
    sender = _sender_case(code, token)
    try:
        choice = request.POST.get("satisfied", "")
        if choice not in RATINGS:
            raise ValidationFailed("Chọn “Hài lòng” hoặc “Chưa hài lòng”.", field="satisfied")
        services.rate_answer(
            feedback=sender, satisfied=RATINGS[choice], note=request.POST.get("note", ""), now=timezone.now()
        )
    except DomainError as error:
        return _track_page(request, sender, error=error.message, status=error.status)
    return redirect("feedback-public:track", code=code, token=token)


def answers(request):
    form = PublicSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.public_answers(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/public_list.html", {"form": form, "page": page, "q": q})


def answer_detail(request, code: str):
    try:
        feedback = selectors.public_answer(code=code)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(request, "feedback/public_detail.html", {"feedback": feedback})
