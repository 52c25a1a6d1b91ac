"""Admin screens: the province keeps routing rules, answer templates, categories and API clients here.
Cases themselves change only through the staff screens (the services), so they are read-only here."""

from django.contrib import admin, messages
from django.utils import timezone

from tthc.feedback import services
from tthc.feedback.models import AnswerTemplate, ApiClient, Feedback, FeedbackCategory, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "active", "field", "procedure", "agency", "category", "target_agency"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    raw_id_fields = ["procedure"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "subject", "active"]
    list_filter = ["active", "subject"]


@admin.register(FeedbackCategory)
class FeedbackCategoryAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name", "subject", "active"]
    list_display_links = ["code"]
    list_editable = ["position", "active"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "active", "created_at"]
    fields = ["name", "active"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, key = services.issue_api_key(name=obj.name, now=timezone.now())
        obj.pk = client.pk
        obj.key_prefix, obj.key_hash, obj.created_at = client.key_prefix, client.key_hash, client.created_at
        messages.warning(request, f"Khóa API (chỉ hiện một lần, hãy lưu lại): {key}")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["code", "channel", "status", "agency", "received_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
