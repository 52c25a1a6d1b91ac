from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tthc.api import api
from tthc.core.views import staff_home

urlpatterns = [
    path("", include("tthc.portal.urls")),
    path("staff/", staff_home, name="staff-home"),
    path("staff/catalog/", include("tthc.catalog.urls")),
    path("staff/calendar/", include("tthc.workcalendar.urls")),
    path("staff/dossiers/", include("tthc.dossiers.urls")),
    path("staff/feedback/", include("tthc.feedback.urls")),
    path("staff/plans/", include("tthc.plans.urls")),
    path("dossiers/", include("tthc.dossiers.public_urls")),
    path("feedback/", include("tthc.feedback.public_urls")),
    path("open311/v2/", include("tthc.feedback.open311.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# The media folder is never served as a whole, not even with DEBUG: dossier files are private. Each kind of
# stored file has its own view that checks who may read it (portal:template-file, dossiers:document, …).
