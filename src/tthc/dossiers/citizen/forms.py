"""Forms of the citizen's pages: online submission, lookup by code and second factor, rating."""

from __future__ import annotations

import datetime

from django import forms

from tthc.catalog.models import ProcedureVersion
from tthc.core.errors import ValidationFailed
from tthc.core.uploads import readable_size
from tthc.dossiers import services
from tthc.dossiers.citizen import guard
from tthc.dossiers.models import ApplicantKind
from tthc.dossiers.uploads import check_file, clean_filename, max_upload_bytes
from tthc.organisation.models import Agency

TEXT = {"class": "form-control"}


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm thủ tục (gõ có dấu hoặc không dấu)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**TEXT, "type": "search", "placeholder": "ví dụ: ly lich tu phap"}),
    )


class LookupForm(forms.Form):
    code = forms.CharField(
        label="Mã hồ sơ",
        max_length=60,
        widget=forms.TextInput(
            attrs={**TEXT, "autocomplete": "off", "placeholder": "ví dụ: 000.00.20.H99-251230-0123"}
        ),
        error_messages={"required": "Chưa nhập mã hồ sơ.", "max_length": "Mã hồ sơ dài quá 60 ký tự."},
    )
    factor = forms.CharField(
        label="Mã tra cứu (in trên giấy tiếp nhận) hoặc số điện thoại đã khai",
        max_length=30,
        widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "off"}),
        error_messages={
            "required": "Chưa nhập mã tra cứu hoặc số điện thoại.",
            "max_length": "Mã tra cứu hoặc số điện thoại dài quá 30 ký tự.",
        },
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Mức độ hài lòng",
        coerce=int,
        choices=[
            (5, "5 — Rất hài lòng"),
            (4, "4 — Hài lòng"),
            (3, "3 — Bình thường"),
            (2, "2 — Chưa hài lòng"),
            (1, "1 — Không hài lòng"),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Chưa chọn mức độ hài lòng.",
            "invalid_choice": "Mức độ hài lòng phải từ 1 đến 5.",
        },
    )
    comment = forms.CharField(
        label="Ý kiến góp ý (không bắt buộc)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        error_messages={"max_length": "Ý kiến dài quá 2.000 ký tự."},
    )


def document_field(position: int) -> str:
    return f"doc_{position}"


# The applicant's fields as services.check_applicant names them.
APPLICANT_FIELDS = ("kind", "name", "identifier", "address", "phone", "email")


