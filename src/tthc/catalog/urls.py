from django.urls import path

from tthc.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.staff_list, name="staff-list"),
    path("new/", views.staff_new, name="staff-new"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("export.json", views.export_json, name="export-json"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("import/", views.import_records, name="import"),
    path("<str:code>/", views.staff_detail, name="staff-detail"),
    path("<str:code>/edit/", views.staff_edit, name="staff-edit"),
    path("<str:code>/publish/", views.staff_publish, name="staff-publish"),
    path("<str:code>/history/", views.staff_history, name="staff-history"),
]
