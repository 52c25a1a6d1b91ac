"""Staff screens of the plans capability, under /staff/plans/."""

from django.urls import path

from tthc.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/header/", views.draft_header, name="draft-header"),
    path("drafts/<int:pk>/rows/<int:row_id>/", views.draft_row, name="draft-row"),
    path("drafts/<int:pk>/rows/<int:row_id>/<str:action>/", views.draft_row_action, name="draft-row-action"),
    path("drafts/<int:pk>/units/", views.draft_units, name="draft-units"),
    path("drafts/<int:pk>/confirm/", views.draft_confirm, name="draft-confirm"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft-discard"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/note/", views.note, name="note"),
    path("tasks/<int:pk>/report/", views.report, name="report"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/derive/", views.derive, name="derive"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/export.docx", views.export_docx, name="export-docx"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/progress.xlsx", views.export_progress, name="export-progress"),
]
