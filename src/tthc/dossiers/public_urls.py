"""Public (no login) pages of the dossiers capability, under /dossiers/."""

app_name = "dossiers-public"
urlpatterns = []
