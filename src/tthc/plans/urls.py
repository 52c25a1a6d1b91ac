"""Staff screens of the plans capability, under /staff/plans/."""

app_name = "plans"
urlpatterns = []
