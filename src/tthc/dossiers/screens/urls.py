"""URLs of tthc.dossiers.screens (included by the dossiers urls modules; no app_name of their own)."""

from django.urls import path

from tthc.dossiers.screens import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("desk/", views.desk, name="desk"),
    path("intake/", views.intake, name="intake"),
    path("intake/stored-files/", views.intake_stored, name="intake-stored"),
    path("returns/", views.returns, name="returns"),
    path("register/", views.register, name="register"),
    path("processes/", views.process_list, name="processes"),
    path("processes/<str:procedure_code>/<int:agency_id>/", views.process_edit, name="process-edit"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/act/", views.act, name="act"),
    path("<str:code>/payments/", views.pay, name="pay"),
    path("<str:code>/documents/<int:pk>/", views.document, name="document"),
]
