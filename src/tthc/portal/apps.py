from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tthc.portal"
    verbose_name = "Cổng công khai"
