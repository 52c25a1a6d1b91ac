from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tthc.organisation"
    verbose_name = "Tổ chức"

    def ready(self):
        from auditlog.registry import auditlog

        from tthc.organisation.models import Agency, Membership, User

        auditlog.register(Agency)
        auditlog.register(Membership)
        # Who changed an account matters; the password hash and login time are noise (and the hash a secret).
        auditlog.register(User, exclude_fields=["password", "last_login"])
