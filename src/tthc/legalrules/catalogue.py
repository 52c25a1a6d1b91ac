"""The rules tthc knows, with their meaning and the value the law sets by default.

A key missing here cannot be stored; a key stored in the database overrides the default from its date on.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleDefinition:
    key: str
    description: str
    default: object
    legal_basis: str
    kind: type


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
            "calendar.default_working_periods",
            "Giờ làm việc mặc định (các khoảng giờ trong ngày)",
            [["07:00", "11:30"], ["13:30", "17:00"]],
            "Quy định của UBND tỉnh",
            list,
        ),
    ]
}
