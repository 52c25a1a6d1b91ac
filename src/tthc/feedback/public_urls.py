"""Public (no login) pages of the feedback capability, under /feedback/."""

from django.urls import path

from tthc.feedback import public_views

app_name = "feedback-public"
urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("tra-loi/", public_views.answers, name="answers"),
    path("tra-loi/<str:code>/", public_views.answer_detail, name="answer"),
    path("theo-doi/<str:code>/<str:token>/", public_views.track, name="track"),
    path("theo-doi/<str:code>/<str:token>/danh-gia/", public_views.rate, name="rate"),
]
