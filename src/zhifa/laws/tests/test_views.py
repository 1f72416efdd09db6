"""Law library pages and API: every signed-in user reads and searches; only the administrator imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.accounts.roles import Role
from zhifa.laws.library import PENALTY_LAW_FILE, load_shipped_library
from zhifa.laws.models import Law
from zhifa.laws.services import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_shipped_library(SYSTEM)


def test_list_detail_search_and_citation_pages(client, users, library):
    client.force_login(users[Role.OFFICER])
    html = client.get("/laws/").content.decode()
    assert "中华人民共和国行政处罚法" in html and "导入法律法规" not in html
    html = client.get("/laws/", {"search": "听证 笔录"}).content.decode()
    assert 'data-testid="article-results"' in html and "第六十四条" in html
    law = Law.objects.get(title="中华人民共和国行政处罚法")
    html = client.get(f"/laws/{law.pk}/").content.decode()
    assert "第八章　附则" in html and "第三节　普通程序" in html and "（五）行政拘留；" in html
    html = client.get("/laws/citations/", {"text": "依据《行政处罚法》第五十八条第一款第（二）项"}).content.decode()
    assert "《中华人民共和国行政处罚法》第五十八条第一款第（二）项" in html and "查看条文" in html


def test_administrator_imports_through_the_page(client, users):
    client.force_login(users[Role.ADMIN])
    upload = SimpleUploadedFile("行政处罚法.txt", PENALTY_LAW_FILE.read_bytes())
    response = client.post("/laws/import/", {"file": upload, "level": "law", "short_titles": "行政处罚法"})
    law = Law.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/laws/{law.pk}/"
    bad = SimpleUploadedFile("x.txt", "某法\n第二条　乙。".encode())
    response = client.post("/laws/import/", {"file": bad, "level": "law"})
    assert response.status_code == 200 and "条号不连续，应为第1条" in response.content.decode()
    response = client.post("/laws/import/", {"level": "law"})
    assert "该字段是必填项" in response.content.decode()


def test_others_cannot_import_and_anonymous_is_sent_to_login(client, users):
    for role in (Role.OFFICER, Role.AGENCY_HEAD, Role.SUPERVISOR):
        client.force_login(users[role])
        assert client.get("/laws/import/").status_code == 403
        assert client.post("/api/v1/laws/import/", {}).status_code == 403
    client.logout()
    assert client.get("/laws/").status_code == 302
    assert client.get("/api/v1/laws/").status_code in (401, 403)


def test_api_reads_searches_and_parses(client, users, library):
    client.force_login(users[Role.OFFICER])
    laws = client.get("/api/v1/laws/").json()
    penalty = next(law for law in laws["results"] if law["title"] == "中华人民共和国行政处罚法")
    assert penalty["article_count"] == 86 and penalty["level_display"] == "法律"
    detail = client.get(f"/api/v1/laws/{penalty['id']}/").json()
    assert len(detail["articles"]) == 86 and detail["articles"][8]["paragraphs"][0]["items"][0] == "（一）警告、通报批评；"
    found = client.get("/api/v1/laws/articles/search/", {"q": "货值金额"}).json()
    assert found and all("货值金额" in a["text"] for a in found)
    problem = client.get("/api/v1/laws/articles/search/", {"q": " "})
    assert problem.status_code == 400 and problem["Content-Type"] == "application/problem+json"
    assert problem.json()["errors"]["q"] == ["请输入检索词"]
    for law in ("1.5e-3", "abc", "-1"):
        problem = client.get("/api/v1/laws/articles/search/", {"q": "罚款", "law": law})
        assert problem.status_code == 400 and problem.json()["errors"]["law"] == ["法律法规编号应为正整数"]
    parsed = client.post("/api/v1/laws/citations/parse/", {"text": "违反《食品安全法》第三十四条第（四）项"},
                         content_type="application/json").json()
    assert parsed[0]["label"] == "《中华人民共和国食品安全法》第三十四条第（四）项" and parsed[0]["article_id"]


def test_api_import_by_the_administrator_with_problem_details_on_error(client, users):
    client.force_login(users[Role.ADMIN])
    upload = SimpleUploadedFile("行政处罚法.txt", PENALTY_LAW_FILE.read_bytes())
    response = client.post("/api/v1/laws/import/", {"file": upload, "level": "law"})
    assert response.status_code == 201 and len(response.json()["articles"]) == 86
    bad = SimpleUploadedFile("x.docx", b"nonsense")
    response = client.post("/api/v1/laws/import/", {"file": bad, "level": "law"})
    assert response.status_code == 400 and "无法读取DOCX文件" in response.json()["errors"]["file"][0]
    response = client.post("/api/v1/laws/import/", {"file": SimpleUploadedFile("y.txt", b"x"), "level": "bogus"})
    assert response.status_code == 400 and "level" in response.json()["errors"]
