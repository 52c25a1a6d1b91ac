from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tthc.plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        from tthc.plans import ticks  # noqa: F401  (registers the "plans" tick)
