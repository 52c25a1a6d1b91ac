from django.contrib import admin

from tthc.plans.models import Plan, PlanTask, UnitAlias


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "agency", "decision_number", "decision_date"]
    list_filter = ["year"]
    search_fields = ["title", "decision_number"]
    raw_id_fields = ["agency", "parent", "created_by"]


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ["number", "content", "plan", "timeframe_text", "recurrence"]
    list_filter = ["recurrence", "plan__year"]
    search_fields = ["content"]
    raw_id_fields = ["plan", "group", "parent_task", "lead_agencies", "partner_agencies"]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_kinds", "external"]
    search_fields = ["name"]
    raw_id_fields = ["agencies"]
