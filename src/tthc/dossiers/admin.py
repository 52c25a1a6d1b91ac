"""Admin screens of the dossiers, for administrators; desks and agencies work in the dossier screens.

What may be configured here is the approved internal process of a procedure (its steps and their shares of
the time limit) and an applicant's contact details. A dossier's history is not: its state changes only through
the transition table (:mod:`tthc.dossiers.workflow`), its events are append-only, and payments and ratings are
records of what happened — so dossiers, events, payments and ratings are shown read-only and cannot be added
or deleted here.
"""

from django import forms
from django.contrib import admin

from tthc.dossiers.models import (
    Applicant,
    Consultation,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    InternalProcess,
    Payment,
    ProcessStep,
    Rating,
)


class ProcessStepFormSet(forms.BaseInlineFormSet):
    """The steps' shares of the time limit add up to 100 %."""

    def clean(self):
        super().clean()
        shares = [
            form.cleaned_data.get("share_percent") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if shares and sum(shares) != 100:
            raise forms.ValidationError(
                f"Tổng tỷ lệ thời hạn của các bước phải bằng 100% (hiện là {sum(shares)}%)."
            )


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    fields = ["position", "name", "kind", "agency", "role", "share_percent"]
    raw_id_fields = ["agency"]
    extra = 0
    ordering = ["position"]


@admin.register(InternalProcess)
class InternalProcessAdmin(admin.ModelAdmin):
    list_display = ["procedure", "agency", "decision", "approved_on"]
    list_select_related = ["procedure", "agency"]
    search_fields = ["procedure__code", "agency__name", "agency__code", "decision"]
    raw_id_fields = ["procedure", "agency"]
    inlines = [ProcessStepInline]


class _ReadOnlyInline(admin.TabularInline):
    """Shows what the dossier's services wrote; nothing can be added, changed or deleted."""

    extra = 0
    max_num = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(_ReadOnlyInline):
    model = DossierEvent
    fields = [
        "at",
        "action",
        "from_status",
        "to_status",
        "actor_name",
        "from_agency",
        "to_agency",
        "result",
        "note",
    ]
    ordering = ["at", "id"]
    verbose_name = "sự kiện (mẫu 05)"
    verbose_name_plural = "quá trình xử lý (mẫu 05)"


class StepInline(_ReadOnlyInline):
    model = DossierStep
    fields = ["position", "name", "kind", "agency", "role", "due_at", "finished_at"]


class DocumentInline(_ReadOnlyInline):
    model = DossierDocument
    fields = ["position", "name", "originals", "copies", "provided", "stored_file"]


class PaymentInline(_ReadOnlyInline):
    model = Payment
    fields = ["paid_at", "amount", "method", "receipt_number", "recorded_by"]


class ConsultationInline(_ReadOnlyInline):
    model = Consultation
    fields = ["agency", "question", "requested_at", "due_at", "answered_at", "answer"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["code", "procedure", "applicant", "status", "receiving_desk", "received_at", "due_at"]
    list_filter = ["status", "channel", "received_at"]
    list_select_related = ["procedure", "applicant", "receiving_desk"]
    search_fields = ["code", "applicant__name", "applicant__identifier", "procedure__code"]
    date_hierarchy = "received_at"
    show_full_result_count = False  # counting a million dossiers on every page costs more than it tells
    inlines = [StepInline, DocumentInline, PaymentInline, ConsultationInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        # Only the internal note may be edited: everything else is the record of the dossier's handling.
        return [f.name for f in Dossier._meta.concrete_fields if f.name != "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "identifier", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "identifier", "phone", "email"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # Kind and identifier are the applicant's identity: dossiers and the document store hang on them.
        return ["kind", "identifier"] if obj else []


class _ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(_ViewOnlyAdmin):
    list_display = ["receipt_number", "dossier", "amount", "method", "paid_at"]
    list_filter = ["method", "paid_at"]
    list_select_related = ["dossier"]
    search_fields = ["receipt_number", "dossier__code"]
    date_hierarchy = "paid_at"


@admin.register(Rating)
class RatingAdmin(_ViewOnlyAdmin):
    list_display = ["dossier", "score", "rated_at", "comment"]
    list_filter = ["score", "rated_at"]
    list_select_related = ["dossier"]
    search_fields = ["dossier__code", "comment"]
    date_hierarchy = "rated_at"
