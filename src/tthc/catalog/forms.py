"""Forms of the catalog screens: filtering the list, editing a procedure, publishing it with a decision.

The edit form does not validate a procedure itself: it turns what the user typed into a
:class:`~tthc.catalog.records.ProcedureRecord` — the one validation shared with import and the API — and puts
the record's (and the services') complaints back next to the inputs they are about, in Vietnamese.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from tthc.catalog import wording
from tthc.catalog.models import (
    ChangeKind,
    Channel,
    Field,
    OnlineLevel,
    PublicationDecision,
    Subject,
    TimeUnit,
    VersionAgency,
)
from tthc.catalog.records import TEMPLATE_DIR, ProcedureRecord, error_message
from tthc.core.errors import DomainError
from tthc.organisation.models import AdministrativeLevel, Agency
from tthc.organisation.scoping import Permission, agencies_in_scope

DATE_FORMAT = "%d/%m/%Y"
REQUIRED = "Bắt buộc nhập."


# Django's own messages follow the browser's language; the catalog screens speak Vietnamese whatever it is.
FIELD_MESSAGES = {
    "required": REQUIRED,
    "invalid_choice": "Lựa chọn không hợp lệ.",
    "invalid_list": "Lựa chọn không hợp lệ.",
    "invalid_pk_value": "Lựa chọn không hợp lệ.",
    "max_length": "Dài quá %(limit_value)d ký tự.",
    "max_digits": "Nhiều nhất %(max)s chữ số.",
    "max_decimal_places": "Nhiều nhất %(max)s chữ số sau dấu phẩy.",
    "max_whole_digits": "Phần nguyên nhiều nhất %(max)s chữ số.",
    "min_value": "Không được nhỏ hơn %(limit_value)s.",
}
TYPE_MESSAGES = {
    forms.IntegerField: "Phải là một số nguyên.",
    forms.DecimalField: "Phải là một số.",
}


class MarksInvalid:
    """Vietnamese messages, and the Bootstrap class that shows an input as invalid.

    Every way an error is added goes through ``add_error``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A validator's error whose code is in the field's messages takes the field's message.
            field.error_messages.update(FIELD_MESSAGES)
            for kind, message in TYPE_MESSAGES.items():
                if isinstance(field, kind):
                    field.error_messages["invalid"] = message

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css.split():
                    widget.attrs["class"] = f"{css} is-invalid".strip()


class RowFormSet(forms.BaseFormSet):
    """Rows of a section of the edit form; the delete box is a Bootstrap checkbox named "Xóa"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Xóa"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class VietnameseDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "class": "form-control",
                **(attrs or {}),
            },
            format=DATE_FORMAT,
        )


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO is accepted too, for pasted values and browser tests)."""

    widget = VietnameseDateInput
    input_formats = [DATE_FORMAT, "%d-%m-%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."}


def _levels() -> list[tuple[str, str]]:
    """The administrative levels of today (the district level ended on 1 Jul 2025), highest first."""
    levels = AdministrativeLevel.objects.valid_on(timezone.localdate()).order_by("rank")
    return [(level.code, level.name) for level in levels]


# --- Filtering --------------------------------------------------------------------------------------------


