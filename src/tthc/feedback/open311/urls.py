"""Open311 GeoReport v2, mounted at /open311/v2/."""

from django.urls import re_path

from tthc.feedback.open311 import views

app_name = "open311"
urlpatterns = [
    re_path(r"^services\.(?P<fmt>json|xml)$", views.services_list, name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)\.(?P<fmt>json|xml)$", views.service_definition, name="service"
    ),
    re_path(r"^requests\.(?P<fmt>json|xml)$", views.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+)\.(?P<fmt>json|xml)$", views.request_detail, name="request"),
]
