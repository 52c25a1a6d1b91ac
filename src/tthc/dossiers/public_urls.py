"""Public (no login) pages of the dossiers capability, under /dossiers/ (namespace ``dossiers-public``)."""

from django.urls import include, path

app_name = "dossiers-public"
urlpatterns = [
    path("", include("tthc.dossiers.citizen.urls")),
]