class ProcedureFilterForm(MarksInvalid, forms.Form):
    """The search box and filters of the public procedure list (read from the query string).

    A value that is not one of a filter's choices (``/thu-tuc/?level=xyz``) is shown as an error, in
    Vietnamese, and that filter is left out of the search.
    """

    q = forms.CharField(
        label="Tìm thủ tục",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": "Mã, tên thủ tục, lĩnh vực, cơ quan… (gõ có dấu hoặc không dấu)",
                "autocomplete": "off",
            }
        ),
    )
    field = forms.ChoiceField(label="Lĩnh vực", required=False)
    agency = forms.ModelChoiceField(
        label="Cơ quan thực hiện",
        required=False,
        queryset=Agency.objects.none(),
        empty_label="Tất cả cơ quan",
    )
    level = forms.ChoiceField(label="Cấp thực hiện", required=False)
    online_level = forms.ChoiceField(
        label="Mức độ trực tuyến", required=False, choices=[("", "Mọi mức độ"), *OnlineLevel.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "Tất cả lĩnh vực")] + [
            (f.code, f.name) for f in Field.objects.order_by("name")
        ]
        self.fields["agency"].queryset = Agency.objects.filter(
            procedure_parts__part=VersionAgency.Part.IMPLEMENTING
        ).distinct()
        self.fields["level"].choices = [("", "Mọi cấp"), *_levels()]
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"
                field.error_messages["invalid_choice"] = (
                    "Giá trị «%(value)s» không có trong danh sách; bộ lọc này không được áp dụng."
                )

    def problems(self) -> list[str]:
        """The filters that were not applied and why, one sentence each ("Cấp thực hiện: …")."""
        if not self.is_bound or self.is_valid():
            return []
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else message
            for name, messages in self.errors.items()
            for message in messages
        ]

    def filters(self) -> dict:
        """The valid filters as keyword arguments of the search selectors; an invalid one is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        agency = data.get("agency")
        return {
            "query": data.get("q") or "",
            "field_code": data.get("field") or None,
            "agency_id": agency.pk if agency else None,
            "level": data.get("level") or None,
            "online_level": data.get("online_level") or None,
        }


class StaffFilterForm(ProcedureFilterForm):
    """The staff list filters: the same as the portal's but every procedure, so no online-level filter."""

    online_level = None

    def filters(self) -> dict:
        filters = super().filters()
        filters.pop("online_level")
        return filters


# --- Editing a procedure ----------------------------------------------------------------------------------


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.code})"


