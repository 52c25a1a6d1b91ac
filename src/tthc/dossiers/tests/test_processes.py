"""Internal processes (issue 3): ordered steps with agency, role and share of the time limit, the shares
summing to 100 %; configured by control officers of the competent agency; used by dossiers received later."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tthc.catalog.models import Procedure
from tthc.catalog.selectors import version_in_force
from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.dossiers import processes
from tthc.dossiers.models import InternalProcess
from tthc.dossiers.processes import StepData
from tthc.dossiers.tests.helpers import MONDAY, receive

pytestmark = pytest.mark.django_db

STEPS = [
    StepData(name="Tiếp nhận hồ sơ", kind="receive", role="desk_officer", share_percent=5),
    StepData(name="Thẩm định, xác minh", kind="appraise", role="specialist", share_percent=70),
    StepData(name="Ký phiếu lý lịch tư pháp", kind="approve", role="approver", share_percent=20),
    StepData(name="Trả kết quả", kind="return", role="desk_officer", share_percent=5),
]


def version(one_stop):
    return version_in_force(Procedure.objects.get(code=one_stop.procedure_code), on=MONDAY.date())


def test_shares_of_the_steps_must_sum_to_100(one_stop):
    steps = [StepData(**{**vars(s)}) for s in STEPS]
    steps[1].share_percent = 60
    with pytest.raises(ValidationFailed) as refused:
        processes.save_process(
            version=version(one_stop),
            agency=one_stop.justice,
            steps=steps,
            user=one_stop.users.control_justice,
        )
    assert refused.value.message == "Tổng tỷ lệ thời hạn các bước phải bằng 100% (hiện là 90%)."
    assert not InternalProcess.objects.exists()


def test_each_step_needs_a_name_a_known_kind_and_role_and_a_share_from_1_to_100():
    with pytest.raises(ValidationFailed) as refused:
        processes.check_steps(
            [
                StepData(name=" ", kind="receive", role="desk_officer", share_percent=50),
                StepData(name="Thẩm định", kind="dance", role="king", share_percent=0),
            ]
        )
    messages = [d["message"] for d in refused.value.details]
    assert messages == [
        "Bước 1: chưa nhập tên bước.",
        "Bước 2: loại bước không hợp lệ.",
        "Bước 2: vai trò thực hiện không hợp lệ.",
        "Bước 2: tỷ lệ thời hạn phải là số nguyên từ 1 đến 100 (%).",
    ]
    with pytest.raises(ValidationFailed, match="ít nhất một bước"):
        processes.check_steps([])


def test_only_a_control_officer_of_the_competent_agency_configures_its_process(one_stop):
    with pytest.raises(PermissionDenied):
        processes.save_process(
            version=version(one_stop),
            agency=one_stop.justice,
            steps=STEPS,
            user=one_stop.users.control_construction,
        )
    with pytest.raises(ValidationFailed, match="không phải là cơ quan giải quyết"):
        processes.save_process(
            version=version(one_stop),
            agency=one_stop.construction,
            steps=STEPS,
            user=one_stop.users.control_office,
        )


def test_a_saved_process_lays_the_steps_of_dossiers_received_afterwards(one_stop):
    before = receive(one_stop)
    processes.save_process(
        version=version(one_stop),
        agency=one_stop.justice,
        steps=STEPS,
        decision="123/QĐ-STP",
        user=one_stop.users.control_justice,
    )
    after = receive(one_stop)
    assert [s.name for s in after.steps.all()] == [s.name for s in STEPS]
    assert [s.name for s in before.steps.all()][1] == "Thẩm định hồ sơ"  # kept the default it was given
    processes.reset_process(
        version=version(one_stop), agency=one_stop.justice, user=one_stop.users.control_justice
    )
    assert not InternalProcess.objects.exists()
    assert [s.name for s in receive(one_stop).steps.all()][1] == "Thẩm định hồ sơ"


@pytest.mark.scoped_endpoint("dossiers:processes")
def test_process_list_shows_only_the_agencies_in_the_officers_scope(one_stop, client):
    client.force_login(one_stop.users.control_justice)
    page = client.get(reverse("dossiers:processes")).content.decode()
    edit = reverse(
        "dossiers:process-edit",
        kwargs={"procedure_code": one_stop.procedure_code, "agency_id": one_stop.justice.pk},
    )
    assert edit in page and "Mặc định" in page
    assert one_stop.commune_procedure_code not in page
    client.force_login(one_stop.users.control_construction)
    assert edit not in client.get(reverse("dossiers:processes")).content.decode()
    client.force_login(one_stop.users.specialist_justice)
    assert client.get(reverse("dossiers:processes")).status_code == 403


def formset_data(rows, **extra) -> dict:
    data = {"steps-TOTAL_FORMS": str(len(rows)), "steps-INITIAL_FORMS": "0", **extra}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{i}-{key}"] = value
    return data


ROWS = [
    {"name": "Tiếp nhận", "kind": "receive", "role": "desk_officer", "share_percent": "10", "agency": ""},
    {"name": "Thẩm định", "kind": "appraise", "role": "specialist", "share_percent": "60", "agency": ""},
    {"name": "Phê duyệt", "kind": "approve", "role": "approver", "share_percent": "20", "agency": ""},
    {"name": "", "kind": "receive", "role": "desk_officer", "share_percent": "", "agency": ""},  # blank row
]


@pytest.mark.scoped_endpoint("dossiers:process-edit")
def test_process_edit_screen_checks_the_total_and_saves(one_stop, client):
    url = reverse(
        "dossiers:process-edit",
        kwargs={"procedure_code": one_stop.procedure_code, "agency_id": one_stop.justice.pk},
    )
    client.force_login(one_stop.users.control_construction)
    assert client.get(url).status_code == 403
    assert client.post(url, formset_data(ROWS)).status_code == 403
    client.force_login(one_stop.users.control_justice)
    page = client.get(url).content.decode()
    assert 'value="Thẩm định hồ sơ"' in page  # the default process, to start from
    response = client.post(url, formset_data(ROWS, decision="<script>x</script>"))
    assert response.status_code == 422
    assert "Tổng tỷ lệ thời hạn các bước phải bằng 100% (hiện là 90%)." in response.content.decode()
    assert "<script>x</script>" not in response.content.decode()
    rows = [dict(r) for r in ROWS]
    rows[3] = {"name": "Trả kết quả", "kind": "return", "role": "desk_officer", "share_percent": "10"}
    rows[3]["agency"] = str(one_stop.centre.pk)
    response = client.post(url, formset_data(rows, decision="45/QĐ-STP", approved_on="02/01/2026"))
    assert response.status_code == 302
    process = InternalProcess.objects.get()
    assert process.decision == "45/QĐ-STP" and process.approved_on.isoformat() == "2026-01-02"
    assert [(s.position, s.name, s.share_percent) for s in process.steps.all()] == [
        (1, "Tiếp nhận", 10),
        (2, "Thẩm định", 60),
        (3, "Phê duyệt", 20),
        (4, "Trả kết quả", 10),
    ]
    assert process.steps.get(position=4).agency == one_stop.centre
    page = client.get(reverse("dossiers:processes")).content.decode()
    assert "4 bước — QĐ 45/QĐ-STP" in page
