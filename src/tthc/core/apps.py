from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tthc.core"
    verbose_name = "Lõi hệ thống"
