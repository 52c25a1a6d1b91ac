"""Staff screens of the feedback capability, under /staff/feedback/."""

app_name = "feedback"
urlpatterns = []
