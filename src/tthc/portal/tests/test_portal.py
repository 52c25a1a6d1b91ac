"""The public portal: searching procedures in force, and the printable sheet of one procedure."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tthc.catalog import services
from tthc.catalog.records import ProcedureRecord
from tthc.core.timezone import VIETNAM

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM)


def record(code: str, name: str, *, agency: str = "000.00.10.H99", field=("HT", "Hộ tịch"), **extra) -> dict:
    """A valid procedure record in the national shape; ``extra`` overrides any key."""
    data = {
        "code": code,
        "name": name,
        "levels": ["province"],
        "fields": [{"code": field[0], "name": field[1]}],
        "channels": [
            {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 50000},
            {"channel": "online", "processing_time": 5, "time_unit": "working_days", "fee": 25000},
        ],
        "agencies": {"implementing": [agency]},
        "steps": [
            {"text": "Bước 1: Nộp hồ sơ tại Bộ phận Một cửa"},
            {"case": "Đăng ký lại", "text": "Nộp bản sao"},
        ],
        "documents": [
            {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "template": "Mẫu TK-01"},
            {"case": "Trẻ sinh ra ở nước ngoài", "name": "Giấy chứng sinh", "originals": 0, "copies": 1},
        ],
        "results": ["Giấy khai sinh"],
        "conditions": "Không có",
        "subjects": ["citizen"],
        "legal_bases": [
            {
                "number": "60/2014/QH13",
                "title": "Luật Hộ tịch",
                "issued_on": "2014-11-20",
                "effective_on": "2016-01-01",
            }
        ],
        "online_level": "fully",
        "flags": {"boundary_free": True},
    }
    data.update(extra)
    return data


def load(*records: dict) -> None:
    services.import_records(records=list(records), now=NOW)


def assert_no_inline_script(html: str) -> None:
    # The content security policy allows scripts from our own files only.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag


@pytest.fixture
def catalog(province):
    load(
        record("1.001193", "Đăng ký khai sinh"),
        record(
            "1.000894",
            "Cấp giấy phép xây dựng",
            agency="000.00.11.H99",
            field=("XD", "Hoạt động xây dựng"),
            online_level="partly",
            levels=["commune"],
        ),
    )
    return province


@pytest.mark.public_endpoint("portal:home")
def test_home_offers_the_search_box_and_the_fields(client, catalog):
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thủ tục" in html
    assert "Hoạt động xây dựng" in html and "Hộ tịch" in html
    assert_no_inline_script(html)


@pytest.mark.public_endpoint("portal:procedure-list")
@pytest.mark.parametrize(
    "query", ["khai sinh", "KHAI SINH", "dang ky khai sinh", "Đăng ký khai sinh", "1.001193"]
)
def test_search_ignores_case_and_diacritics(client, catalog, query):
    response = client.get(reverse("portal:procedure-list"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html
    assert "Cấp giấy phép xây dựng" not in html
    assert "Tìm thấy <strong>1</strong> thủ tục" in html


def test_list_rows_show_code_field_level_agency_time_limit_fee_and_online_level(client, catalog):
    html = client.get(reverse("portal:procedure-list")).content.decode()
    assert "Tìm thấy <strong>2</strong> thủ tục" in html
    row = html[html.index("1.001193") :]
    row = row[: row.index("</tr>")]
    for text in ("Đăng ký khai sinh", "Hộ tịch", "Cấp tỉnh", "Sở Tư pháp", "5 ngày làm việc", "Toàn trình"):
        assert text in row
    assert "50.000 đồng / 25.000 đồng" in row
    assert reverse("portal:procedure-detail", args=["1.001193"]) in row


@pytest.mark.parametrize(
    ("params", "found", "hidden"),
    [
        ({"field": "XD"}, "Cấp giấy phép xây dựng", "Đăng ký khai sinh"),
        ({"level": "province"}, "Đăng ký khai sinh", "Cấp giấy phép xây dựng"),
        ({"online_level": "partly"}, "Cấp giấy phép xây dựng", "Đăng ký khai sinh"),
    ],
)
def test_filters_narrow_the_list(client, catalog, params, found, hidden):
    html = client.get(reverse("portal:procedure-list"), params).content.decode()
    assert found in html and hidden not in html


def test_agency_filter_narrows_the_list(client, catalog):
    html = client.get(reverse("portal:procedure-list"), {"agency": catalog.construction.pk}).content.decode()
    assert "Cấp giấy phép xây dựng" in html and "Đăng ký khai sinh" not in html


def test_an_invalid_filter_value_is_shown_in_vietnamese_and_left_out_of_the_search(client, catalog):
    response = client.get(reverse("portal:procedure-list"), {"agency": "abc", "level": "xyz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tìm thấy <strong>2</strong> thủ tục" in html
    problems = html[html.index('id="filter-problems"') :].split("</div>")[0]
    assert "Cấp thực hiện: Giá trị «xyz» không có trong danh sách; bộ lọc này không được áp dụng." in problems
    assert "Cơ quan thực hiện: Giá trị «abc» không có trong danh sách" in problems
    assert 'class="form-select is-invalid"' in html
    live = client.get(reverse("portal:procedure-list"), {"level": "xyz"}, headers={"HX-Request": "true"})
    assert "«xyz» không có trong danh sách" in live.content.decode()
    assert (
        'id="filter-problems"'
        not in client.get(reverse("portal:procedure-list"), {"level": "commune"}).content.decode()
    )


def test_list_pages_by_25_and_keeps_the_search_in_page_links(client, province):
    load(*(record(f"1.{n:06d}", f"Thủ tục khai sinh số {n}") for n in range(1, 31)))
    first = client.get(reverse("portal:procedure-list"), {"q": "khai sinh"}).content.decode()
    assert "Tìm thấy <strong>30</strong> thủ tục" in first
    assert first.count('href="/thu-tuc/1.') == 25
    assert "?q=khai+sinh&amp;page=2" in first
    second = client.get(reverse("portal:procedure-list"), {"q": "khai sinh", "page": 2}).content.decode()
    assert second.count('href="/thu-tuc/1.') == 5


@pytest.mark.parametrize(("page", "shown"), [("9", 5), ("abc", 25)])
def test_a_page_out_of_range_shows_the_last_and_a_page_not_a_number_the_first(client, province, page, shown):
    load(*(record(f"1.{n:06d}", f"Thủ tục khai sinh số {n}") for n in range(1, 31)))
    html = client.get(reverse("portal:procedure-list"), {"q": "khai sinh", "page": page}).content.decode()
    assert "Tìm thấy <strong>30</strong> thủ tục" in html
    assert html.count('href="/thu-tuc/1.') == shown


def test_the_list_names_an_agency_as_it_is_named_now(client, catalog):
    catalog.justice.name = "Sở Tư pháp và Hộ tịch"
    catalog.justice.save()
    html = client.get(reverse("portal:procedure-list"), {"q": "so tu phap va ho tich"}).content.decode()
    row = html[html.index("1.001193") :]
    assert "Sở Tư pháp và Hộ tịch" in row[: row.index("</tr>")]


def test_live_search_returns_only_the_results_fragment(client, catalog):
    response = client.get(reverse("portal:procedure-list"), {"q": "xay dung"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert "navbar" not in html and "<html" not in html
    assert "Cấp giấy phép xây dựng" in html
    assert "HX-Request" in response.headers["Vary"]


def test_search_form_works_without_javascript_and_drives_htmx(client, catalog):
    html = client.get(reverse("portal:procedure-list")).content.decode()
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", html).group(0)
    assert 'method="get"' in form and 'action="/thu-tuc/"' in form
    assert 'hx-get="/thu-tuc/"' in form and "delay:" in form and 'hx-target="#results"' in form
    assert '<label class="form-label fw-semibold" for="id_q">Tìm thủ tục</label>' in html


def test_list_query_count_does_not_grow_with_rows(client, province, django_assert_max_num_queries):
    load(*(record(f"1.{n:06d}", f"Thủ tục {n}") for n in range(1, 4)))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:procedure-list"))
    load(*(record(f"1.{n:06d}", f"Thủ tục {n}") for n in range(4, 26)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("portal:procedure-list")).content.decode()
    assert "Tìm thấy <strong>25</strong> thủ tục" in html


def test_drafts_never_appear_on_the_portal(client, catalog):
    draft = ProcedureRecord.model_validate(record("1.002000", "Thủ tục còn dự thảo"))
    services.save_draft(record=draft, user=catalog.users.control_justice, now=NOW)
    assert "Thủ tục còn dự thảo" not in client.get(reverse("portal:procedure-list")).content.decode()
    response = client.get(reverse("portal:procedure-detail", args=["1.002000"]))
    assert response.status_code == 404


@pytest.mark.public_endpoint("portal:procedure-detail")
def test_detail_is_the_printable_sheet_of_the_version_in_force(client, catalog):
    response = client.get(reverse("portal:procedure-detail", args=["1.001193"]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Cấp tỉnh",
        "Sở Tư pháp",
        "Bước 1: Nộp hồ sơ tại Bộ phận Một cửa",
        "Trường hợp: Đăng ký lại",
        "Trực tiếp",
        "Trực tuyến",
        "5 ngày làm việc",
        "50.000 đồng",
        "25.000 đồng",
        "Tờ khai đăng ký khai sinh",
        "Mẫu TK-01",
        "Trường hợp: Trẻ sinh ra ở nước ngoài",
        "Giấy khai sinh",
        "Luật Hộ tịch",
        "20/11/2014",
        "01/01/2016",
        "Công dân Việt Nam",
        "Dịch vụ công trực tuyến toàn trình",
        "Không phụ thuộc địa giới hành chính",
        "01/09/2025",
    ):
        assert text in html, text
    assert '<button type="button" class="btn btn-outline-primary" data-print>In</button>' in html
    assert "/static/tthc/print.js" in html
    assert_no_inline_script(html)


def test_detail_names_the_publication_decision(client, province):
    decision = {
        "number": "12/QĐ-UBND",
        "signed_on": "2025-08-01",
        "signer": "Nguyễn Văn A",
        "effective_on": "2025-08-20",
    }
    load(record("1.001193", "Đăng ký khai sinh", decision=decision))
    html = client.get(reverse("portal:procedure-detail", args=["1.001193"])).content.decode()
    assert "Quyết định số 12/QĐ-UBND ngày 01/08/2025" in html


def test_unknown_code_gives_a_vietnamese_404(client, catalog):
    response = client.get(reverse("portal:procedure-detail", args=["9.999999"]))
    assert response.status_code == 404
    assert "Không có thủ tục hành chính mã 9.999999" in response.content.decode()


def test_abolished_procedure_gives_a_404_saying_so(client, catalog):
    load(
        record(
            "1.001193",
            "Đăng ký khai sinh",
            status="abolished",
            decision={
                "number": "99/QĐ-UBND",
                "signed_on": "2025-09-10",
                "signer": "B",
                "effective_on": "2025-09-20",
            },
        )
    )
    response = client.get(reverse("portal:procedure-detail", args=["1.001193"]))
    assert response.status_code == 404
    assert "đã bị bãi bỏ theo Quyết định số 99/QĐ-UBND" in response.content.decode()
    assert "Đăng ký khai sinh" not in client.get(reverse("portal:procedure-list")).content.decode()


def test_a_name_with_markup_is_shown_escaped(client, province):
    load(record("1.001193", "Khai sinh <script>alert(1)</script>"))
    for url in (reverse("portal:procedure-list"), reverse("portal:procedure-detail", args=["1.001193"])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_list_row_names_three_agencies_and_counts_the_rest(client, province):
    communes = ["000.00.10.H99", "000.00.11.H99", "000.00.20.H99", "000.10.30.H99", "000.10.31.H99"]
    load(record("1.001193", "Đăng ký khai sinh", agencies={"implementing": communes}))
    html = client.get(reverse("portal:procedure-list")).content.decode()
    assert "và 2 cơ quan khác" in html
    sheet = client.get(reverse("portal:procedure-detail", args=["1.001193"])).content.decode()
    assert "UBND xã An Bình" in sheet and "UBND phường Đông Hà" in sheet
