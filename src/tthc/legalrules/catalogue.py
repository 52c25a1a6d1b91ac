"""The rules tthc knows, with their meaning and the value the law sets by default.

A key missing here cannot be stored; a key stored in the database overrides the default from its date on.
A value is checked against its definition (:func:`check_value`) before it is stored, so a value the logic
cannot use (``"foo"`` as a supplement mode, ``"3pm"`` as a cut-off) is refused at the admin screen, not met
later as a server error.
"""

import datetime
import re
from dataclasses import dataclass

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class InvalidRuleValue(ValueError):
    """A value its rule cannot take; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RuleDefinition:
    key: str
    description: str
    default: object
    legal_basis: str
    kind: type
    choices: tuple = ()  # the only values allowed, when the rule is a choice
    minimum: int | None = None  # for numbers
    clock: bool = False  # a time of day written "HH:MM"


def check_value(key: str, value: object) -> object:
    """``value`` if rule ``key`` may take it, else :class:`InvalidRuleValue` naming the rule's format."""
    definition = DEFINITIONS.get(key)
    if definition is None:
        raise InvalidRuleValue(f"Không có quy định «{key}».")
    kind = definition.kind
    # JSON has no separate boolean for numbers: true is not 1 here.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {int: "số nguyên", str: "chuỗi ký tự", list: "danh sách"}
        raise InvalidRuleValue(f"Giá trị của quy định này phải là {names.get(kind, kind.__name__)}.")
    if definition.choices and value not in definition.choices:
        allowed = ", ".join(f"«{c}»" for c in definition.choices)
        raise InvalidRuleValue(f"Giá trị «{value}» không hợp lệ; chỉ được chọn: {allowed}.")
    if definition.minimum is not None and value < definition.minimum:
        raise InvalidRuleValue(f"Giá trị của quy định này không được nhỏ hơn {definition.minimum}.")
    if definition.clock and not _CLOCK.match(value):
        raise InvalidRuleValue(f"Giờ «{value}» không hợp lệ; viết theo dạng HH:MM, ví dụ 15:00.")
    return value


EPOCH = datetime.date(2000, 1, 1)

DEFINITIONS: dict[str, RuleDefinition] = {
    d.key: d
    for d in [
        RuleDefinition(
            "catalog.decision_min_days_before_effect",
            "Quyết định công bố TTHC phải ban hành trước ngày văn bản có hiệu lực ít nhất (ngày)",
            5,
            "Nghị định 63/2010/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP",
            int,
        ),
        RuleDefinition(
            "catalog.national_upload_working_days",
            "Thời hạn cập nhật TTHC lên Cơ sở dữ liệu quốc gia sau khi ký quyết định công bố (ngày làm việc)",
            5,
            "Nghị định 63/2010/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP",
            int,
        ),
        RuleDefinition(
            "dossier.supplement_mode",
            "Khi nhận đủ hồ sơ bổ sung: «restart» tính lại thời hạn, «continue» tính tiếp thời gian còn lại",
            "restart",
            "Nghị định 61/2018/NĐ-CP (thời gian giải quyết được tính lại từ đầu)",
            str,
            choices=("restart", "continue"),
        ),
        RuleDefinition(
            "dossier.forwarding_cutoff",
            "Hồ sơ tiếp nhận sau giờ này được chuyển cơ quan giải quyết vào đầu ngày làm việc tiếp theo",
            "15:00",
            "Nghị định 61/2018/NĐ-CP",
            str,
            clock=True,
        ),
        RuleDefinition(
            "dossier.supplement_request_working_days",
            "Thời hạn cơ quan giải quyết yêu cầu bổ sung hồ sơ, kể từ ngày tiếp nhận (ngày làm việc)",
            3,
            "Nghị định 61/2018/NĐ-CP",
            int,
            minimum=0,
        ),
        RuleDefinition(
            "dossier.max_supplement_requests",
            "Số lần cơ quan giải quyết được yêu cầu bổ sung, hoàn thiện một hồ sơ (một lần, đầy đủ)",
            1,
            "Nghị định 61/2018/NĐ-CP (hướng dẫn một lần, đầy đủ)",
            int,
            minimum=0,
        ),
        RuleDefinition(
            "dossier.apology_min_working_days_before_due",
            "Phiếu xin lỗi và hẹn lại ngày trả phải gửi trước hạn trả ít nhất (ngày làm việc)",
            1,
            "Nghị định 61/2018/NĐ-CP",
            int,
            minimum=0,
        ),
        RuleDefinition(
            "dossier.apology_proposal_margin_working_hours",
            "Đề nghị gửi phiếu xin lỗi cho hồ sơ sẽ trễ hạn khi thời gian còn lại không quá thời hạn "
            "tối thiểu để xin lỗi cộng thêm (giờ làm việc)",
            8,
            "Quy định của UBND tỉnh",
            int,
            minimum=1,
        ),
        RuleDefinition(
            "dossier.max_reschedules",
            "Số lần được hẹn lại ngày trả kết quả",
            1,
            "Nghị định 61/2018/NĐ-CP",
            int,
            minimum=0,
        ),
        RuleDefinition(
            "dossier.warning_working_hours",
            "Cảnh báo người xử lý và bộ phận một cửa trước hạn trả (giờ làm việc)",
            8,
            "Quy định của UBND tỉnh",
            int,
            minimum=0,
        ),
        RuleDefinition(
            "dossier.consultation_working_days",
            "Thời hạn cơ quan được hỏi ý kiến trả lời (ngày làm việc)",
            3,
            "Quy định của UBND tỉnh về quy trình liên thông",
            int,
            minimum=1,
        ),
        RuleDefinition(
            "plans.reminder_days_before",
            "Nhắc cơ quan chủ trì trước hạn nhiệm vụ kế hoạch (ngày)",
            7,
            "Kế hoạch kiểm soát TTHC hằng năm của UBND tỉnh",
            int,
        ),
        RuleDefinition(
            "calendar.default_working_periods",
            "Giờ làm việc mặc định (các khoảng giờ trong ngày)",
            [["07:00", "11:30"], ["13:30", "17:00"]],
            "Quy định của UBND tỉnh",
            list,
        ),
        RuleDefinition(
            "feedback.forward_working_days",
            "Thời hạn phân loại, chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền kể từ khi tiếp nhận "
            "(ngày làm việc)",
            5,
            "Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP (phân loại, chuyển xử lý)",
            int,
        ),
        RuleDefinition(
            "feedback.answer_working_days",
            "Thời hạn trả lời phản ánh, kiến nghị kể từ khi cơ quan có thẩm quyền nhận (ngày làm việc)",
            10,
            "Nghị định 20/2008/NĐ-CP; thời hạn cụ thể do UBND tỉnh quy định (giá trị mặc định cần đối chiếu)",
            int,
        ),
        RuleDefinition(
            "feedback.reminder_working_days",
            "Nhắc hạn phản ánh, kiến nghị trước hạn bao nhiêu ngày làm việc",
            1,
            "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của UBND tỉnh",
            int,
        ),
        RuleDefinition(
            "feedback.reopen_working_days",
            "Người gửi chưa hài lòng được đề nghị xem xét lại trong bao nhiêu ngày làm việc kể từ khi nhận "
            "trả lời",
            10,
            "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của UBND tỉnh (giá trị mặc định cần đối chiếu)",
            int,
        ),
    ]
}
