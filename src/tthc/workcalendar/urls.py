from django.urls import path

from tthc.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.overrides, name="overrides"),
]
