"""Forms of the feedback screens: input widgets only. The rules (what is required, limits) live in the
services, whose Vietnamese messages are shown next to the fields they name."""

from __future__ import annotations

import re

from django import forms

from tthc.catalog.models import Field
from tthc.core.errors import ValidationFailed
from tthc.feedback.intake_guard import HONEYPOT_FIELD
from tthc.feedback.models import STAFF_CHANNELS, ContentType, Outcome, Subject
from tthc.organisation.models import Agency


def _text(label: str, *, required: bool = False, **attrs) -> forms.CharField:
    widget_attrs = {"class": "form-control", **attrs}
    if required:
        widget_attrs["required"] = True
    field = forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=widget_attrs))
    field.marked_required = required
    return field


def _area(label: str, *, rows: int = 6, required: bool = False) -> forms.CharField:
    attrs = {"class": "form-control", "rows": rows}
    if required:
        attrs["required"] = True
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs=attrs))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SenderFields(forms.Form):
    sender_name = _text("Họ và tên", required=True, autocomplete="name")
    sender_address = _text("Địa chỉ", required=True, autocomplete="street-address")
    sender_phone = _text("Số điện thoại", required=True, autocomplete="tel", inputmode="tel")
    sender_email = _text("Thư điện tử (không bắt buộc)", autocomplete="email", type="email")
    procedure_code = _text("Mã thủ tục hành chính liên quan (nếu có)", placeholder="Ví dụ: 1.001193")
    dossier_code = _text("Mã hồ sơ liên quan (nếu có)")
    content = _area("Nội dung phản ánh, kiến nghị", rows=8, required=True)
    attachments = forms.FileField(
        label="Tệp đính kèm (tối đa 5 tệp, mỗi tệp 5 MB: PDF, ảnh, DOCX)",
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.odt"}
        ),
    )

    def show_errors(self, error: ValidationFailed) -> None:
        """Put each problem of ``error`` on its field (or on the form)."""
        for problem in error.details or [{"field": error.field, "message": error.message}]:
            name = problem.get("field")
            self.add_error(name if name in self.fields else None, problem["message"])


class PublicFeedbackForm(SenderFields):
    category = forms.ChoiceField(
        label="Loại phản ánh", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = ["sender_name", "sender_address", "sender_phone", "sender_email", "category"]

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "— Chọn loại phản ánh —")] + [
            (c.code, c.name) for c in categories
        ]
        # The honeypot: hidden from people and screen readers; a bot filling every field reveals itself.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Trang web",
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )


class StaffFeedbackForm(SenderFields):
    channel = forms.ChoiceField(
        label="Kênh tiếp nhận",
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    receiving_agency = forms.ModelChoiceField(
        label="Cơ quan tiếp nhận",
        queryset=Agency.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    field_order = ["channel", "receiving_agency"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].queryset = agencies
        self.fields["receiving_agency"].empty_label = None


class ClassifyForm(forms.Form):
    subject = forms.ChoiceField(
        label="Phản ánh về",
        choices=[("", "—"), *Subject.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    content_type = forms.ChoiceField(
        label="Nội dung (Điều 5 Nghị định 20/2008/NĐ-CP)",
        choices=[("", "—"), *ContentType.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    field = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Field.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    procedure_codes = _text(
        "Các thủ tục hành chính liên quan (mã, cách nhau bởi dấu phẩy)",
        placeholder="Ví dụ: 1.001193, 2.000488",
    )
    outcome = forms.ChoiceField(
        label="Kết quả phân loại",
        choices=[("", "—"), *Outcome.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    target_agency = forms.ModelChoiceField(
        label="Chuyển đến cơ quan có thẩm quyền",
        queryset=Agency.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    refusal_reason = _area("Lý do không tiếp nhận", rows=2)
    review_reference = _text("Liên kết rà soát, đánh giá thủ tục (mã, nếu có)")


def split_codes(text: str) -> list[str]:
    """Codes typed in one box, separated by commas, semicolons or spaces."""
    return [code for code in re.split(r"[,;\s]+", text or "") if code]


class AnswerForm(forms.Form):
    template = forms.ChoiceField(
        label="Mẫu trả lời", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    body = _area("Nội dung trả lời", rows=10)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", "— Không dùng mẫu —")] + [
            (str(t.pk), t.name) for t in templates
        ]


class ReforwardForm(forms.Form):
    target_agency = forms.ModelChoiceField(
        label="Chuyển lại đến cơ quan có thẩm quyền",
        queryset=Agency.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = _area("Ghi chú chuyển lại", rows=2)


class SendBackForm(forms.Form):
    reason = _area("Lý do trả lại (không thuộc thẩm quyền)", rows=2, required=True)


class DecisionForm(forms.Form):
    note = _area("Ý kiến của lãnh đạo", rows=2)


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm trong kết quả trả lời",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


class FiguresForm(forms.Form):
    start = forms.DateField(
        label="Từ ngày",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"
        ),
    )
    end = forms.DateField(
        label="Đến ngày",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"
        ),
    )
    by = forms.ChoiceField(
        label="Theo",
        required=False,
        choices=[
            ("agency", "Cơ quan"),
            ("field", "Lĩnh vực"),
            ("channel", "Kênh tiếp nhận"),
            ("month", "Tháng (kỳ báo cáo)"),
            ("quarter", "Quý (kỳ báo cáo)"),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
