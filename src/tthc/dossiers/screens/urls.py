"""URLs of tthc.dossiers.screens (included by the dossiers urls modules; no app_name of their own)."""

urlpatterns = []