def _text(label: str, *, rows: int = 3, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


def _agencies(label: str) -> AgencyMultipleChoiceField:
    return AgencyMultipleChoiceField(
        label=label,
        required=False,
        queryset=Agency.objects.all(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )


CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def _flag(name: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=wording.FLAG_LABELS[name],
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


STEP_CASE = re.compile(r"^\[(?P<case>[^\]]*)\]\s*(?P<text>.*)$")


def steps_from_text(text: str) -> list[dict]:
    """One step per non-empty line; a line may start with its case in brackets: ``[Trường hợp …] Bước 1: …``.

    Brackets rather than "case: text" because step texts themselves read "Bước 1: …".
    """
    steps = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = STEP_CASE.match(line)
        if match:
            steps.append({"case": match["case"].strip(), "text": match["text"].strip()})
        else:
            steps.append({"case": "", "text": line})
    return steps


def steps_to_text(steps) -> str:
    return "\n".join(f"[{s.case}] {s.text}" if s.case else s.text for s in steps)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProcedureForm(MarksInvalid, forms.Form):
    code = forms.CharField(
        label="Mã thủ tục",
        max_length=40,
        help_text="Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193 hoặc 1.000948.H38.",
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    name = _text("Tên thủ tục", rows=2, required=True)
    kind = forms.CharField(
        label="Loại thủ tục",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    # Not named "fields": a form's ``fields`` attribute is its dictionary of inputs.
    procedure_fields = forms.ModelMultipleChoiceField(
        label="Lĩnh vực",
        required=False,
        queryset=Field.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    levels = forms.MultipleChoiceField(label="Cấp thực hiện", required=False, widget=CHECKBOXES)
    subjects = forms.MultipleChoiceField(
        label="Đối tượng thực hiện", required=False, choices=Subject.choices, widget=CHECKBOXES
    )
    online_level = forms.ChoiceField(
        label="Mức độ trực tuyến",
        choices=OnlineLevel.choices,
        initial=OnlineLevel.NONE,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on_the_spot = _flag("on_the_spot")
    boundary_free = _flag("boundary_free")
    interagency = _flag("interagency")
    postal = _flag("postal")
    implementing = AgencyMultipleChoiceField(
        label="Cơ quan thực hiện",
        required=False,
        queryset=Agency.objects.all(),
        help_text="Chỉ hiện các cơ quan bạn được quản lý danh mục thủ tục.",
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    competent = _agencies("Cơ quan có thẩm quyền")
    delegated = _agencies("Cơ quan được ủy quyền")
    cooperating = _agencies("Cơ quan phối hợp")
    steps = _text(
        "Trình tự thực hiện",
        rows=6,
        help_text="Mỗi dòng một bước. Bước chỉ áp dụng cho một trường hợp: ghi trường hợp trong ngoặc vuông "
        "ở đầu dòng, ví dụ “[Đăng ký lại] Bước 1: Nộp hồ sơ”.",
    )
    conditions = _text("Yêu cầu, điều kiện", rows=3)
    results = _text("Kết quả thực hiện", rows=3, help_text="Mỗi dòng một kết quả.")

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = _levels()
        # Offer only the agencies the user manages; any agency is accepted here so that the services, which
        # own the permission rule, refuse a forged choice with their message.
        implementing = self.fields["implementing"]
        implementing.widget.choices = [
            (agency.pk, implementing.label_from_instance(agency))
            for agency in agencies_in_scope(user, permission=Permission.MANAGE_CATALOG)
        ]
        if editing:
            # The code is the procedure's identity; a new code is a new procedure.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Mã thủ tục không sửa được."


class ChannelForm(MarksInvalid, forms.Form):
    KEY_FIELDS = ("channel", "processing_time", "fee", "fee_note")

    channel = forms.ChoiceField(
        label="Cách thức",
        required=False,
        choices=[("", "—"), *Channel.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    processing_time = forms.DecimalField(
        label="Thời hạn giải quyết",
        required=False,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    time_unit = forms.ChoiceField(
        label="Đơn vị",
        choices=TimeUnit.choices,
        initial=TimeUnit.WORKING_DAYS,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    fee = forms.IntegerField(
        label="Phí, lệ phí (đồng)",
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "step": 1}),
    )
    fee_note = forms.CharField(
        label="Mô tả phí, lệ phí", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def record(self) -> dict:
        data = self.cleaned_data
        record = {
            "channel": data["channel"],
            "processing_time": data["processing_time"],
            "time_unit": data["time_unit"],
            "fee": data["fee"] if data["fee"] is not None else 0,
            "fee_note": data["fee_note"],
        }
        return {key: value for key, value in record.items() if value is not None}


class DocumentForm(MarksInvalid, forms.Form):
    KEY_FIELDS = ("case", "name", "template")

    case = forms.CharField(
        label="Trường hợp",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "Mọi trường hợp"}),
    )
    name = forms.CharField(
        label="Tên giấy tờ", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    originals = forms.IntegerField(
        label="Bản chính",
        required=False,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0}),
    )
    copies = forms.IntegerField(
        label="Bản sao",
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0}),
    )
    template = forms.CharField(
        label="Mẫu đơn, tờ khai", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    # The template file the document already names (kept by a new version); the services check that it is a
    # stored template, so a forged value is refused.
    template_file = forms.CharField(required=False, widget=forms.HiddenInput)
    template_upload = forms.FileField(
        label="Tệp mẫu",
        required=False,
        help_text="PDF, Word, Excel hoặc ảnh.",
        widget=forms.FileInput(attrs={"class": "form-control form-control-sm"}),
    )
    remove_template = forms.BooleanField(
        label="Bỏ tệp mẫu", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def record(self) -> dict:
        data = self.cleaned_data
        record = {
            "case": data["case"],
            "name": data["name"],
            "originals": data["originals"],
            "copies": data["copies"],
            "template": data["template"],
            "template_file": "" if data.get("remove_template") else data.get("template_file") or "",
        }
        return {key: value for key, value in record.items() if value is not None}

    @property
    def template_url(self) -> str:
        """The download URL of the template file this row names (for the link beside the upload)."""
        from tthc.catalog.records import template_url

        name = self["template_file"].value() or ""
        return template_url(name) if name.startswith(TEMPLATE_DIR) else ""


class LegalBasisForm(MarksInvalid, forms.Form):
    KEY_FIELDS = ("number", "title", "issuer", "issued_on", "effective_on")

    number = forms.CharField(
        label="Số hiệu", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    title = forms.CharField(
        label="Trích yếu", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    issuer = forms.CharField(
        label="Cơ quan ban hành", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    issued_on = VietnameseDateField(label="Ngày ban hành", required=False)
    effective_on = VietnameseDateField(label="Ngày hiệu lực", required=False)

    def record(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.KEY_FIELDS}


def _formset(form, prefix_extra: int):
    return formset_factory(form, formset=RowFormSet, extra=prefix_extra, can_delete=True)


FORMSETS = {
    # prefix: (form class, rows to offer beyond the existing ones)
    "channels": (ChannelForm, 2),
    "documents": (DocumentForm, 3),
    "legal_bases": (LegalBasisForm, 2),
}

# Where a record field is edited on the screen: record field → form input.
FORM_INPUT_OF = {
    "code": "code",
    "name": "name",
    "kind": "kind",
    "fields": "procedure_fields",
    "levels": "levels",
    "subjects": "subjects",
    "steps": "steps",
    "results": "results",
    "conditions": "conditions",
    "online_level": "online_level",
}

ADD_LABELS = {"channels": "Thêm cách thức", "documents": "Thêm giấy tờ", "legal_bases": "Thêm văn bản"}
SECTION_LABELS = {
    "channels": "Cách thức thực hiện, thời hạn giải quyết, phí và lệ phí",
    "documents": "Thành phần hồ sơ",
    "legal_bases": "Căn cứ pháp lý",
}


class ProcedureEditor:
    """The edit screen's inputs (the main form and three row sets) and the record they make.

    ``record()`` returns the validated :class:`ProcedureRecord`, or ``None`` after attaching every problem to
    the input it is about; :meth:`attach_failure` does the same for an error raised by the services.
    """

    def __init__(
        self,
        data=None,
        files=None,
        *,
        user,
        record: ProcedureRecord | None = None,
        code: str | None = None,
    ):
        self.code = code
        self.related = list(record.related) if record else []
        self.errors: list[str] = []
        self.section_errors: dict[str, list[str]] = {prefix: [] for prefix in FORMSETS}
        self.refused = False  # the services refused the user's permission over the record's agencies
        self.form = ProcedureForm(
            data, user=user, editing=code is not None, initial=self._initial(record, code)
        )
        self.formsets = {}
        for prefix, (form_class, extra) in FORMSETS.items():
            rows = self._initial_rows(record, prefix)
            formset_class = _formset(form_class, extra if prefix != "channels" else max(1, 3 - len(rows)))
            self.formsets[prefix] = formset_class(data, files, initial=rows, prefix=prefix)
        self._rows: dict[str, list[forms.Form]] = {}
        # Uploaded form templates by the position of their document in the record (see record_data).
        self.templates: dict[int, object] = {}

    @property
    def channels(self):
        return self.formsets["channels"]

    @property
    def documents(self):
        return self.formsets["documents"]

    @property
    def legal_bases(self):
        return self.formsets["legal_bases"]

    @property
    def has_errors(self) -> bool:
        formsets = self.formsets.values()
        return bool(
            self.errors
            or any(self.section_errors.values())
            or (self.form.is_bound and self.form.errors)
            or any(fs.is_bound and (fs.non_form_errors() or any(fs.errors)) for fs in formsets)
        )

    def sections(self) -> list[dict]:
        """The row sections as the template lays them out."""
        return [
            {
                "formset": self.formsets[prefix],
                "title": SECTION_LABELS[prefix],
                "add_label": ADD_LABELS[prefix],
                "errors": self.section_errors[prefix],
            }
            for prefix in FORMSETS
        ]

    # Prefill ------------------------------------------------------------------------------------------------

    @staticmethod
    def _initial(record: ProcedureRecord | None, code: str | None) -> dict:
        if record is None:
            return {"code": code} if code else {}
        agency_names = {
            part: list(getattr(record.agencies, part))
            for part in ("implementing", "competent", "delegated", "cooperating")
        }
        every = {name for names in agency_names.values() for name in names}
        by_key = {}
        for agency in Agency.objects.filter(Q(code__in=every) | Q(name__in=every)):
            by_key[agency.code] = agency
            by_key.setdefault(agency.name, agency)
        return {
            "code": record.code,
            "name": record.name,
            "kind": record.kind,
            "procedure_fields": list(Field.objects.filter(code__in=[f.code for f in record.fields])),
            "levels": list(record.levels),
            "subjects": list(record.subjects),
            "online_level": record.online_level,
            **record.flags.model_dump(),
            **{part: [by_key[n] for n in names if n in by_key] for part, names in agency_names.items()},
            "steps": steps_to_text(record.steps),
            "conditions": record.conditions,
            "results": "\n".join(record.results),
        }

    @staticmethod
    def _initial_rows(record: ProcedureRecord | None, prefix: str) -> list[dict]:
        if record is None:
            return []
        rows = [item.model_dump() for item in getattr(record, prefix)]
        if prefix == "channels":
            for row in rows:
                row["processing_time"] = Decimal(row["processing_time"]).normalize()
        return rows

    # Validation ---------------------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        # Every part is validated so that every problem is shown at once.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets.values())]
        return all(results)

    def _kept_rows(self, prefix: str) -> list[forms.Form]:
        """The rows that make record items: a prefilled row unless deleted or emptied, a typed-in new one."""
        formset = self.formsets[prefix]
        kept = []
        for index, form in enumerate(formset.forms):
            if form.cleaned_data.get("DELETE"):
                continue
            if index < formset.initial_form_count():
                if any(form.cleaned_data.get(name) not in (None, "") for name in form.KEY_FIELDS):
                    kept.append(form)
            elif form.has_changed():
                kept.append(form)
        return kept

    def record_data(self) -> dict:
        data = self.form.cleaned_data
        for prefix in FORMSETS:
            self._rows[prefix] = self._kept_rows(prefix)
        self.templates = {
            index: form.cleaned_data["template_upload"]
            for index, form in enumerate(self._rows["documents"])
            if form.cleaned_data.get("template_upload") and not form.cleaned_data.get("remove_template")
        }
        return {
            "code": self.code or data["code"],
            "name": data["name"],
            "kind": data["kind"],
            "levels": data["levels"],
            "fields": [{"code": f.code, "name": f.name} for f in data["procedure_fields"]],
            "steps": steps_from_text(data["steps"]),
            "channels": [form.record() for form in self._rows["channels"]],
            "documents": [form.record() for form in self._rows["documents"]],
            "subjects": data["subjects"],
            "agencies": {
                part: [agency.code for agency in data[part]]
                for part in ("implementing", "competent", "delegated", "cooperating")
            },
            "results": lines(data["results"]),
            "conditions": data["conditions"],
            "legal_bases": [form.record() for form in self._rows["legal_bases"]],
            "related": self.related,
            "online_level": data["online_level"],
            "flags": {name: data[name] for name in ("on_the_spot", "boundary_free", "interagency", "postal")},
        }

    def record(self) -> ProcedureRecord | None:
        """The record the inputs describe, or ``None`` (problems attached) when they make no valid one."""
        if not self.is_valid():
            return None
        try:
            return ProcedureRecord.model_validate(self.record_data())
        except PydanticValidationError as exc:
            for error in exc.errors():
                self.attach(tuple(error["loc"]), vietnamese_message(error))
            return None

    # Putting problems where they belong ---------------------------------------------------------------------

    def attach(self, loc: tuple, message: str) -> None:
        """Show ``message`` beside the input named by record location ``loc`` (``("channels", 0, "fee")``)."""
        head = loc[0] if loc else None
        if head in FORM_INPUT_OF:
            if head in ("steps", "results") and len(loc) > 1 and isinstance(loc[1], int):
                item = "Bước" if head == "steps" else "Kết quả"
                message = f"{item} thứ {loc[1] + 1}: {message}"
            self.form.add_error(FORM_INPUT_OF[head], message)
        elif head == "agencies":
            part = loc[1] if len(loc) > 1 and loc[1] in self.form.fields else "implementing"
            self.form.add_error(part, message)
        elif head == "flags" and len(loc) > 1 and loc[1] in self.form.fields:
            self.form.add_error(loc[1], message)
        elif head in FORMSETS:
            rows = self._rows.get(head, [])
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
            field = loc[2] if len(loc) > 2 else None
            if field == "template_file" and index is not None and index < len(rows):
                field = "template_upload"
            if index is not None and index < len(rows) and field in rows[index].fields:
                rows[index].add_error(field, message)
            elif index is not None and index < len(rows):
                rows[index].add_error(None, message)
            else:
                self.section_errors[head].append(message)
        else:
            self.errors.append(message)

    def attach_failure(self, error: DomainError) -> None:
        """Show an error raised by the services: each detail next to its input, or the message at the top."""
        attached = False
        for detail in error.details or []:
            field = detail.get("field") if isinstance(detail, dict) else None
            if not field:
                continue
            self.attach(_location(str(field)), sentence(detail.get("message") or error.message))
            attached = True
        if not attached:
            self.errors.append(error.message)


def _location(field: str) -> tuple:
    """``"channels[0].fee"`` / ``"channels.0.fee"`` → ``("channels", 0, "fee")``."""
    parts = [p for p in re.split(r"[.\[\]]+", field) if p]
    return tuple(int(p) if p.isdigit() else p for p in parts)


def sentence(message: str) -> str:
    """A message of the record's wording ("không được để trống") as a sentence beside an input."""
    message = message.strip()
    if not message:
        return message
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


def vietnamese_message(error: dict) -> str:
    """A pydantic error in the record's Vietnamese wording (shared with import and the API)."""
    return sentence(error_message(error))


# --- Publishing -------------------------------------------------------------------------------------------


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PublicationDecision) -> str:
        return (
            f"{obj.number} — ký {obj.signed_on.strftime(DATE_FORMAT)}, "
            f"hiệu lực {obj.effective_on.strftime(DATE_FORMAT)}"
        )


class PublishForm(MarksInvalid, forms.Form):
    """Publish a draft with an existing decision, or with a new one typed in the same form."""

    decision = DecisionChoiceField(
        label="Quyết định công bố đã có",
        required=False,
        queryset=PublicationDecision.objects.all(),
        empty_label="— Nhập quyết định mới bên dưới —",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number = forms.CharField(
        label="Số quyết định",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signed_on = VietnameseDateField(label="Ngày ký", required=False)
    signer = forms.CharField(
        label="Người ký",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    effective_on = VietnameseDateField(label="Ngày có hiệu lực", required=False)
    summary = forms.CharField(
        label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    change_kind = forms.ChoiceField(
        label="Hình thức công bố",
        choices=ChangeKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    NEW_DECISION_FIELDS = ("number", "signed_on", "signer", "effective_on")

    def __init__(self, *args, may_create_decision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_create_decision = may_create_decision
        if not may_create_decision:
            # Only the province-wide control office records decisions; others publish under a recorded one.
            for name in (*self.NEW_DECISION_FIELDS, "summary"):
                del self.fields[name]
            self.fields["decision"].required = True
            self.fields["decision"].empty_label = None
            self.fields["decision"].error_messages["required"] = "Hãy chọn quyết định công bố."

    def clean(self):
        data = super().clean()
        if not self.may_create_decision:
            return data
        typed = [name for name in (*self.NEW_DECISION_FIELDS, "summary") if data.get(name)]
        if data.get("decision"):
            if typed:
                raise forms.ValidationError(
                    "Hãy chọn một quyết định đã có hoặc nhập quyết định mới, không làm cả hai."
                )
            return data
        for name in self.NEW_DECISION_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Bắt buộc nhập khi tạo quyết định mới.")
        number = data.get("number")
        if number and PublicationDecision.objects.filter(number=number).exists():
            self.add_error("number", f"Quyết định số {number} đã có; hãy chọn nó trong danh sách ở trên.")
        return data

    def new_decision(self) -> dict | None:
        """The new decision's fields (for ``services.create_decision``), or ``None`` when one was chosen."""
        if self.cleaned_data.get("decision"):
            return None
        return {name: self.cleaned_data[name] for name in (*self.NEW_DECISION_FIELDS, "summary")}


# --- Importing --------------------------------------------------------------------------------------------


class ImportForm(MarksInvalid, forms.Form):
    """A JSON file of procedure records to import (checked by the services, all or nothing)."""

    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label="Tệp JSON",
        help_text='Mảng bản ghi thủ tục, hoặc {"procedures": [...]} — như tệp xuất ra từ danh mục; mã hóa '
        "UTF-8, tối đa 20 MB.",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 20 MB).")
        return upload
