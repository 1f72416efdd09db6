"""Rule-list API: read published versions in scope, manage drafts as administrator, RFC 9457 errors."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.catalog import selectors
from zhifa.catalog.models import DiscretionBenchmark, Procedure, RuleList

from .builders import powers_list, workbook

pytestmark = pytest.mark.django_db


def login(client, users, role):
    client.force_login(users[role])
    return client


def test_readers_list_lists_and_read_published_content(client, users, national, agency, far_agency):
    powers_list(far_agency)
    login(client, users, Role.OFFICER)
    lists = client.get("/api/v1/rules/lists/").json()
    assert {rl["agency_name"] for rl in lists} == {"国家默认"}
    procedures = next(rl for rl in lists if rl["kind"] == "procedures")
    version = client.get(f"/api/v1/rules/versions/{procedures['current_version']}/").json()
    assert version["status"] == "published" and len(version["content"]["procedure"]) == 5
    detail = client.get(f"/api/v1/rules/lists/{procedures['id']}/").json()
    assert [v["number"] for v in detail["versions"]] == [1]
    procedure = Procedure.objects.get(code="licence")
    body = client.get(f"/api/v1/rules/procedures/{procedure.pk}/").json()
    assert body["errors"] == [] and body["flowchart_svg"].startswith("<svg")


def test_benchmark_check_and_is_major(client, users, national):
    login(client, users, Role.REVIEWER)
    benchmark = DiscretionBenchmark.objects.get(code="SP-124-2")
    result = client.post(f"/api/v1/rules/benchmarks/{benchmark.pk}/check/",
                         {"tier": "heavier", "kinds": ["fine"], "fine": "400000", "goods_value": "20000"},
                         content_type="application/json").json()
    assert result == {"inside": True, "reasons": ["符合“从重处罚”阶次：罚款、没收违法所得、没收非法财物、吊销许可证件；罚款为货值金额的17倍以上20倍以下",
                                                  "罚款400,000.00元在“从重处罚”阶次340,000.00元至400,000.00元之间"],
                      "fine_min": "340000.00", "fine_max": "400000.00"}
    bad = client.post(f"/api/v1/rules/benchmarks/{benchmark.pk}/check/", {"tier": "maximal"}, content_type="application/json")
    assert bad.status_code == 400 and "tier" in bad.json()["errors"]
    major = client.post(f"/api/v1/rules/versions/{national['major'].pk}/is-major/",
                        {"action_kind": "penalty", "party_type": "organisation", "amount": "150000", "hearing_held": True},
                        content_type="application/json").json()
    assert major["major"] and [m["kind"] for m in major["matches"]] == ["statutory", "amount", "hearing"]
    wrong = client.post(f"/api/v1/rules/versions/{national['procedures'].pk}/is-major/", {}, content_type="application/json")
    assert wrong.status_code == 404 and wrong["Content-Type"] == "application/problem+json"


def test_administrator_manages_a_draft_end_to_end(client, users, national, agency):
    login(client, users, Role.ADMIN)
    adopted = client.post(f"/api/v1/rules/lists/{national['discretion'].rule_list_id}/adopt/", {"agency": agency.pk},
                          content_type="application/json")
    assert adopted.status_code == 201
    rule_list = RuleList.objects.get(pk=adopted.json()["id"])
    draft = selectors.draft_of(rule_list)
    created = client.post(f"/api/v1/rules/versions/{draft.pk}/entries/benchmark/", {
        "code": "X-1", "violation": "测试违法行为", "provisions_violated": "《中华人民共和国广告法》第九条",
        "provisions_penalised": "《中华人民共和国广告法》第五十七条"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["citations"][0]["label"] == "《中华人民共和国广告法》第九条"
    benchmark_id = created.json()["id"]
    tier = client.post(f"/api/v1/rules/benchmarks/{benchmark_id}/tiers/", {
        "tier": "general", "circumstances": "一般", "penalty_kinds": ["fine"], "fine_basis": "fixed",
        "fine_min": "300", "fine_max": "100"}, content_type="application/json")
    assert tier.status_code == 400 and tier.json()["errors"]["fine_max"] == ["罚款上限不得低于下限，且均不得为负数"]
    tier = client.post(f"/api/v1/rules/benchmarks/{benchmark_id}/tiers/", {
        "tier": "general", "circumstances": "一般", "penalty_kinds": ["fine"], "fine_basis": "fixed",
        "fine_min": "100", "fine_max": "300"}, content_type="application/json")
    assert tier.status_code == 201
    patched = client.patch(f"/api/v1/rules/versions/{draft.pk}/entries/benchmark/{benchmark_id}/",
                           {"violation": "改名后的违法行为"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["violation"] == "改名后的违法行为"
    published = client.post(f"/api/v1/rules/versions/{draft.pk}/publish/", {"effective_from": "2026-02-01"},
                            content_type="application/json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.patch(f"/api/v1/rules/versions/{draft.pk}/entries/benchmark/{benchmark_id}/", {"violation": "再改"},
                         content_type="application/json")
    assert again.status_code == 400 and again.json()["errors"]["non_field_errors"] == ["已发布的版本不可修改，请新建草稿后修改"]
    assert client.delete(f"/api/v1/rules/versions/{draft.pk}/").status_code == 400
    new_draft = client.post(f"/api/v1/rules/lists/{rule_list.pk}/drafts/", {}, content_type="application/json")
    assert new_draft.status_code == 201 and new_draft.json()["number"] == 2
    conflict = client.post(f"/api/v1/rules/lists/{rule_list.pk}/drafts/", {}, content_type="application/json")
    assert conflict.status_code == 400 and "已有未发布的草稿" in conflict.json()["errors"]["non_field_errors"][0]
    assert client.delete(f"/api/v1/rules/versions/{new_draft.json()['id']}/").status_code == 204


def test_excel_over_the_api(client, users, national, agency):
    login(client, users, Role.ADMIN)
    created = client.post("/api/v1/rules/lists/", {"kind": "powers", "name": "本局权责清单", "agency": agency.pk},
                          content_type="application/json")
    assert created.status_code == 201
    draft = client.post(f"/api/v1/rules/lists/{created.json()['id']}/drafts/", {}, content_type="application/json").json()
    bad = client.post(f"/api/v1/rules/versions/{draft['id']}/powers.xlsx",
                      {"file": workbook(items=[{"code": "I1", "power": "NONE", "name": "x", "subject": "y"}])})
    assert bad.status_code == 400 and bad.json()["detail"] == "Excel中有错误的行，未导入任何数据"
    assert bad.json()["errors"][0]["sheet"] == "执法事项清单" and bad.json()["errors"][0]["row"] == 3
    good = client.post(f"/api/v1/rules/versions/{draft['id']}/powers.xlsx", {"file": workbook()})
    assert good.json() == {"powers": 1, "items": 1}
    exported = client.get(f"/api/v1/rules/versions/{draft['id']}/powers.xlsx")
    assert exported.status_code == 200 and exported.content[:2] == b"PK"


def test_scope_and_permissions_over_the_api(client, users, national, agency, far_agency):
    far = powers_list(far_agency)
    own_draft = selectors.draft_of(powers_list(agency, publish=False))
    far_version = selectors.current_version(far)
    for role in (Role.OFFICER, Role.AGENCY_HEAD, Role.SUPERVISOR):
        login(client, users, role)
        assert client.get(f"/api/v1/rules/versions/{far_version.pk}/").status_code == 404
        assert client.get(f"/api/v1/rules/versions/{own_draft.pk}/").status_code == 404
        denied = client.post("/api/v1/rules/lists/", {"kind": "major", "name": "x", "agency": agency.pk},
                             content_type="application/json")
        assert denied.status_code == 403 and denied["Content-Type"] == "application/problem+json"
        assert client.post(f"/api/v1/rules/lists/{national['major'].rule_list_id}/drafts/").status_code == 403
    login(client, users, Role.ADMIN)
    outside = client.post("/api/v1/rules/lists/", {"kind": "major", "name": "x", "agency": far_agency.pk},
                          content_type="application/json")
    assert outside.status_code == 400 and outside.json()["errors"]["agency"] == ["执法主体不存在或不在您的管辖范围内"]
    national_edit = client.post(f"/api/v1/rules/versions/{national['major'].pk}/entries/major_rule/",
                                {"kind": "hearing", "name": "x"}, content_type="application/json")
    assert national_edit.status_code == 403
    assert client.post(f"/api/v1/rules/versions/{own_draft.pk}/entries/nonsense/", {}).status_code == 404


def test_the_openapi_schema_generates(client, users):
    login(client, users, Role.OFFICER)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/rules/versions/{id}/publish/" in body and "/api/v1/laws/citations/parse/" in body


def test_linking_laws_and_amending_a_law_flags_the_list(client, users, national, agency):
    from zhifa.laws.models import Law

    login(client, users, Role.ADMIN)
    rule_list = powers_list(agency)
    law = Law.objects.get(title="中华人民共和国城乡规划法")
    linked = client.patch(f"/api/v1/rules/lists/{rule_list.pk}/", {"laws": [law.pk]}, content_type="application/json")
    assert linked.status_code == 200 and linked.json()["laws"] == ["中华人民共和国城乡规划法"]
    missing = client.patch(f"/api/v1/rules/lists/{rule_list.pk}/", {"laws": [999999]}, content_type="application/json")
    assert missing.status_code == 400 and missing.json()["errors"]["laws"] == ["法律法规不存在：999999"]
    import datetime

    from django.utils import timezone

    from zhifa.catalog.models import RuleListVersion

    RuleListVersion.objects.filter(rule_list=rule_list).update(published_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
    amended = client.patch(f"/api/v1/laws/{law.pk}/", {"status": "amended", "changed_on": "2025-03-01"},
                           content_type="application/json")
    assert amended.status_code == 200 and amended.json()["status_display"] == "已修改"
    assert client.get(f"/api/v1/rules/lists/{rule_list.pk}/").json()["revision_due"] == ["中华人民共和国城乡规划法"]
    login(client, users, Role.OFFICER)
    assert client.patch(f"/api/v1/laws/{law.pk}/", {"status": "repealed"}, content_type="application/json").status_code == 403
    assert client.patch(f"/api/v1/rules/lists/{rule_list.pk}/", {"laws": []}, content_type="application/json").status_code == 403


def test_stage_deadlines_over_the_api(client, users, national):
    login(client, users, Role.OFFICER)
    procedure = Procedure.objects.get(code="penalty_general")
    url = f"/api/v1/rules/procedures/{procedure.pk}/deadline/"
    body = client.get(url, {"stage": "delivery", "event_date": "2025-09-26"}).json()
    assert body == {"stage": "delivery", "description": "送达处罚决定书：自处罚决定起7个工作日", "deadline": "2025-10-13",
                    "confirmed": True}
    assert client.get(url, {"stage": "nowhere", "event_date": "2025-09-26"}).json()["errors"]["stage"] == [
        "流程“行政处罚普通程序”没有环节“nowhere”"]
    assert client.get(url, {"stage": "filing", "event_date": "2025-09-26"}).json()["errors"]["stage"] == ["环节“立案”没有期限"]
    assert client.get(url, {"stage": "delivery", "event_date": "soon"}).status_code == 400
