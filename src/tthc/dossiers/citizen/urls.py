"""URLs of tthc.dossiers.citizen (included by the dossiers urls modules; no app_name of their own)."""

from django.urls import path

from tthc.dossiers.citizen import views

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("result/", views.result, name="result"),
    path("rate/", views.rate, name="rate"),
    path("submit/", views.choose, name="submit-choose"),
    path("submitted/", views.submitted, name="submitted"),
    path("submit/<str:procedure_code>/", views.submit, name="submit"),
]
