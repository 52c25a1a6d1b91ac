"""The API root's contract: OpenAPI served locally, Vietnamese JSON unescaped, errors with stable codes."""

import json

import pytest


@pytest.mark.django_db
@pytest.mark.public_endpoint("api:openapi-json")
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "tthc API"
    assert document["paths"], "every capability's router is mounted"


@pytest.mark.django_db
@pytest.mark.public_endpoint("api:openapi-view")
def test_api_docs_page_loads_its_assets_from_this_server(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_json_is_rendered_without_ascii_escapes(client):
    response = client.get("/api/v1/openapi.json")
    body = response.content.decode()
    assert "\\u1ee7" not in body and "\\u00e0" not in body
    assert "thủ tục" in json.loads(body)["info"]["description"]


@pytest.mark.django_db
def test_validation_errors_are_documented_as_422(client):
    document = client.get("/api/v1/openapi.json").json()
    responses = [
        operation.get("responses", {})
        for path in document["paths"].values()
        for operation in path.values()
        if operation.get("parameters") or operation.get("requestBody")
    ]
    assert responses, "the API has operations that take input"
    undocumented = [r for r in responses if "422" not in r]
    assert not undocumented, f"{len(undocumented)} operations taking input do not document 422"


@pytest.mark.django_db
def test_validation_error_details_are_in_vietnamese(client):
    response = client.get(
        "/api/v1/calendar/due", {"start": "không phải ngày", "amount": "ba", "unit": "working_days"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["details"], body
    assert all(detail["message"] and "Input should" not in detail["message"] for detail in body["details"]), (
        body
    )
