"""Staff catalog screens that write: create, edit and publish a procedure.

Each screen turns what was typed into a procedure record or a decision and calls the services; bad input is
shown in Vietnamese beside the input and nothing is written.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tthc.catalog import selectors, services
from tthc.catalog.models import Procedure, ProcedureVersion, PublicationDecision
from tthc.catalog.records import ProcedureRecord
from tthc.core.timezone import VIETNAM

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM)
JUSTICE, CONSTRUCTION = "000.00.10.H99", "000.00.11.H99"


def record(code: str, name: str, *, agency: str = JUSTICE, **extra) -> dict:
    data = {
        "code": code,
        "name": name,
        "levels": ["province"],
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "channels": [
            {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 8000},
            {
                "channel": "online",
                "processing_time": 2.5,
                "time_unit": "working_days",
                "fee": 4000,
                "fee_note": "Giảm 50%",
            },
        ],
        "agencies": {"implementing": [agency], "cooperating": [CONSTRUCTION]},
        "steps": [{"text": "Bước 1: Nộp hồ sơ"}, {"case": "Đăng ký lại", "text": "Bước 2: Nộp bản sao"}],
        "documents": [
            {"name": "Tờ khai", "originals": 1, "template": "Mẫu TK-01"},
            {"case": "Có ủy quyền", "name": "Văn bản ủy quyền", "originals": 0, "copies": 1},
        ],
        "results": ["Giấy khai sinh", "Bản sao trích lục"],
        "conditions": "Không",
        "subjects": ["citizen", "foreigner"],
        "legal_bases": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"}],
        "online_level": "partly",
        "flags": {"on_the_spot": True, "postal": True},
    }
    data.update(extra)
    return data


@pytest.fixture
def catalog(province):
    services.import_records(
        records=[
            record("1.001193", "Đăng ký khai sinh"),
            record("1.000894", "Cấp phép xây dựng", agency=CONSTRUCTION),
        ],
        now=NOW,
    )
    return province


def draft_of(province, code: str, name: str):
    return services.save_draft(
        record=ProcedureRecord.model_validate(record(code, name)), user=province.users.control_office, now=NOW
    )


class FormReader(HTMLParser):
    """What a browser would submit, as rendered, from the form of a page named (aria-label) ``label``."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self.data: dict[str, list[str]] = {}
        self._in_form = self._in_template = False
        self._textarea: str | None = None
        self._select: tuple[str, bool] | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("aria-label") == self.label:
            self._in_form = True
        elif tag == "template":
            self._in_template = True
        if not self._in_form or self._in_template or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button"):
                self._add(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "")
        elif tag == "select":
            self._select = (a["name"], "multiple" in a)
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select[0], a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "template":
            self._in_template = False
        elif tag == "textarea":
            if self._textarea:
                # Browsers drop the one newline that follows <textarea>.
                self.data[self._textarea][-1] = self.data[self._textarea][-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def rendered_form(html: str, label: str = "Sửa thủ tục") -> dict[str, list[str]]:
    reader = FormReader(label)
    reader.feed(html)
    return reader.data


def new_procedure_data(province, **changes) -> dict:
    field = selectors.fields().get(code="HT")
    data = {
        "code": "1.005000",
        "name": "Đăng ký kết hôn",
        "kind": "",
        "procedure_fields": [field.pk],
        "levels": ["province", "commune"],
        "subjects": ["citizen"],
        "online_level": "fully",
        "boundary_free": "on",
        "implementing": [province.justice.pk],
        "steps": "Bước 1: Nộp hồ sơ\n[Có yếu tố nước ngoài] Bước 2: Phỏng vấn\n",
        "conditions": "Đủ tuổi kết hôn",
        "results": "Giấy chứng nhận kết hôn\n\n",
        "channels-TOTAL_FORMS": "2",
        "channels-INITIAL_FORMS": "0",
        "channels-0-channel": "in_person",
        "channels-0-processing_time": "3",
        "channels-0-time_unit": "working_days",
        "channels-0-fee": "1500000",
        "channels-0-fee_note": "",
        "channels-1-time_unit": "working_days",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-0-name": "Tờ khai đăng ký kết hôn",
        "documents-0-originals": "1",
        "documents-0-copies": "0",
        "documents-0-template": "Mẫu TK-KH",
        "documents-1-originals": "1",
        "documents-1-copies": "0",
        "legal_bases-TOTAL_FORMS": "1",
        "legal_bases-INITIAL_FORMS": "0",
        "legal_bases-0-number": "60/2014/QH13",
        "legal_bases-0-issued_on": "20/11/2014",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- creating -----------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:staff-new")
def test_creating_a_procedure_for_another_agency_is_refused(client, catalog):
    client.force_login(catalog.users.control_construction)
    response = client.post(reverse("catalog:staff-new"), new_procedure_data(catalog))
    assert response.status_code == 403
    assert "Bạn không có quyền đối với dữ liệu của Sở Tư pháp." in response.content.decode()
    assert not Procedure.objects.filter(code="1.005000").exists()


def test_the_create_screen_is_refused_to_staff_without_catalog_duties(client, catalog):
    client.force_login(catalog.users.specialist_justice)
    response = client.get(reverse("catalog:staff-new"))
    assert response.status_code == 403
    assert "Bạn không có quyền quản lý danh mục" in response.content.decode()


def test_the_create_screen_offers_only_the_agencies_the_user_manages_as_implementing(client, catalog):
    client.force_login(catalog.users.control_justice)
    html = client.get(reverse("catalog:staff-new")).content.decode()
    implementing = html[html.index('name="implementing"') :].split("</select>")[0]
    assert "Sở Tư pháp" in implementing and "Sở Xây dựng" not in implementing
    cooperating = html[html.index('name="cooperating"') :].split("</select>")[0]
    assert "Sở Xây dựng" in cooperating
    for label in (
        'for="id_code">Mã thủ tục',
        "Lưu bản nháp",
        "Thêm cách thức",
        "Thêm giấy tờ",
        "Thêm văn bản",
    ):
        assert label in html


def test_creating_saves_a_draft_from_the_form(client, catalog):
    client.force_login(catalog.users.control_justice)
    response = client.post(reverse("catalog:staff-new"), new_procedure_data(catalog))
    assert response.status_code == 302
    assert response.url == reverse("catalog:staff-detail", args=["1.005000"])
    version = selectors.latest_version(selectors.procedure_by_code("1.005000"))
    assert version.is_draft and version.created_by == catalog.users.control_justice
    saved = selectors.record_of(version)
    assert saved.name == "Đăng ký kết hôn"
    assert saved.levels == ["province", "commune"]
    assert [(s.case, s.text) for s in saved.steps] == [
        ("", "Bước 1: Nộp hồ sơ"),
        ("Có yếu tố nước ngoài", "Bước 2: Phỏng vấn"),
    ]
    assert saved.results == ["Giấy chứng nhận kết hôn"]
    assert [(c.channel, c.processing_time, c.fee) for c in saved.channels] == [("in_person", 3, 1500000)]
    assert [(d.name, d.template) for d in saved.documents] == [("Tờ khai đăng ký kết hôn", "Mẫu TK-KH")]
    assert saved.legal_bases[0].issued_on == datetime.date(2014, 11, 20)
    assert saved.flags.boundary_free and not saved.flags.on_the_spot
    assert saved.agencies.implementing == [JUSTICE]

    html = client.get(response.url).content.decode()
    assert "Đã lưu bản nháp phiên bản 1 của thủ tục 1.005000." in html
    assert "Bản nháp" in html and "1.500.000 đồng" in html


def test_bad_input_shows_vietnamese_errors_and_writes_nothing(client, catalog):
    client.force_login(catalog.users.control_justice)
    before = ProcedureVersion.objects.count()
    data = new_procedure_data(
        catalog,
        code="1.5",
        procedure_fields=None,
        levels=None,
        **{"channels-0-channel": "", "channels-0-processing_time": "", "channels-0-fee": ""},
    )
    response = client.post(reverse("catalog:staff-new"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được" in html
    assert "Mã TTHC phải có dạng 1.001193 (hoặc mã địa phương như 1.000948.H38)." in html
    # Fields and levels beside their inputs, channels (the only row was left empty) in its section.
    assert html.count("Phải có ít nhất 1 mục.") == 3
    assert ProcedureVersion.objects.count() == before
    assert not Procedure.objects.filter(code="1.5").exists()
    assert 'value="Đăng ký kết hôn"' not in html  # the name is a textarea …
    assert "Đăng ký kết hôn</textarea>" in html  # … and what was typed is kept


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channels-0-fee": "-5"}, "Phải lớn hơn hoặc bằng 0."),
        ({"channels-0-processing_time": "0"}, "Phải lớn hơn 0."),
        (
            {"channels-1-channel": "in_person", "channels-1-processing_time": "1"},
            "Mỗi cách thức thực hiện chỉ được khai báo một lần.",
        ),
        ({"documents-1-case": "Có ủy quyền"}, "Không được để trống."),
        ({"legal_bases-0-issued_on": "31/02/2014"}, "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."),
        ({"implementing": None}, "Phải có ít nhất 1 mục."),
    ],
)
def test_each_bad_value_is_named_in_vietnamese_and_nothing_is_written(client, catalog, changes, message):
    client.force_login(catalog.users.control_justice)
    response = client.post(reverse("catalog:staff-new"), new_procedure_data(catalog, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Procedure.objects.filter(code="1.005000").exists()


def test_form_errors_are_vietnamese_even_for_a_browser_asking_for_english(client, catalog):
    client.force_login(catalog.users.control_justice)
    data = new_procedure_data(catalog, name="", **{"channels-0-fee": "nhiều"})
    response = client.post(reverse("catalog:staff-new"), data, headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bắt buộc nhập." in html and "Phải là một số nguyên." in html
    assert "This field is required" not in html and "Enter a whole number" not in html


# --- editing ------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:staff-edit")
def test_an_officer_of_another_agency_may_not_edit(client, catalog):
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    data = rendered_form(client.get(url).content.decode())
    client.force_login(catalog.users.control_construction)
    assert client.get(url).status_code == 403
    data["name"] = ["Tên bị sửa trái phép"]
    response = client.post(url, data)
    assert response.status_code == 403
    assert "Bạn không có quyền sửa thủ tục 1.001193." in response.content.decode()
    assert ProcedureVersion.objects.filter(procedure__code="1.001193").count() == 1


def test_the_edit_form_is_prefilled_and_saving_it_unchanged_keeps_the_content(client, catalog):
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    html = client.get(url).content.decode()
    assert "[Đăng ký lại] Bước 2: Nộp bản sao" in html
    assert 'value="2,5"' in html  # the online channel's time limit, with a decimal comma
    data = rendered_form(html)
    assert "code" not in data  # the code cannot be changed
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    procedure = selectors.procedure_by_code("1.001193")
    first, second = selectors.version_history(procedure)[::-1]
    assert second.is_draft and second.number == 2
    assert selectors.record_of(second).content() == selectors.record_of(first).content()


def test_editing_a_published_procedure_makes_a_draft_and_the_portal_keeps_the_version_in_force(
    client, catalog
):
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    html = client.get(url).content.decode()
    assert "Khi lưu, hệ thống tạo bản nháp phiên bản mới" in html
    data = rendered_form(html)
    data["name"] = ["Đăng ký khai sinh lưu động"]
    data["documents-0-DELETE"] = ["on"]
    assert client.post(url, data).status_code == 302
    version = selectors.latest_version(selectors.procedure_by_code("1.001193"))
    assert version.is_draft and version.name == "Đăng ký khai sinh lưu động"
    assert [d.name for d in selectors.record_of(version).documents] == ["Văn bản ủy quyền"]
    client.logout()
    portal = client.get(reverse("portal:procedure-detail", args=["1.001193"])).content.decode()
    assert "Đăng ký khai sinh lưu động" not in portal and "Đăng ký khai sinh" in portal


def test_editing_a_draft_again_replaces_the_draft(client, catalog):
    draft_of(catalog, "1.001193", "Dự thảo một")
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    data = rendered_form(client.get(url).content.decode())
    data["name"] = ["Dự thảo hai"]
    assert client.post(url, data).status_code == 302
    versions = selectors.version_history(selectors.procedure_by_code("1.001193"))
    assert [(v.number, v.name) for v in versions] == [(2, "Dự thảo hai"), (1, "Đăng ký khai sinh")]


def test_edit_errors_keep_the_draft_as_it_was(client, catalog):
    draft_of(catalog, "1.001193", "Dự thảo một")
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    data = rendered_form(client.get(url).content.decode())
    data["name"] = ["Dự thảo hai"]
    data["channels-0-fee"] = ["-1"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Phải lớn hơn hoặc bằng 0." in response.content.decode()
    assert selectors.latest_version(selectors.procedure_by_code("1.001193")).name == "Dự thảo một"


# --- publishing ---------------------------------------------------------------------------------------------


def publish_data(**changes) -> dict:
    data = {
        "decision": "",
        "number": "15/QĐ-UBND",
        "signed_on": "01/10/2025",
        "signer": "Nguyễn Văn A",
        "effective_on": "15/10/2025",
        "summary": "Công bố thủ tục sửa đổi lĩnh vực hộ tịch",
        "change_kind": "amended",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.scoped_endpoint("catalog:staff-publish")
def test_an_officer_of_another_agency_may_not_publish(client, catalog):
    draft_of(catalog, "1.001193", "Dự thảo")
    decision = services.create_decision(
        number="1/QĐ-UBND",
        signed_on=datetime.date(2025, 9, 1),
        signer="A",
        effective_on=datetime.date(2025, 9, 20),
        user=catalog.users.control_office,
        now=NOW,
    )
    url = reverse("catalog:staff-publish", args=["1.001193"])
    client.force_login(catalog.users.control_construction)
    assert client.get(url).status_code == 403
    response = client.post(url, {"decision": decision.pk, "change_kind": "amended"})
    assert response.status_code == 403
    assert selectors.latest_version(selectors.procedure_by_code("1.001193")).is_draft


def test_publishing_with_a_new_decision_puts_the_draft_in_force_from_its_effective_date(client, catalog):
    draft_of(catalog, "1.001193", "Đăng ký khai sinh lưu động")
    url = reverse("catalog:staff-publish", args=["1.001193"])
    client.force_login(catalog.users.control_office)
    html = client.get(url).content.decode()
    assert 'for="id_number">Số quyết định' in html and "Công bố</button>" in html
    response = client.post(url, publish_data(), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("catalog:staff-detail", args=["1.001193"])
    assert "Đã công bố phiên bản 2 của thủ tục 1.001193 theo Quyết định số 15/QĐ-UBND." in html
    assert "chưa đủ" not in html
    version = selectors.latest_version(selectors.procedure_by_code("1.001193"))
    assert version.valid_from == datetime.date(2025, 10, 15) and version.change_kind == "amended"
    assert version.decision.signed_on == datetime.date(2025, 10, 1)
    assert version.decision.created_by == catalog.users.control_office


def test_publishing_under_a_decision_signed_late_warns_but_publishes(client, catalog):
    draft_of(catalog, "1.001193", "Đăng ký khai sinh lưu động")
    client.force_login(catalog.users.control_office)
    response = client.post(
        reverse("catalog:staff-publish", args=["1.001193"]),
        publish_data(signed_on="12/10/2025", effective_on="15/10/2025"),
        follow=True,
    )
    html = response.content.decode()
    assert "Quyết định ký chưa đủ 5 ngày trước ngày có hiệu lực." in html
    assert not selectors.latest_version(selectors.procedure_by_code("1.001193")).is_draft


def test_a_department_officer_publishes_under_a_recorded_decision(client, catalog):
    decision = services.create_decision(
        number="3/QĐ-UBND",
        signed_on=datetime.date(2025, 9, 1),
        signer="A",
        effective_on=datetime.date(2025, 9, 20),
        user=catalog.users.control_office,
        now=NOW,
    )
    draft_of(catalog, "1.001193", "Đăng ký khai sinh lưu động")
    url = reverse("catalog:staff-publish", args=["1.001193"])
    client.force_login(catalog.users.control_justice)
    html = client.get(url).content.decode()
    assert "3/QĐ-UBND — ký 01/09/2025, hiệu lực 20/09/2025" in html
    assert client.post(url, {"decision": decision.pk, "change_kind": "amended"}).status_code == 302
    version = selectors.latest_version(selectors.procedure_by_code("1.001193"))
    assert version.decision == decision and version.valid_from == datetime.date(2025, 9, 20)


def test_publishing_without_a_decision_shows_errors_and_writes_nothing(client, catalog):
    draft_of(catalog, "1.001193", "Dự thảo")
    client.force_login(catalog.users.control_office)
    response = client.post(
        reverse("catalog:staff-publish", args=["1.001193"]),
        publish_data(number="", signed_on="", signer="", effective_on="", summary=""),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Bắt buộc nhập khi tạo quyết định mới.") == 4
    assert not PublicationDecision.objects.exists()
    assert selectors.latest_version(selectors.procedure_by_code("1.001193")).is_draft


def test_a_failed_publication_does_not_keep_the_new_decision(client, catalog):
    draft_of(catalog, "1.001193", "Dự thảo")
    client.force_login(catalog.users.control_office)
    # The version in force took effect on 01/09/2025; the new one cannot take effect before it.
    response = client.post(
        reverse("catalog:staff-publish", args=["1.001193"]),
        publish_data(signed_on="01/07/2025", effective_on="01/08/2025"),
    )
    assert response.status_code == 400
    assert "không thể có hiệu lực sớm hơn (01/08/2025)" in response.content.decode()
    assert not PublicationDecision.objects.exists()
    assert selectors.latest_version(selectors.procedure_by_code("1.001193")).is_draft


def test_the_publish_screen_without_a_draft_says_what_to_do(client, catalog):
    client.force_login(catalog.users.control_office)
    url = reverse("catalog:staff-publish", args=["1.001193"])
    assert "không có bản nháp chờ công bố" in client.get(url).content.decode()
    assert client.post(url, publish_data()).status_code == 400
    assert not PublicationDecision.objects.exists()
