"""URLs of tthc.dossiers.printforms (included by the dossiers urls modules; no app_name of their own)."""

urlpatterns = []
