"""Staff catalog screens that read: the list, a procedure's page, its version history, the decisions.

Published versions are public, so every staff member reads them; a draft only reaches the staff of its
implementing agencies — another agency's officer or a user with no role sees the published version (or a 404
when there is none). Scoping also decides which actions (edit, publish) a user is offered; the actions
themselves are refused in test_staff_screens_edit.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tthc.catalog import services
from tthc.catalog.models import PublicationDecision
from tthc.catalog.records import ProcedureRecord
from tthc.core.timezone import VIETNAM
from tthc.testing.factories import UserFactory

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM)
JUSTICE, CONSTRUCTION = "000.00.10.H99", "000.00.11.H99"


def record(code: str, name: str, *, agency: str = JUSTICE, **extra) -> dict:
    data = {
        "code": code,
        "name": name,
        "levels": ["province"],
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "channels": [
            {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 8000}
        ],
        "agencies": {"implementing": [agency]},
        "documents": [{"name": "Tờ khai", "originals": 1}],
    }
    data.update(extra)
    return data


def load(*records: dict) -> None:
    services.import_records(records=list(records), now=NOW)


def draft(province, code: str, name: str, *, agency: str = JUSTICE, user=None):
    user = user or province.users.control_office
    return services.save_draft(
        record=ProcedureRecord.model_validate(record(code, name, agency=agency)), user=user, now=NOW
    )


@pytest.fixture
def catalog(province):
    load(
        record("1.001193", "Đăng ký khai sinh"),
        record("1.000894", "Cấp giấy phép xây dựng", agency=CONSTRUCTION),
    )
    return province


def page(client, user, url: str, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def edit_url(code: str) -> str:
    return reverse("catalog:staff-edit", args=[code])


def publish_url(code: str) -> str:
    return reverse("catalog:staff-publish", args=[code])


# --- the list ---------------------------------------------------------------------------------------------


def test_staff_list_requires_login(client, catalog):
    response = client.get(reverse("catalog:staff-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.scoped_endpoint("catalog:staff-list")
def test_staff_list_shows_a_draft_only_to_the_staff_of_its_implementing_agency(client, catalog):
    draft(catalog, "1.001193", "Khai sinh (dự thảo nội bộ)")
    draft(catalog, "1.002000", "Thủ tục mới chưa công bố")
    nobody = UserFactory(username="no_role")
    for outsider in (catalog.users.control_construction, catalog.users.desk_centre, nobody):
        html = page(client, outsider, reverse("catalog:staff-list"))
        assert "dự thảo nội bộ" not in html and "Thủ tục mới chưa công bố" not in html
        row = html[html.index("1.001193") :].split("</tr>")[0]
        assert "Đăng ký khai sinh" in row and "Đang hiệu lực" in row and "Bản nháp" not in row
    for insider in (catalog.users.specialist_justice, catalog.users.control_office):
        html = page(client, insider, reverse("catalog:staff-list"))
        assert "Khai sinh (dự thảo nội bộ)" in html and "Thủ tục mới chưa công bố" in html


def test_staff_list_offers_editing_only_of_the_procedures_the_user_manages(client, catalog):
    html = page(client, catalog.users.control_construction, reverse("catalog:staff-list"))
    assert "Đăng ký khai sinh" in html and "Cấp giấy phép xây dựng" in html
    assert edit_url("1.000894") in html
    assert edit_url("1.001193") not in html

    html = page(client, catalog.users.control_justice, reverse("catalog:staff-list"))
    assert edit_url("1.001193") in html
    assert edit_url("1.000894") not in html


def test_staff_list_shows_the_latest_version_of_each_procedure_with_its_status(client, catalog):
    draft(catalog, "1.001193", "Đăng ký khai sinh (dự thảo sửa đổi)")
    load(
        record(
            "1.000894",
            "Cấp giấy phép xây dựng",
            agency=CONSTRUCTION,
            status="abolished",
            decision={
                "number": "5/QĐ-UBND",
                "signed_on": "2025-09-01",
                "signer": "A",
                "effective_on": "2025-09-10",
            },
        )
    )
    draft(catalog, "1.002000", "Thủ tục mới hoàn toàn")
    load(record("1.003000", "Chứng thực bản sao"))
    html = page(client, catalog.users.specialist_justice, reverse("catalog:staff-list"))
    assert "Đăng ký khai sinh (dự thảo sửa đổi)" in html
    rows = {
        code: html[html.index(code) :].split("</tr>")[0]
        for code in ("1.001193", "1.000894", "1.002000", "1.003000")
    }
    assert "Bản nháp" in rows["1.001193"] and ">2<" in rows["1.001193"]
    assert "Đã bãi bỏ" in rows["1.000894"]
    assert "Bản nháp" in rows["1.002000"]
    assert "Đang hiệu lực" in rows["1.003000"] and "01/09/2025" in rows["1.003000"]
    assert "Thêm thủ tục" not in html  # a specialist does not manage the catalog


def test_staff_list_searches_without_diacritics_and_filters(client, catalog):
    html = page(client, catalog.users.control_justice, reverse("catalog:staff-list"), q="giay phep xay dung")
    assert "Cấp giấy phép xây dựng" in html and "Đăng ký khai sinh" not in html
    html = page(
        client, catalog.users.control_justice, reverse("catalog:staff-list"), agency=catalog.justice.pk
    )
    assert "Đăng ký khai sinh" in html and "Cấp giấy phép xây dựng" not in html


def test_staff_list_live_search_returns_the_results_fragment(client, catalog):
    client.force_login(catalog.users.control_justice)
    response = client.get(reverse("catalog:staff-list"), {"q": "khai sinh"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "Đăng ký khai sinh" in html and "navbar" not in html


def test_staff_list_query_count_does_not_grow_with_rows(client, province, django_assert_max_num_queries):
    load(*(record(f"1.{n:06d}", f"Thủ tục {n}") for n in range(1, 4)))
    client.force_login(province.users.control_justice)
    client.get(reverse("catalog:staff-list"))  # the session and the user's reach are settled
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalog:staff-list"))
    load(*(record(f"1.{n:06d}", f"Thủ tục {n}", agency=CONSTRUCTION) for n in range(4, 26)))
    draft(province, "1.000001", "Thủ tục 1 sửa đổi")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("catalog:staff-list")).content.decode()
    assert len(re.findall(r'href="/staff/catalog/1\.\d{6}/"', html)) == 25


# --- a procedure's page -----------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:staff-detail")
def test_staff_detail_shows_another_agencys_draft_to_nobody_outside_it(client, catalog):
    draft(catalog, "1.001193", "Đăng ký khai sinh (dự thảo)")
    draft(catalog, "1.002000", "Thủ tục mới chưa công bố")
    url = reverse("catalog:staff-detail", args=["1.001193"])
    only_draft = reverse("catalog:staff-detail", args=["1.002000"])
    nobody = UserFactory(username="no_role")
    for outsider in (catalog.users.control_construction, nobody):
        html = page(client, outsider, url)
        assert "(dự thảo)" not in html and "Bản nháp" not in html
        assert "Đăng ký khai sinh" in html and "Phiên bản 1" in html
        assert edit_url("1.001193") not in html and publish_url("1.001193") not in html
        client.force_login(outsider)
        response = client.get(only_draft)
        assert response.status_code == 404
        assert "Thủ tục mới chưa công bố" not in response.content.decode()
    assert "Thủ tục mới chưa công bố" in page(client, catalog.users.leader_justice, only_draft)


def test_staff_detail_offers_edit_and_publish_only_to_the_implementing_agencys_officers(client, catalog):
    draft(catalog, "1.001193", "Đăng ký khai sinh (dự thảo)")
    url = reverse("catalog:staff-detail", args=["1.001193"])

    html = page(client, catalog.users.control_construction, url)
    assert edit_url("1.001193") not in html and publish_url("1.001193") not in html
    assert "Lịch sử phiên bản" in html

    html = page(client, catalog.users.control_justice, url)
    assert f'href="{edit_url("1.001193")}">Sửa</a>' in html
    assert f'href="{publish_url("1.001193")}">Công bố</a>' in html


def test_staff_detail_of_a_published_version_offers_no_publishing(client, catalog):
    html = page(client, catalog.users.control_justice, reverse("catalog:staff-detail", args=["1.001193"]))
    assert "Đang hiệu lực" in html and "Bản nháp" not in html
    assert edit_url("1.001193") in html and publish_url("1.001193") not in html
    assert reverse("portal:procedure-detail", args=["1.001193"]) in html


def test_staff_detail_of_an_unknown_code_is_404(client, catalog):
    client.force_login(catalog.users.control_justice)
    assert client.get(reverse("catalog:staff-detail", args=["9.999999"])).status_code == 404


def test_staff_pages_show_a_name_with_markup_escaped(client, province):
    load(record("1.001193", "Khai sinh <script>alert(1)</script>"))
    for url in (reverse("catalog:staff-list"), reverse("catalog:staff-detail", args=["1.001193"])):
        html = page(client, province.users.control_justice, url)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- version history ----------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:staff-history")
def test_history_hides_the_draft_from_an_officer_of_another_agency(client, catalog):
    draft(catalog, "1.001193", "Đăng ký khai sinh (dự thảo)")
    draft(catalog, "1.002000", "Thủ tục mới chưa công bố")
    url = reverse("catalog:staff-history", args=["1.001193"])
    for outsider in (catalog.users.control_construction, UserFactory(username="no_role")):
        html = page(client, outsider, url)
        assert "Phiên bản 1" in html
        assert "Phiên bản 2" not in html and "(dự thảo)" not in html
        assert edit_url("1.001193") not in html and publish_url("1.001193") not in html
        client.force_login(outsider)
        assert client.get(reverse("catalog:staff-history", args=["1.002000"])).status_code == 404
    html = page(client, catalog.users.control_justice, url)
    assert "Phiên bản 2" in html and "(dự thảo)" in html
    assert edit_url("1.001193") in html and publish_url("1.001193") in html


def test_history_shows_each_version_with_its_differences_from_the_one_before(client, catalog):
    version = draft(catalog, "1.001193", "Đăng ký khai sinh lưu động")
    decision = services.create_decision(
        number="20/QĐ-UBND",
        signed_on=datetime.date(2025, 9, 5),
        signer="Trần Văn B",
        effective_on=datetime.date(2025, 9, 15),
        user=catalog.users.control_office,
        now=NOW,
    )
    services.publish(
        version=version, decision=decision, change_kind="amended", user=catalog.users.control_office, now=NOW
    )
    html = page(client, catalog.users.leader_justice, reverse("catalog:staff-history", args=["1.001193"]))
    assert html.index("Phiên bản 2") < html.index("Phiên bản 1")  # newest first
    assert '<th scope="row">Tên thủ tục</th>' in html
    assert '<td class="diff-removed">Đăng ký khai sinh</td>' in html
    assert '<td class="diff-added">Đăng ký khai sinh lưu động</td>' in html
    assert "Quyết định số 20/QĐ-UBND" in html and "05/09/2025" in html
    assert "từ 01/09/2025 đến trước 15/09/2025" in html  # version 1 closed when version 2 took effect
    assert "Sửa đổi, bổ sung" in html


# --- publication decisions ----------------------------------------------------------------------------------


@pytest.fixture
def decisions(catalog):
    load(
        record(
            "1.001193",
            "Đăng ký khai sinh",
            conditions="Sửa đổi",
            decision={
                "number": "7/QĐ-UBND",
                "signed_on": "2025-09-18",
                "signer": "Lê C",
                "effective_on": "2025-09-20",
            },
        ),
        record(
            "1.000894",
            "Cấp giấy phép xây dựng",
            agency=CONSTRUCTION,
            conditions="Sửa đổi",
            decision={
                "number": "8/QĐ-UBND",
                "signed_on": "2025-09-01",
                "signer": "Lê C",
                "effective_on": "2025-09-30",
            },
        ),
    )
    return PublicationDecision.objects.get(number="7/QĐ-UBND"), PublicationDecision.objects.get(
        number="8/QĐ-UBND"
    )


@pytest.mark.scoped_endpoint("catalog:decision-list")
def test_decision_list_is_refused_to_staff_without_catalog_duties(client, catalog):
    client.force_login(catalog.users.desk_centre)
    response = client.get(reverse("catalog:decision-list"))
    assert response.status_code == 403
    assert "Chỉ công chức kiểm soát thủ tục hành chính" in response.content.decode()
    client.force_login(catalog.users.control_construction)
    assert client.get(reverse("catalog:decision-list")).status_code == 200


def test_decision_list_shows_dates_version_counts_and_flags_late_signing(client, catalog, decisions):
    late, _ = decisions
    html = page(client, catalog.users.control_justice, reverse("catalog:decision-list"))
    rows = html.split("<tr>")
    late_row = next(row for row in rows if "7/QĐ-UBND" in row)
    on_time_row = next(row for row in rows if "8/QĐ-UBND" in row)
    assert "18/09/2025" in late_row and "20/09/2025" in late_row and "Lê C" in late_row
    assert "Ký muộn" in late_row
    assert "Ký muộn" not in on_time_row and "Đúng hạn" in on_time_row
    assert '<td class="text-center">1</td>' in late_row
    assert reverse("catalog:decision-detail", args=[late.pk]) in late_row


@pytest.mark.scoped_endpoint("catalog:decision-detail")
def test_decision_detail_is_refused_to_staff_without_catalog_duties(client, catalog, decisions):
    late, _ = decisions
    client.force_login(catalog.users.specialist_justice)
    assert client.get(reverse("catalog:decision-detail", args=[late.pk])).status_code == 403


def test_decision_detail_lists_its_versions_and_warns_of_late_signing(client, catalog, decisions):
    late, on_time = decisions
    html = page(client, catalog.users.control_office, reverse("catalog:decision-detail", args=[late.pk]))
    assert "Quyết định số 7/QĐ-UBND" in html
    assert "Quyết định ký chưa đủ 5 ngày trước ngày có hiệu lực" in html
    assert "1.001193" in html and "1.000894" not in html
    html = page(client, catalog.users.control_office, reverse("catalog:decision-detail", args=[on_time.pk]))
    assert "chưa đủ 5 ngày" not in html and "1.000894" in html


def test_unknown_decision_is_404(client, catalog):
    client.force_login(catalog.users.control_office)
    assert client.get(reverse("catalog:decision-detail", args=[9999])).status_code == 404
