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


def test_a_nul_character_in_a_parameter_is_refused_with_its_name_on_pages_and_api(client, users):
    page = client.get("/gs/decisions/?q=a%00b")
    assert page.status_code == 400 and "请求参数“q”含有不允许的空字符" in page.content.decode()
    client.force_login(users[Role.OFFICER])
    api = client.get("/api/v1/cases/?q=%00")
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert "“q”" in api.json()["detail"]
    form = client.post("/cases/leads/new/", "summary=a%00b", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 400


def test_a_nul_character_in_a_json_body_is_refused(client):
    response = client.post("/api/v1/public/progress/", data='{"number": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]
