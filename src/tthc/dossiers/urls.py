"""Staff screens of the dossiers capability, under /staff/dossiers/."""

app_name = "dossiers"
urlpatterns = []
