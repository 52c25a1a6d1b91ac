from django.urls import path

from tthc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure-list"),
    path("thu-tuc/mau/<path:name>", views.template_file, name="template-file"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure-detail"),
]
