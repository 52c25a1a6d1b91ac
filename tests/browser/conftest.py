"""Data for the browser tests: the test province with a few real-looking procedures, imported the way a
province loads its catalog (``services.import_records``).

Browser tests run against the live server, so they use ``transactional_db`` (through ``live_url``); the
``province`` fixture asks for ``db``, which then becomes transactional too.
"""

import datetime

import pytest

from tthc.catalog.services import import_records
from tthc.core.timezone import VIETNAM

IMPORTED_AT = datetime.datetime(2025, 6, 20, 9, 0, tzinfo=VIETNAM)
DECISION = {
    "number": "1520/QĐ-UBND",
    "signed_on": "2025-06-10",
    "signer": "Nguyễn Văn Hùng",
    "effective_on": "2025-07-01",
    "change_kind": "new",
}
COMMUNE_A = "000.10.30.H99"
JUSTICE = "000.00.10.H99"
CONSTRUCTION = "000.00.11.H99"

KHAI_SINH = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "kind": "Thủ tục hành chính",
    "decision": DECISION,
    "levels": ["commune"],
    "fields": [{"code": "ho-tich", "name": "Hộ tịch"}],
    "steps": [
        {"text": "Bước 1: Người có yêu cầu nộp hồ sơ tại Bộ phận Một cửa của UBND cấp xã."},
        {"text": "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ và ghi vào Sổ đăng ký khai sinh."},
    ],
    "channels": [
        {
            "channel": "in_person",
            "processing_time": "1",
            "time_unit": "working_days",
            "fee": 0,
            "fee_note": "Miễn lệ phí khi đăng ký khai sinh đúng hạn",
        },
        {"channel": "online", "processing_time": "1", "time_unit": "working_days", "fee": 0},
    ],
    "documents": [
        {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "template": "Mẫu tờ khai"},
        {"name": "Giấy chứng sinh", "originals": 1, "copies": 0},
    ],
    "subjects": ["citizen"],
    "agencies": {"implementing": [COMMUNE_A]},
    "results": ["Giấy khai sinh bản chính"],
    "legal_bases": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issuer": "Quốc hội"}],
    "online_level": "fully",
}

KET_HON = {
    **KHAI_SINH,
    "code": "1.000894",
    "name": "Đăng ký kết hôn",
    "documents": [{"name": "Tờ khai đăng ký kết hôn", "originals": 1, "copies": 0}],
    "results": ["Giấy chứng nhận kết hôn"],
}

LY_LICH = {
    "code": "2.000488",
    "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
    "kind": "Thủ tục hành chính",
    "decision": DECISION,
    "levels": ["province"],
    "fields": [{"code": "ly-lich-tu-phap", "name": "Lý lịch tư pháp"}],
    "steps": [{"text": "Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến."}],
    "channels": [
        {
            "channel": "in_person",
            "processing_time": "10",
            "time_unit": "working_days",
            "fee": 200000,
            "fee_note": "Phí cung cấp thông tin lý lịch tư pháp",
        }
    ],
    "documents": [{"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "originals": 1, "copies": 0}],
    "subjects": ["citizen"],
    "agencies": {"implementing": [JUSTICE]},
    "results": ["Phiếu lý lịch tư pháp"],
    "online_level": "partly",
}

GIAY_PHEP_XAY_DUNG = {
    **LY_LICH,
    "code": "1.009972",
    "name": "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
    "fields": [{"code": "xay-dung", "name": "Hoạt động xây dựng"}],
    "documents": [{"name": "Đơn đề nghị cấp giấy phép xây dựng", "originals": 1, "copies": 0}],
    "agencies": {"implementing": [CONSTRUCTION]},
    "results": ["Giấy phép xây dựng"],
}


@pytest.fixture
def catalog(live_url, province):
    """The province and four procedures in force since 01/07/2025, committed for the live server."""
    import_records(records=[KHAI_SINH, KET_HON, LY_LICH, GIAY_PHEP_XAY_DUNG], now=IMPORTED_AT)
    return province
