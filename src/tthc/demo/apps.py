from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tthc.demo"
    verbose_name = "Dữ liệu mẫu"
