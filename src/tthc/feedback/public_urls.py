"""Public (no login) pages of the feedback capability, under /feedback/."""

app_name = "feedback-public"
urlpatterns = []
