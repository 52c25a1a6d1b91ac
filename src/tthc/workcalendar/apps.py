from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "tthc.workcalendar"
    verbose_name = "Lịch làm việc"
