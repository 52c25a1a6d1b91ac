from django.urls import path

from tthc.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.staff_list, name="staff-list"),
    path("decisions/", views.decision_list, name="decision-list"),
]
