"""Forms of the staff screens: intake at the desk, the small forms of the dossier's actions, the inbox filter
and the internal process editor. Forms only read and check input; writing is the services' work."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.utils import timezone

from tthc.catalog.models import Channel, ProcedureVersion
from tthc.core.errors import ValidationFailed
from tthc.core.uploads import readable_size
from tthc.dossiers import services
from tthc.dossiers.models import ApplicantKind, Payment, ProcessStep, Status
from tthc.dossiers.processes import StepData
from tthc.dossiers.uploads import check_file, clean_filename, max_upload_bytes
from tthc.organisation.models import Agency, Role

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
APPLICANT_FIELDS = ("kind", "name", "identifier", "address", "phone", "email")
DESK_CHANNELS = (Channel.IN_PERSON, Channel.POSTAL)


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm thủ tục (gõ có dấu hoặc không dấu)",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={**TEXT, "type": "search", "autocomplete": "off", "placeholder": "ví dụ: ly lich tu phap"}
        ),
    )


class IntakeForm(forms.Form):
    """A dossier given at the desk: the checklist with a tick and an upload (or a file from the applicant's
    store) per document, the applicant, the competent agency when several, the fee and the outcome."""

    OUTCOMES = [
        (Status.RECEIVED, "Tiếp nhận hồ sơ (mẫu 01 — giấy tiếp nhận và hẹn trả kết quả)"),
        (Status.GUIDED, "Hướng dẫn bổ sung, hoàn thiện hồ sơ (mẫu 02)"),
        (Status.REFUSED_AT_INTAKE, "Từ chối tiếp nhận (mẫu 03)"),
    ]

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
    identifier = forms.CharField(
        label="Số định danh cá nhân (CCCD) hoặc mã số thuế",
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Chưa nhập số định danh cá nhân hoặc mã số thuế.",
            "max_length": "Số định danh dài quá 20 ký tự.",
        },
    )
    name = forms.CharField(
        label="Họ tên (tên tổ chức)",
        max_length=255,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        error_messages={
            "required": "Chưa nhập họ tên (tên tổ chức) người nộp hồ sơ.",
            "max_length": "Họ tên dài quá 255 ký tự.",
        },
    )
    address = forms.CharField(
        label="Địa chỉ",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"max_length": "Địa chỉ dài quá 500 ký tự."},
    )
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "tel"}),
        error_messages={"max_length": "Số điện thoại dài quá 20 ký tự."},
    )
    email = forms.CharField(
        label="Thư điện tử",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs=TEXT),
        error_messages={"max_length": "Địa chỉ thư điện tử dài quá 254 ký tự."},
    )
    fee = forms.IntegerField(
        label="Phí, lệ phí thu (đồng)",
        min_value=0,
        max_value=10**12,
        widget=forms.NumberInput(attrs={**TEXT, "step": 1000}),
        error_messages={
            "required": "Chưa nhập số tiền phí, lệ phí (nhập 0 nếu miễn).",
            "invalid": "Số tiền phí, lệ phí phải là số nguyên (đồng).",
            "min_value": "Số tiền không được âm.",
            "max_value": "Số tiền quá lớn.",
        },
    )
    payment_method = forms.ChoiceField(
        label="Hình thức nộp phí",
        choices=[(Payment.Method.CASH, "Tiền mặt"), (Payment.Method.TRANSFER, "Chuyển khoản")],
        initial=Payment.Method.CASH,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Hình thức nộp phí không hợp lệ."},
    )
    receipt_number = forms.CharField(
        label="Số biên lai thu phí, lệ phí",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"max_length": "Số biên lai dài quá 60 ký tự."},
    )
    outcome = forms.ChoiceField(
        label="Kết quả kiểm tra hồ sơ",
        choices=OUTCOMES,
        initial=Status.RECEIVED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Chọn kết quả kiểm tra hồ sơ.",
            "invalid_choice": "Kết quả không hợp lệ.",
        },
    )
    missing = forms.CharField(
        label="Giấy tờ, nội dung cần bổ sung thêm (mỗi dòng một mục)",
        required=False,
        max_length=4000,
        help_text="Giấy tờ chưa đánh dấu trong danh mục tự vào mẫu 02; thêm ở đây các nội dung khác.",
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        error_messages={"max_length": "Nội dung dài quá 4.000 ký tự."},
    )
    reason = forms.CharField(
        label="Lý do từ chối tiếp nhận",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
        error_messages={"max_length": "Lý do dài quá 4.000 ký tự."},
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
        error_messages={"max_length": "Ghi chú dài quá 2.000 ký tự."},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(
        self,
        *args,
        version: ProcedureVersion,
        candidates: list[Agency],
        desks: list[Agency],
        too_big: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.too_big = too_big or {}
        self.version = version
        self.candidates = candidates
        self.desks = desks
        self.documents = list(version.documents.all())
        self.options = {o.channel: o for o in version.channels.all() if o.channel in DESK_CHANNELS}
        self.cases = list(dict.fromkeys(d.case for d in self.documents if d.case))
        self.missing_items: list[str] = []
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex
            first = self.options.get(Channel.IN_PERSON) or next(iter(self.options.values()), None)
            self.initial["fee"] = first.fee if first else 0
        if len(desks) > 1:
            self.fields["desk"] = forms.TypedChoiceField(
                label="Bộ phận tiếp nhận",
                coerce=int,
                choices=[(d.pk, d.name) for d in desks],
                widget=forms.Select(attrs=SELECT),
                error_messages={"invalid_choice": "Bộ phận tiếp nhận không hợp lệ."},
            )
        self.fields["channel"] = forms.ChoiceField(
            label="Hình thức nộp",
            choices=[(c, Channel(c).label) for c in self.options]
            or [(Channel.IN_PERSON, Channel.IN_PERSON.label)],
            initial=Channel.IN_PERSON,
            widget=forms.Select(attrs=SELECT),
            error_messages={"invalid_choice": "Thủ tục không tiếp nhận qua hình thức đã chọn."},
        )
        if self.cases:
            self.fields["case"] = forms.ChoiceField(
                label="Trường hợp",
                choices=[("", "— chọn trường hợp —"), *((c, c) for c in self.cases)],
                widget=forms.Select(attrs=SELECT),
                error_messages={
                    "required": "Chọn trường hợp của hồ sơ.",
                    "invalid_choice": "Trường hợp không có trong thủ tục.",
                },
            )
        if len(candidates) > 1:
            self.fields["competent_agency"] = forms.TypedChoiceField(
                label="Cơ quan giải quyết",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "— theo nơi tiếp nhận —"), *((a.pk, a.name) for a in candidates)],
                widget=forms.Select(attrs=SELECT),
                error_messages={
                    "invalid_choice": "Cơ quan đã chọn không phải là cơ quan giải quyết thủ tục này."
                },
            )
        limit = readable_size(max_upload_bytes())
        for document in self.documents:
            position = document.position
            self.fields[f"given_{position}"] = forms.BooleanField(
                label=document.name,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"file_{position}"] = forms.FileField(
                label=f"Tệp scan: {document.name[:120]}",
                required=False,
                help_text=f"PDF, ảnh JPEG/PNG/TIFF, Word/Excel; tối đa {limit}.",
                widget=forms.ClearableFileInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx",
                    }
                ),
            )
            self.fields[f"stored_{position}"] = forms.IntegerField(
                required=False, min_value=1, widget=forms.HiddenInput
            )

    # --- what the template lays out ---------------------------------------------------------------------

    def checklist(self):
        return [
            {
                "document": d,
                "given": self[f"given_{d.position}"],
                "file": self[f"file_{d.position}"],
                "stored": self[f"stored_{d.position}"],
                "stored_value": self.data.get(f"stored_{d.position}", "") if self.is_bound else "",
            }
            for d in self.documents
        ]

    def applicant_fields(self):
        return [self[name] for name in APPLICANT_FIELDS]

    def fee_options(self):
        return list(self.options.values())

    # --- checking ---------------------------------------------------------------------------------------

    def applicable(self, case: str):
        return [d for d in self.documents if not d.case or not case or d.case == case]

    def clean(self):
        data = super().clean()
        case = data.get("case", "")
        missing = []
        for document in self.applicable(case):
            position = document.position
            upload = data.get(f"file_{position}")
            if f"file_{position}" in self.too_big:
                self.add_error(
                    f"file_{position}",
                    f"Tệp «{clean_filename(self.too_big[f'file_{position}'])}» vượt giới hạn "
                    f"{readable_size(max_upload_bytes())}; hãy quét lại với độ phân giải thấp hơn.",
                )
            if upload:
                try:
                    check_file(upload)
                except ValidationFailed as error:
                    self.add_error(f"file_{position}", error.message)
            if not (data.get(f"given_{position}") or upload or data.get(f"stored_{position}")):
                missing.append(document)
        if all(data.get(f) is not None for f in ("kind", "name", "identifier")):
            try:
                services.check_applicant(
                    services.ApplicantData(**{f: data.get(f) or "" for f in APPLICANT_FIELDS})
                )
            except ValidationFailed as error:
                for problem in error.details or [{"field": error.field, "message": error.message}]:
                    field = problem.get("field")
                    if field not in self.errors:
                        self.add_error(field if field in self.fields else None, problem["message"])
        # Completeness and the fee's receipt are the service's rules (services.receive), checked there for
        # this screen and the API alike; the form only gathers the missing items for form 02.
        outcome = data.get("outcome")
        if outcome == Status.GUIDED:
            self.missing_items = [d.name for d in missing] + lines(data.get("missing", ""))
            if not self.missing_items:
                self.add_error("missing", "Hướng dẫn bổ sung phải nêu đầy đủ, một lần các giấy tờ còn thiếu.")
        if outcome == Status.REFUSED_AT_INTAKE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Từ chối tiếp nhận phải nêu rõ lý do (mẫu 03).")
        return data

    # --- what the service receives ----------------------------------------------------------------------

    def chosen_desk(self) -> Agency:
        chosen = self.cleaned_data.get("desk")
        return next((d for d in self.desks if d.pk == chosen), self.desks[0])

    def intake(self) -> services.Intake:
        data = self.cleaned_data
        case = data.get("case", "")
        documents = []
        for document in self.applicable(case):
            position = document.position
            upload = data.get(f"file_{position}")
            stored = data.get(f"stored_{position}")
            if data.get(f"given_{position}") or upload or stored:
                documents.append(
                    services.DocumentGiven(
                        position=position, upload=upload or None, stored_file_id=None if upload else stored
                    )
                )
        payment = None
        if data["outcome"] == Status.RECEIVED and data.get("fee"):
            payment = services.PaymentData(
                amount=data["fee"],
                method=data["payment_method"],
                receipt_number=data.get("receipt_number", ""),
            )
        return services.Intake(
            procedure_code=self.version.procedure.code,
            applicant=services.ApplicantData(**{f: data.get(f) or "" for f in APPLICANT_FIELDS}),
            channel=data.get("channel") or Channel.IN_PERSON,
            case=case,
            documents=documents,
            competent_agency_id=data.get("competent_agency"),
            payment=payment,
            note=data.get("note", ""),
        )


class InboxFilterForm(forms.Form):
    SCOPES = [
        ("inbox", "Hồ sơ chờ xử lý"),
        ("mine", "Hồ sơ giao cho tôi"),
        ("all", "Mọi hồ sơ trong phạm vi"),
    ]
    scope = forms.ChoiceField(
        label="Phạm vi", choices=SCOPES, required=False, widget=forms.Select(attrs=SELECT)
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=[("", "Mọi trạng thái"), *Status.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    procedure = forms.CharField(
        label="Mã thủ tục", required=False, max_length=40, widget=forms.TextInput(attrs=TEXT)
    )
    q = forms.CharField(
        label="Mã hồ sơ, tên hoặc số định danh người nộp",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**TEXT, "type": "search"}),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"scope": "inbox", "status": "", "procedure_code": "", "text": ""}
        data = self.cleaned_data
        return {
            "scope": data.get("scope") or "inbox",
            "status": data.get("status") or "",
            "procedure_code": (data.get("procedure") or "").strip(),
            "text": (data.get("q") or "").strip(),
        }


class ActionForm(forms.Form):
    """The small form behind one action button of the dossier page (fields used depend on the action)."""

    action = forms.CharField(max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Lý do / nội dung",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        error_messages={"max_length": "Nội dung dài quá 4.000 ký tự."},
    )
    new_due_date = forms.DateField(
        label="Ngày hẹn trả mới (dd/mm/yyyy)",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ngày hẹn trả mới phải viết theo dạng dd/mm/yyyy."},
    )
    new_due_time = forms.TimeField(
        label="Giờ hẹn trả",
        required=False,
        initial=datetime.time(16, 30),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={**TEXT, "placeholder": "hh:mm"}, format="%H:%M"),
        error_messages={"invalid": "Giờ hẹn trả phải viết theo dạng hh:mm."},
    )
    assignee = forms.IntegerField(required=False, min_value=1)
    agency = forms.IntegerField(required=False, min_value=1)
    consultation = forms.IntegerField(required=False, min_value=1)
    method = forms.ChoiceField(
        label="Hình thức trả kết quả",
        required=False,
        choices=[("in_person", "Trực tiếp"), ("online", "Trực tuyến"), ("postal", "Qua bưu chính")],
        error_messages={"invalid_choice": "Hình thức trả kết quả không hợp lệ."},
    )
    missing = forms.CharField(required=False, max_length=4000)
    next = forms.CharField(required=False, max_length=500)

    def payload(self) -> dict:
        data = self.cleaned_data
        action = data["action"]
        payload: dict = {}
        if action == "assign" and data.get("assignee"):
            payload["assignee"] = data["assignee"]
        if action == "request_consultation":
            payload["agency"] = data.get("agency")
        if action == "answer_consultation" and data.get("consultation"):
            payload["consultation"] = data["consultation"]
        if action == "apologise":
            day = data.get("new_due_date")
            if day is None:
                raise ValidationFailed("Chưa nhập ngày hẹn trả mới.", field="new_due_at")
            clock = data.get("new_due_time") or datetime.time(16, 30)
            payload["new_due_at"] = datetime.datetime.combine(
                day, clock, tzinfo=timezone.get_current_timezone()
            )
        if action == "return_result":
            payload["method"] = data.get("method") or "in_person"
        if action == "guide":
            payload["missing"] = lines(data.get("missing", ""))
        return payload


class PaymentForm(forms.Form):
    """A fee paid after intake (by transfer, online, or in cash when the result is handed over)."""

    amount = forms.IntegerField(
        label="Số tiền (đồng)",
        min_value=1,
        max_value=10**12,
        widget=forms.NumberInput(attrs={**TEXT, "step": 1000}),
        error_messages={
            "required": "Chưa nhập số tiền.",
            "invalid": "Số tiền phải là số nguyên (đồng).",
            "min_value": "Số tiền nộp phải lớn hơn 0 đồng.",
            "max_value": "Số tiền quá lớn.",
        },
    )
    method = forms.ChoiceField(
        label="Hình thức nộp",
        choices=Payment.Method.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Chọn hình thức nộp.",
            "invalid_choice": "Hình thức nộp phí không hợp lệ.",
        },
    )
    receipt_number = forms.CharField(
        label="Số biên lai",
        max_length=60,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={
            "required": "Chưa nhập số biên lai thu phí, lệ phí.",
            "max_length": "Số biên lai dài quá 60 ký tự.",
        },
    )

    def payment(self) -> services.PaymentData:
        data = self.cleaned_data
        return services.PaymentData(
            amount=data["amount"], method=data["method"], receipt_number=data["receipt_number"]
        )


class StepForm(forms.Form):
    name = forms.CharField(
        label="Tên bước",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "size": 30}),
        error_messages={"max_length": "Tên bước dài quá 255 ký tự."},
    )
    kind = forms.ChoiceField(
        label="Loại bước", choices=ProcessStep.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    agency = forms.TypedChoiceField(
        label="Cơ quan thực hiện",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    role = forms.ChoiceField(
        label="Vai trò thực hiện", choices=Role.choices, widget=forms.Select(attrs=SELECT)
    )
    share_percent = forms.IntegerField(
        label="Tỷ lệ thời hạn (%)",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={**TEXT, "style": "width: 6rem"}),
        error_messages={
            "invalid": "Tỷ lệ thời hạn phải là số nguyên.",
            "min_value": "Tỷ lệ thời hạn phải từ 1 đến 100 (%).",
            "max_value": "Tỷ lệ thời hạn phải từ 1 đến 100 (%).",
        },
    )

    def __init__(self, *args, agency_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Cơ quan giải quyết"), *agency_choices]

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or "").strip() and not self.cleaned_data.get(
            "share_percent"
        )

    def step(self) -> StepData:
        data = self.cleaned_data
        return StepData(
            name=data.get("name") or "",
            kind=data.get("kind") or "",
            role=data.get("role") or "",
            share_percent=data.get("share_percent") or 0,
            agency_id=data.get("agency"),
        )


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True, max_num=20, absolute_max=40)


class ProcessForm(forms.Form):
    decision = forms.CharField(
        label="Quyết định phê duyệt quy trình",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )
    approved_on = forms.DateField(
        label="Ngày phê duyệt (dd/mm/yyyy)",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={**TEXT, "placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
        error_messages={"invalid": "Ngày phê duyệt phải viết theo dạng dd/mm/yyyy."},
    )
