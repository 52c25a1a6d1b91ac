"""Legal rules as data: each value has an effective date and the legal text it comes from.

The value in force for an event is the one with the latest ``effective_from`` not after the event's date, so a
province changes a rule by adding a row (from the admin screens), never by editing code, and past events keep
the rule they were decided under.
"""

from django.db import models


class RuleValue(models.Model):
    key = models.CharField("quy định", max_length=100, db_index=True)
    value = models.JSONField("giá trị")
    effective_from = models.DateField("áp dụng từ ngày")
    legal_basis = models.CharField("căn cứ pháp lý", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="unique_rule_per_date")]
        verbose_name = "giá trị quy định"
        verbose_name_plural = "giá trị quy định"

    def __str__(self) -> str:
        return f"{self.key} = {self.value} (từ {self.effective_from:%d/%m/%Y})"
