from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tthc.feedback"
    verbose_name = "Phản ánh, kiến nghị"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tthc.feedback import ticks  # noqa: F401  (registers the "feedback" tick)