class SubmissionForm(forms.Form):
    """An online dossier: the applicant, the case, the competent agency (when several) and one upload per
    required document. Uploads are checked by content here, before anything is written."""

    kind = forms.ChoiceField(
        label="Người nộp là",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Chọn cá nhân hoặc tổ chức.",
            "invalid_choice": "Loại người nộp không hợp lệ.",
        },
    )
    name = forms.CharField(
        label="Họ tên (tên tổ chức)",
        max_length=255,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "name"}),
        error_messages={
            "required": "Chưa nhập họ tên (tên tổ chức) người nộp hồ sơ.",
            "max_length": "Họ tên dài quá 255 ký tự.",
        },
    )
    identifier = forms.CharField(
        label="Số định danh cá nhân (CCCD) hoặc mã số thuế",
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Chưa nhập số định danh cá nhân hoặc mã số thuế.",
            "max_length": "Số định danh dài quá 20 ký tự.",
        },
    )
    address = forms.CharField(
        label="Địa chỉ",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "street-address"}),
        error_messages={"max_length": "Địa chỉ dài quá 500 ký tự."},
    )
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        help_text="Dùng để tra cứu hồ sơ và nhận tin nhắn.",
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "Số điện thoại dài quá 20 ký tự."},
    )
    email = forms.CharField(
        label="Thư điện tử",
        max_length=254,
        help_text="Mã hồ sơ và các thông báo được gửi về địa chỉ này.",
        widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
        error_messages={
            "required": "Chưa nhập thư điện tử để nhận mã hồ sơ.",
            "max_length": "Địa chỉ thư điện tử dài quá 254 ký tự.",
        },
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="Trang web (để trống)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args,
        version: ProcedureVersion,
        candidates: list[Agency],
        now: datetime.datetime,
        too_big: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.now = now
        self.too_big = too_big or {}
        self.nonce = ""
        self.spam = False
        self.documents = list(version.documents.all())
        self.cases = list(dict.fromkeys(d.case for d in self.documents if d.case))
        if self.cases:
            self.fields["case"] = forms.ChoiceField(
                label="Trường hợp",
                choices=[("", "— chọn trường hợp —"), *((c, c) for c in self.cases)],
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={
                    "required": "Chọn trường hợp của hồ sơ.",
                    "invalid_choice": "Trường hợp không có trong thủ tục.",
                },
            )
        self.candidates = candidates
        if len(candidates) > 1:
            self.fields["competent_agency"] = forms.TypedChoiceField(
                label="Cơ quan giải quyết",
                coerce=int,
                choices=[("", "— chọn cơ quan —"), *((a.pk, a.name) for a in candidates)],
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={
                    "required": "Thủ tục do nhiều cơ quan giải quyết; chọn cơ quan giải quyết hồ sơ.",
                    "invalid_choice": "Cơ quan đã chọn không phải là cơ quan giải quyết thủ tục này.",
                },
            )
        limit = readable_size(max_upload_bytes())
        for document in self.documents:
            label = document.name + (f" (trường hợp: {document.case})" if document.case else "")
            self.fields[document_field(document.position)] = upload = forms.FileField(
                label=label,
                required=False,
                help_text=f"PDF, ảnh JPEG/PNG/TIFF hoặc tệp Word/Excel, tối đa {limit}.",
                widget=forms.ClearableFileInput(
                    attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"}
                ),
            )
            # Needed for every case, or for the case it names: checked in clean(), marked in the page.
            upload.shown_required = True
        if not self.is_bound:
            self.initial["token"] = guard.issue_token(now=now)

    def document_fields(self):
        return [self[document_field(d.position)] for d in self.documents]

    def applicant_fields(self):
        return [self[name] for name in APPLICANT_FIELDS]

    def applicable(self, case: str):
        return [d for d in self.documents if not d.case or d.case == case]

    def clean(self):
        data = super().clean()
        try:
            guard.check_honeypot(data.get(guard.HONEYPOT_FIELD, ""))
            self.nonce = guard.check_token(data.get("token", ""), now=self.now)
        except guard.SpamSuspected as error:
            self.spam = True
            raise forms.ValidationError(error.message) from error
        case = data.get("case", "")
        for document in self.documents:
            name = document_field(document.position)
            if name in self.too_big:
                self.add_error(
                    name,
                    f"Tệp «{clean_filename(self.too_big[name])}» vượt giới hạn "
                    f"{readable_size(max_upload_bytes())}; "
                    "hãy chụp/quét lại với độ phân giải thấp hơn hoặc tách thành tệp nhỏ hơn.",
                )
                continue
            upload = data.get(name)
            if document.case and document.case != case:
                data[name] = None
                continue
            if not upload:
                if name not in self.errors:
                    self.add_error(name, f"Chưa đính kèm tệp «{document.name[:120]}».")
                continue
            try:
                check_file(upload)
            except ValidationFailed as error:
                self.add_error(name, error.message)
        if all(data.get(f) is not None for f in ("kind", "name", "identifier")):
            try:
                services.check_applicant(
                    services.ApplicantData(**{f: data.get(f) or "" for f in APPLICANT_FIELDS})
                )
            except ValidationFailed as error:
                for problem in error.details or [{"field": error.field, "message": error.message}]:
                    field = problem.get("field")
                    self.add_error(field if field in self.fields else None, problem["message"])
        return data

    def intake(self) -> services.Intake:
        data = self.cleaned_data
        case = data.get("case", "")
        return services.Intake(
            procedure_code=self.version.procedure.code,
            applicant=services.ApplicantData(**{f: data.get(f) or "" for f in APPLICANT_FIELDS}),
            case=case,
            documents=[
                services.DocumentGiven(position=d.position, upload=data[document_field(d.position)])
                for d in self.applicable(case)
                if data.get(document_field(d.position))
            ],
            competent_agency_id=data.get("competent_agency")
            or (self.candidates[0].pk if self.candidates else None),
        )
