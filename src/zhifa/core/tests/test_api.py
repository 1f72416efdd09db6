"""API conventions every endpoint shares: errors as RFC 9457 problem details, JSON bodies are objects."""

import json

import pytest

from zhifa.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["[]", "[1, 2]", "\"text\"", "42", "null"])
@pytest.mark.parametrize("path", ["/api/v1/public/progress/", "/api/v1/public/complaints/"])
def test_a_json_body_that_is_not_an_object_is_a_400_problem_never_a_server_error(client, path, body):
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "请求体须为 JSON 对象" in response.json()["detail"]


def test_staff_endpoints_refuse_an_array_body_the_same_way(client, users):
    client.force_login(users[Role.OFFICER])
    response = client.post("/api/v1/cases/", data=json.dumps([{"summary": "x"}]), content_type="application/json")
    assert response.status_code == 400 and "请求体须为 JSON 对象" in response.json()["detail"]


def test_malformed_json_is_a_400_problem(client):
    response = client.post("/api/v1/public/progress/", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["title"] == "请求数据有误"
