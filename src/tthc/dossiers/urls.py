"""Staff screens of the dossiers capability, under /staff/dossiers/ (namespace ``dossiers``)."""

from django.urls import include, path

app_name = "dossiers"
urlpatterns = [
    path("forms/", include("tthc.dossiers.printforms.urls")),
    path("", include("tthc.dossiers.screens.urls")),
]
