"""The procedure record: the national database's JSON shape, as tthc imports, exports and edits it.

One record is one procedure's content. Import (``tthc catalog import``), export, the staff edit form and the
API all speak this shape, so there is one validation for all of them. Field names follow the national
database's record fields (RULES.md §2); values that are choices use tthc's identifiers.

Agencies are named by their unit identifier code (``Agency.code``) or by their exact name.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.urls import reverse
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_serializer,
    field_validator,
    model_validator,
)

from tthc.core import validation
from tthc.core.validation import field_path  # noqa: F401  (re-exported for callers)

ChannelCode = Literal["in_person", "online", "postal"]
TimeUnitCode = Literal["working_days", "working_hours", "calendar_days"]
# A level is named by its code (``AdministrativeLevel.code``: ministry, province, commune, and district until
# 1 Jul 2025); which levels exist, and on which dates, is data checked by the services.
LevelCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,19}$", max_length=20)]
SubjectCode = Literal["citizen", "foreigner", "organisation", "business", "other"]
OnlineLevelCode = Literal["none", "partly", "fully"]
ChangeKindCode = Literal["new", "amended", "replaced", "abolished"]

CODE_PATTERN = r"^\d\.\d{6}(\.[A-Z0-9]{1,10})*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldRef(Strict):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=255)


class StepRecord(Strict):
    case: str = Field(default="", max_length=255)
    text: str = Field(min_length=1)


class ChannelRecord(Strict):
    channel: ChannelCode
    processing_time: Decimal = Field(gt=0, max_digits=7, decimal_places=2)
    time_unit: TimeUnitCode
    fee: int = Field(default=0, ge=0, description="Phí, lệ phí, số nguyên đồng")
    fee_note: str = ""

    @field_validator("processing_time")
    @classmethod
    def canonical_amount(cls, amount: Decimal) -> Decimal:
        # 15, 15.0 and "15.00" are the same time limit: one form, so comparing records finds no false change.
        return Decimal(format(amount.normalize(), "f"))

    @field_serializer("processing_time")
    def amount_as_number(self, amount: Decimal) -> int | float:
        # At most two decimal places, so the float's shortest representation is the exact decimal.
        return int(amount) if amount == amount.to_integral_value() else float(amount)


# Where form template files of required documents are stored (``RequiredDocument.template_file``).
TEMPLATE_DIR = "catalog/templates/"


def template_url(stored_name: str) -> str:
    """The public download URL of a stored form template (``""`` for none)."""
    if not stored_name:
        return ""
    return reverse("portal:template-file", args=[stored_name.removeprefix(TEMPLATE_DIR)])


class DocumentRecord(Strict):
    case: str = Field(default="", max_length=255)
    name: str = Field(min_length=1)
    originals: int = Field(default=1, ge=0, le=100)
    copies: int = Field(default=0, ge=0, le=100)
    template: str = Field(default="", max_length=255, description="Tên mẫu đơn, tờ khai")
    template_file: str = Field(
        default="",
        max_length=255,
        description="Tệp mẫu đã lưu trong hệ thống (catalog/templates/…); tải lên ở màn hình sửa thủ tục",
    )

    @field_validator("template_file")
    @classmethod
    def stored_template(cls, name: str) -> str:
        if name and (not name.startswith(TEMPLATE_DIR) or ".." in name.split("/") or "\\" in name):
            raise ValueError(f"tệp mẫu phải là một tệp đã lưu trong thư mục {TEMPLATE_DIR}")
        return name

    @model_validator(mode="before")
    @classmethod
    def derived_url_is_not_input(cls, data):
        # An exported record carries template_url, derived from template_file: re-importing ignores it.
        if isinstance(data, dict) and "template_url" in data:
            data = {key: value for key, value in data.items() if key != "template_url"}
        return data

    @computed_field(description="Địa chỉ tải tệp mẫu (công khai)")
    @property
    def template_url(self) -> str:
        return template_url(self.template_file)


class AgenciesRecord(Strict):
    implementing: list[str] = Field(min_length=1)
    competent: list[str] = Field(default_factory=list)
    delegated: list[str] = Field(default_factory=list)
    cooperating: list[str] = Field(default_factory=list)


class LegalBasisRecord(Strict):
    number: str = Field(min_length=1, max_length=100)
    title: str = ""
    issuer: str = ""
    issued_on: datetime.date | None = None
    effective_on: datetime.date | None = None


class DecisionRecord(Strict):
    number: str = Field(min_length=1, max_length=100)
    signed_on: datetime.date
    signer: str = Field(min_length=1, max_length=200)
    effective_on: datetime.date
    change_kind: ChangeKindCode = "new"


class Flags(Strict):
    on_the_spot: bool = False
    boundary_free: bool = False
    interagency: bool = False
    postal: bool = False


class ProcedureRecord(Strict):
    code: str = Field(pattern=CODE_PATTERN, max_length=40)
    name: str = Field(min_length=1, max_length=2000)
    kind: str = ""
    status: Literal["active", "abolished"] = "active"
    decision: DecisionRecord | None = None
    levels: list[LevelCode] = Field(min_length=1)
    fields: list[FieldRef] = Field(min_length=1)
    steps: list[StepRecord] = Field(default_factory=list)
    channels: list[ChannelRecord] = Field(min_length=1)
    documents: list[DocumentRecord] = Field(default_factory=list)
    subjects: list[SubjectCode] = Field(default_factory=list)
    agencies: AgenciesRecord
    results: list[str] = Field(default_factory=list)
    conditions: str = ""
    legal_bases: list[LegalBasisRecord] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    online_level: OnlineLevelCode = "none"
    flags: Flags = Field(default_factory=Flags)

    @field_validator("channels")
    @classmethod
    def one_entry_per_channel(cls, channels: list[ChannelRecord]) -> list[ChannelRecord]:
        seen = [c.channel for c in channels]
        if len(seen) != len(set(seen)):
            raise ValueError("mỗi cách thức thực hiện chỉ được khai báo một lần")
        return channels

    def content(self) -> dict:
        """The record without its publication data: what decides whether a new version is needed."""
        return self.model_dump(mode="json", exclude={"decision"})


FIELD_MESSAGES = {
    (
        "code",
        "string_pattern_mismatch",
    ): "mã TTHC phải có dạng 1.001193 (hoặc mã địa phương như 1.000948.H38)",
}


def problems(errors: list[dict], *, record: str, prefix: tuple = ()) -> list[dict]:
    """Problems of a procedure record, with the record's own clearer messages where it has them."""
    return validation.problems(errors, record=record, prefix=prefix, special_messages=FIELD_MESSAGES)


def error_message(error: dict) -> str:
    """The Vietnamese message for one error of a procedure record."""
    return validation.error_message(error, special_messages=FIELD_MESSAGES)
