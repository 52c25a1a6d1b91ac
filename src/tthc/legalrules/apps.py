from django.apps import AppConfig


class LegalRulesConfig(AppConfig):
    name = "tthc.legalrules"
    verbose_name = "Quy định áp dụng"
