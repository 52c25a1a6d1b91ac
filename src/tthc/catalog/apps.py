from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tthc.catalog"
    verbose_name = "Danh mục TTHC"

    def ready(self):
        from auditlog.registry import auditlog

        from tthc.catalog import models

        for model in (models.Field, models.PublicationDecision, models.Procedure, models.ProcedureVersion):
            auditlog.register(model)
