from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "tthc.dossiers"
    verbose_name = "Hồ sơ một cửa"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tthc.dossiers import ticks  # noqa: F401  (registers the dossiers sweep)
