"""URLs of tthc.dossiers.citizen (included by the dossiers urls modules; no app_name of their own)."""

urlpatterns = []
