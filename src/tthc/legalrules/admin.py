from django import forms
from django.contrib import admin

from tthc.legalrules.catalogue import DEFINITIONS, InvalidRuleValue, check_value
from tthc.legalrules.models import RuleValue


class RuleValueForm(forms.ModelForm):
    key = forms.ChoiceField(
        label="Quy định", choices=[(k, f"{k} — {d.description}") for k, d in DEFINITIONS.items()]
    )

    class Meta:
        model = RuleValue
        fields = ["key", "value", "effective_from", "legal_basis", "note"]

    def clean(self):
        cleaned = super().clean()
        key, value = cleaned.get("key"), cleaned.get("value")
        if key and value is not None:
            try:
                check_value(key, value)
            except InvalidRuleValue as error:
                self.add_error("value", error.message)
        return cleaned


@admin.register(RuleValue)
class RuleValueAdmin(admin.ModelAdmin):
    form = RuleValueForm
    list_display = ["key", "value", "effective_from", "legal_basis"]
    list_filter = ["key"]
