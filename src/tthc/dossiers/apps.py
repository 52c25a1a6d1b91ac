from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "tthc.dossiers"
    verbose_name = "Hồ sơ một cửa"
    default_auto_field = "django.db.models.BigAutoField"
