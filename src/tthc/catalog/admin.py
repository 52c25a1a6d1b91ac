"""Admin screens of the catalog, for administrators; staff work in the catalog's own screens.

Published versions are read-only here: dossiers pin them, and a change must be a new version published by a
decision (``services``). Drafts stay editable; their search column is refreshed after each save.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tthc.catalog import selectors, services
from tthc.catalog.models import (
    ChannelOption,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    VersionAgency,
)
from tthc.core.folding import fold


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "signed_on", "effective_on", "signer", "signed_late"]
    list_filter = ["signed_on"]
    search_fields = ["number", "signer", "summary"]
    date_hierarchy = "signed_on"
    readonly_fields = ["created_at", "created_by"]

    @admin.display(boolean=True, description="ký muộn")
    def signed_late(self, decision: PublicationDecision) -> bool:
        return selectors.decision_signed_late(decision)


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "name", "change_kind", "valid_from", "valid_to", "decision", "published_at"]
    readonly_fields = fields
    ordering = ["-number"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code", "versions__search_folded"]
    readonly_fields = ["created_at"]
    inlines = [VersionInline]

    def get_readonly_fields(self, request, obj=None):
        # The code is the procedure's identity: dossiers and decisions refer to it.
        return ["code", "created_at"] if obj else ["created_at"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class _ContentInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is not None and obj.is_draft

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class AgencyPartInline(_ContentInline):
    model = VersionAgency
    raw_id_fields = ["agency"]


class ChannelInline(_ContentInline):
    model = ChannelOption


class DocumentInline(_ContentInline):
    model = RequiredDocument


class LegalBasisInline(_ContentInline):
    model = LegalBasis


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "name", "change_kind", "valid_from", "valid_to", "decision"]
    list_filter = ["change_kind", "online_level", "fields"]
    list_select_related = ["procedure", "decision"]
    search_fields = ["procedure__code", "search_folded"]
    raw_id_fields = ["procedure", "decision"]
    inlines = [AgencyPartInline, ChannelInline, DocumentInline, LegalBasisInline]

    def get_search_results(self, request, queryset, search_term):
        # The folded column holds the text without case or diacritics: fold the search the same way.
        return super().get_search_results(request, queryset, fold(search_term))

    def has_add_permission(self, request):
        return False  # versions are made by saving a draft or importing records

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Validity and publication change only by publishing a decision (services.publish).
        return [
            "procedure",
            "number",
            "decision",
            "valid_from",
            "valid_to",
            "published_at",
            "created_by",
            "created_at",
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_search_text(version=form.instance)
