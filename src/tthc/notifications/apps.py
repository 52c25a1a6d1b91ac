from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tthc.notifications"
    verbose_name = "Thông báo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tthc.notifications import ticks  # noqa: F401  (registers the retry sweep)
