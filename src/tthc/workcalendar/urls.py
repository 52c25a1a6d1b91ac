import datetime

from django.urls import path, register_converter

from tthc.workcalendar import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # ValueError → no match → 404

    def to_url(self, value: datetime.date) -> str:
        return value.isoformat()


register_converter(IsoDateConverter, "calendar_date")

app_name = "workcalendar"
urlpatterns = [
    path("", views.overrides, name="overrides"),
    path("overrides/add/", views.override_add, name="override-add"),
    path("overrides/<calendar_date:day>/edit/", views.override_edit, name="override-edit"),
    path("overrides/<calendar_date:day>/delete/", views.override_delete, name="override-delete"),
    path("import/", views.import_csv, name="import"),
    path("hours/", views.hours, name="hours"),
    path("hours/province/", views.hours_edit, name="hours-province"),
    path("hours/<int:agency_id>/", views.hours_edit, name="hours-edit"),
]
