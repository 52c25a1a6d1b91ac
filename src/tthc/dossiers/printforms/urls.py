"""URLs of tthc.dossiers.printforms (included by the dossiers urls modules; no app_name of their own).

Mounted at /staff/dossiers/forms/: ``dossiers:form`` (forms 01–05 of a dossier) and ``dossiers:form-register``
(form 06, a desk's register of a year). Dossier codes contain dots and dashes, hence ``<str:code>``; the
register route comes first so that ``register`` is never read as a dossier code.
"""

from django.urls import path

from tthc.dossiers.printforms import views

urlpatterns = [
    path("register/<int:desk_id>/<int:year>.<str:fmt>", views.register, name="form-register"),
    path("<str:code>/<str:number>.<str:fmt>", views.dossier_form, name="form"),
]
