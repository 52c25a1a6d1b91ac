from django.contrib import admin

from tthc.workcalendar.models import CalendarOverride, WorkingSchedule


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WorkingSchedule)
class WorkingScheduleAdmin(admin.ModelAdmin):
    """Each row is the hours of an owner from a day on; a change is a new row, so the history stays."""

    list_display = ["__str__", "agency", "valid_from"]
    list_filter = ["valid_from"]
    ordering = ["agency", "-valid_from"]
    raw_id_fields = ["agency"]
