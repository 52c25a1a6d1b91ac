from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "tthc.workcalendar"
    verbose_name = "Lịch làm việc"

    def ready(self):
        from auditlog.registry import auditlog

        from tthc.workcalendar.models import CalendarOverride, WorkingSchedule

        # Who added a day off or changed working hours matters: every deadline depends on it.
        auditlog.register(CalendarOverride)
        auditlog.register(WorkingSchedule)
