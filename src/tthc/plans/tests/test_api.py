"""The plans API: read plans and tasks within scope, report progress as a lead agency."""

import json

import pytest
from django.urls import reverse

from tthc.plans.models import ProgressReport


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def post(client, path, body):
    return client.post(path, data=json.dumps(body, ensure_ascii=False), content_type="application/json")


@pytest.mark.scoped_endpoint("api:plans-list")
def test_the_plan_list_holds_only_visible_plans(client, plan):
    client.force_login(plan.province.users.specialist_justice)
    assert [p["id"] for p in client.get(url("plans-list")).json()] == [plan.plan.pk]

    client.force_login(plan.province.users.desk_centre)
    assert client.get(url("plans-list")).json() == []


def test_the_api_needs_a_login(client, plan):
    assert client.get(url("plans-list")).status_code == 401


@pytest.mark.scoped_endpoint("api:plans-detail")
def test_reading_a_plan_with_its_groups_tasks_and_progress(client, plan):
    client.force_login(plan.province.users.desk_centre)
    assert client.get(url("plans-detail", plan.plan.pk)).status_code == 403

    client.force_login(plan.province.users.control_construction)
    body = client.get(url("plans-detail", plan.plan.pk)).json()

    assert [group["number"] for group in body["groups"]] == ["I", "II"]
    task = body["groups"][0]["tasks"][1]
    assert task["timeframe"]["recurrence"] == "quarterly"
    assert len(task["occurrences"]) == 4
    assert body["progress"]["occurrences"] == 1 + 4 + 1 + 12


@pytest.mark.scoped_endpoint("api:plans-task")
def test_reading_a_task(client, plan):
    task = plan.tasks["II.1"]
    client.force_login(plan.province.users.desk_centre)
    assert client.get(url("plans-task", task.pk)).status_code == 403

    client.force_login(plan.province.users.control_construction)
    body = client.get(url("plans-task", task.pk)).json()

    assert body["lead"] == ["UBND cấp xã"]
    assert sorted(body["lead_agencies"]) == sorted(
        [plan.province.commune_a.code, plan.province.commune_b.code]
    )


@pytest.mark.scoped_endpoint("api:plans-report-progress")
def test_only_the_lead_agency_reports_progress_through_the_api(client, plan):
    occurrence = plan.tasks["I.2"].occurrences.get(sequence=1)
    path = url("plans-report-progress", occurrence.pk)
    body = {
        "status": "in_progress",
        "percent": 70,
        "note": "Gần xong",
        "links": [{"kind": "url", "ref": "https://x.vn/a"}],
    }

    client.force_login(plan.province.users.control_construction)
    refused = post(client, path, body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"

    client.force_login(plan.province.users.specialist_justice)
    response = post(client, path, body)

    assert response.status_code == 201
    assert response.json()["occurrence"]["percent"] == 70
    assert response.json()["agency"] == plan.province.justice.code
    assert ProgressReport.objects.count() == 1


def test_an_invalid_report_is_a_422_with_a_vietnamese_message(client, plan):
    occurrence = plan.tasks["I.2"].occurrences.get(sequence=1)
    client.force_login(plan.province.users.specialist_justice)

    response = post(
        client, url("plans-report-progress", occurrence.pk), {"status": "not_started", "percent": 30}
    )

    assert response.status_code == 422
    assert "0%" in response.json()["message"]
    assert not ProgressReport.objects.exists()
