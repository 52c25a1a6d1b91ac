"""Forms of the calendar staff screens: they only shape input; the services decide what is valid."""

from django import forms

from tthc.workcalendar.models import CalendarOverride

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class OverrideForm(forms.Form):
    date = forms.DateField(
        label="Ngày",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "class": "form-control", "autocomplete": "off"},
        ),
        error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, ví dụ 02/09/2026."},
    )
    kind = forms.ChoiceField(
        label="Loại",
        choices=CalendarOverride.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label="Tên ngày",
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "Ví dụ: Làm việc bù ngày 02/05"}
        ),
    )


class ImportForm(forms.Form):
    MAX_BYTES = 1024 * 1024

    file = forms.FileField(
        label="Tệp CSV",
        help_text="Mã hóa UTF-8; dòng đầu là tiêu đề date,kind,name.",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 1 MB).")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "Tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng «CSV UTF-8»."
            ) from None


class HoursForm(forms.Form):
    periods = forms.CharField(
        label="Các khoảng giờ làm việc",
        required=False,
        help_text="Ví dụ: 07:00-11:30, 13:30-17:00",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    valid_from = forms.DateField(
        label="Áp dụng từ ngày",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Để trống: từ hôm nay. Giờ làm việc trước ngày này giữ nguyên (thời hạn tính từ những ngày "
        "đó theo giờ cũ).",
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "class": "form-control", "autocomplete": "off"},
        ),
        error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, ví dụ 01/03/2026."},
    )
