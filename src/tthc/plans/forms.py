"""Forms of the plan screens (input checking only; the services hold the rules)."""

from __future__ import annotations

import re

from django import forms

from tthc.organisation.models import Agency
from tthc.plans.models import Status

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class UploadForm(StyledForm):
    file = forms.FileField(label="Tài liệu kế hoạch", help_text="Word (.docx), PDF hoặc văn bản (.txt, .md).")
    agency = forms.ModelChoiceField(label="Cơ quan ban hành", queryset=Agency.objects.none())
    year = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Để trống: lấy năm ghi trong tài liệu.",
    )
    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=100)
    decision_date = forms.DateField(label="Ngày ký (dd/mm/yyyy)", required=False, input_formats=DATE_FORMATS)
    decision_signer = forms.CharField(label="Người ký", required=False, max_length=200)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def decision(self) -> dict:
        data = self.cleaned_data
        return {
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"].isoformat() if data["decision_date"] else "",
            "decision_signer": data["decision_signer"],
        }


class DecisionForm(StyledForm):
    """The issuing decision of a plan (and, for a province plan, when agencies issue theirs)."""

    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=100)
    decision_date = forms.DateField(label="Ngày ký (dd/mm/yyyy)", required=False, input_formats=DATE_FORMATS)
    decision_signer = forms.CharField(label="Người ký", required=False, max_length=200)
    derived_due = forms.DateField(
        label="Hạn các cơ quan ban hành kế hoạch của mình (dd/mm/yyyy)",
        required=False,
        input_formats=DATE_FORMATS,
    )


class HeaderForm(DecisionForm):
    title = forms.CharField(label="Tên kế hoạch", max_length=500)
    year = forms.IntegerField(label="Năm", min_value=1990, max_value=2100)

    field_order = ["title", "year", "decision_number", "decision_date", "decision_signer", "derived_due"]


class RowForm(StyledForm):
    number = forms.CharField(label="STT", required=False, max_length=20)
    content = forms.CharField(label="Nội dung công việc", widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.CharField(
        label="Cơ quan chủ trì (mỗi dòng một cơ quan)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    partners = forms.CharField(
        label="Cơ quan phối hợp (mỗi dòng một cơ quan)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_output = forms.CharField(
        label="Sản phẩm", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    timeframe = forms.CharField(label="Thời gian thực hiện", required=False, max_length=500)


class _TargetsField(forms.MultipleChoiceField):
    """``agency:12`` / ``kind:commune_committee`` / ``external``, one or several (checked by the form)."""

    def valid_value(self, value) -> bool:
        return bool(re.fullmatch(r"agency:\d+|kind:[a-z_]+|external", str(value)))


class MappingForm(StyledForm):
    name = forms.CharField(max_length=255)
    target = _TargetsField(label="Cơ quan", error_messages={"required": "Hãy chọn cơ quan cho tên đơn vị."})

    def target_parts(self) -> dict:
        """The chosen targets as the arguments of drafts.set_mapping."""
        agency_ids, kinds, external = [], [], False
        for target in self.cleaned_data["target"]:
            if target.startswith("agency:"):
                agency_ids.append(int(target[7:]))
            elif target.startswith("kind:") and target[5:] in Agency.Kind.values:
                kinds.append(target[5:])
            elif target == "external":
                external = True
            else:
                raise forms.ValidationError("Lựa chọn cơ quan không hợp lệ.")
        return {"agency_ids": agency_ids, "kinds": kinds, "external": external}


class ProgressForm(StyledForm):
    agency = forms.ModelChoiceField(label="Báo cáo thay mặt", queryset=Agency.objects.none())
    status = forms.ChoiceField(label="Tình trạng", choices=Status.choices)
    percent = forms.IntegerField(label="Tỷ lệ hoàn thành (%)", min_value=0, max_value=100, initial=0)
    note = forms.CharField(label="Kết quả, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    procedure = forms.CharField(label="Mã thủ tục liên quan", required=False, max_length=100)
    dossier = forms.CharField(label="Mã hồ sơ liên quan", required=False, max_length=100)
    feedback = forms.CharField(label="Mã phản ánh, kiến nghị liên quan", required=False, max_length=100)
    url = forms.URLField(label="Liên kết minh chứng", required=False, assume_scheme="https")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk

    def links(self) -> list[dict]:
        return [
            {"kind": kind, "ref": self.cleaned_data[kind]}
            for kind in ("procedure", "dossier", "feedback", "url")
            if self.cleaned_data.get(kind)
        ]


class NoteForm(StyledForm):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    text = forms.CharField(label="Ý kiến phối hợp", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk


class DeriveForm(StyledForm):
    agency = forms.ModelChoiceField(label="Cơ quan xây dựng kế hoạch", queryset=Agency.objects.none())
    decision_number = forms.CharField(label="Số quyết định của cơ quan", required=False, max_length=100)
    decision_date = forms.DateField(label="Ngày ký (dd/mm/yyyy)", required=False, input_formats=DATE_FORMATS)
    decision_signer = forms.CharField(label="Người ký", required=False, max_length=200)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
