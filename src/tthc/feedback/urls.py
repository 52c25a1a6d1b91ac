"""Staff screens of the feedback capability, under /staff/feedback/."""

from django.urls import path, re_path

from tthc.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("moi/", views.new, name="new"),
    path("duyet/", views.approvals, name="approvals"),
    path("duyet/<int:pk>/", views.decide, name="decide"),
    path("so-lieu/", views.figures_page, name="figures"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/phan-loai/", views.classify, name="classify"),
    path("<str:code>/gop/", views.merge, name="merge"),
    path("<str:code>/tra-lai/", views.send_back, name="send_back"),
    path("<str:code>/chuyen-lai/", views.reforward, name="reforward"),
    path("<str:code>/tra-loi/", views.answer, name="answer"),
    re_path(r"^(?P<code>[^/]+)/cong-van\.(?P<fmt>pdf|docx)$", views.letter, name="letter"),
]
