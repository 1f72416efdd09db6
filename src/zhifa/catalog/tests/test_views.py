"""Rule-list pages: readers in scope see published versions; administrators edit drafts; others get 403/404."""

import datetime

import pytest

from zhifa.accounts.roles import Role
from zhifa.catalog import selectors, services
from zhifa.catalog.models import DiscretionBenchmark, EnforcementItem, MajorDecisionRule, Procedure, RuleList

from .builders import powers_list, workbook

pytestmark = pytest.mark.django_db


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_index_lists_national_and_own_lists_and_flags_overdue(client, users, national, agency, far_agency):
    powers_list(far_agency)
    from zhifa.laws.models import Law

    Law.objects.filter(title="中华人民共和国食品安全法").update(changed_on=datetime.date(2099, 1, 1))
    html = page(client, users[Role.OFFICER], "/rules/")
    assert "国家默认执法流程" in html and far_agency.name not in html
    assert 'data-testid="overdue"' not in html
    # The discretion list was published long ago; the food safety law changed after it, over a month ago.
    from django.utils import timezone

    from zhifa.catalog.models import RuleListVersion

    RuleListVersion.objects.filter(pk=national["discretion"].pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
    Law.objects.filter(title="中华人民共和国食品安全法").update(changed_on=datetime.date(2025, 6, 1))
    html = page(client, users[Role.OFFICER], "/rules/")
    assert "逾期未修订：中华人民共和国食品安全法已于一个月前修改" in html


def test_p5_item_page_shows_service_guide_and_flowchart(client, users, national, agency):
    powers_list(agency)
    item = EnforcementItem.objects.get()
    html = page(client, users[Role.OFFICER], f"/rules/items/{item.pk}/")
    assert 'data-testid="service-guide"' in html and "食品添加剂使用检查与处罚" in html
    assert "<svg" in html and "行政处罚普通程序" in html and "案源登记" in html
    assert "双随机抽查" in html
    assert "食品添加剂使用检查与处罚" in page(client, users[Role.OFFICER], "/rules/items/", random="1")


@pytest.mark.parametrize("code", ["penalty_general", "penalty_simple", "compulsion_seizure", "inspection", "licence"])
def test_every_national_procedure_page_draws_its_flowchart(client, users, national, code):
    procedure = Procedure.objects.get(code=code)
    html = page(client, users[Role.OFFICER], f"/rules/procedures/{procedure.pk}/")
    assert 'data-testid="flowchart"' in html and "<svg" in html and 'class="errorlist"' not in html
    client.force_login(users[Role.OFFICER])
    svg = client.get(f"/rules/procedures/{procedure.pk}/flowchart.svg")
    assert svg["Content-Type"].startswith("image/svg+xml") and svg.content.startswith(b"<svg")


def test_benchmark_check_form_explains_in_chinese(client, users, national):
    benchmark = DiscretionBenchmark.objects.get(code="SP-124-1")
    html = page(client, users[Role.OFFICER], f"/rules/benchmarks/{benchmark.pk}/", tier="general", kinds="fine", fine="90000")
    assert "超出裁量幅度" in html and "高于“一般处罚”阶次上限85,000.00元" in html
    html = page(client, users[Role.OFFICER], f"/rules/benchmarks/{benchmark.pk}/", tier="general", kinds="fine", fine="-1")
    assert "确保该值大于或等于0" in html


def test_major_check_page(client, users, national):
    version = national["major"]
    html = page(client, users[Role.REVIEWER], f"/rules/versions/{version.pk}/major-check/",
                action_kind="penalty", party_type="person", amount="20000")
    assert "属于重大执法决定" in html and "较大数额罚款" in html
    html = page(client, users[Role.REVIEWER], f"/rules/versions/{version.pk}/major-check/",
                action_kind="penalty", party_type="person", amount="200")
    assert "不属于目录所列的重大执法决定" in html


def test_version_pages_render_every_kind(client, users, national, agency):
    powers_list(agency)
    for rule_list in RuleList.objects.all():
        version = selectors.current_version(rule_list)
        html = page(client, users[Role.SUPERVISOR], f"/rules/versions/{version.pk}/")
        assert rule_list.name in html
        page(client, users[Role.SUPERVISOR], f"/rules/lists/{rule_list.pk}/")


def test_administrator_adopts_edits_and_publishes_through_the_pages(client, users, national, agency):
    admin = users[Role.ADMIN]
    client.force_login(admin)
    source = national["major"].rule_list
    response = client.post(f"/rules/lists/{source.pk}/adopt/", {"agency": agency.pk})
    own = RuleList.objects.get(kind="major", agency=agency)
    assert response.status_code == 302 and response["Location"] == f"/rules/lists/{own.pk}/"
    draft = selectors.draft_of(own)
    response = client.post(f"/rules/versions/{draft.pk}/major_rule/new/",
                           {"kind": "amount", "name": "金额", "params": '{"thresholds": {"person": "abc"}}', "basis": ""})
    assert response.status_code == 200 and "“公民”的金额标准必须是正数" in response.content.decode()
    response = client.post(f"/rules/versions/{draft.pk}/major_rule/new/",
                           {"kind": "review_all", "name": "处罚和强制决定全部审核", "params": '{"action_kinds": ["penalty", "compulsion"]}',
                            "basis": "本机关决定"})
    assert response.status_code == 302
    rule = MajorDecisionRule.objects.get(version=draft, kind="review_all")
    response = client.post(f"/rules/versions/{draft.pk}/publish/", {"effective_from": "", "note": ""})
    assert "发布时必须填写生效日期" in client.get(response["Location"]).content.decode()
    client.post(f"/rules/versions/{draft.pk}/publish/", {"effective_from": "2026-01-01", "note": "全覆盖"})
    draft.refresh_from_db()
    assert draft.status == "published"
    response = client.post(f"/rules/versions/{draft.pk}/major_rule/{rule.pk}/edit/",
                           {"kind": "review_all", "name": "改", "params": '{"action_kinds": ["penalty"]}'})
    assert response.status_code == 403 or "已发布的版本不可修改" in response.content.decode()
    rule.refresh_from_db()
    assert rule.name == "处罚和强制决定全部审核"
    response = client.post(f"/rules/lists/{own.pk}/draft/")
    assert response.status_code == 302 and selectors.draft_of(own) is not None


def test_excel_import_page_reports_rows_and_export_downloads(client, users, national, agency):
    rule_list = services.create_list(users[Role.ADMIN], kind="powers", name="本局权责清单", agency=agency)
    draft = services.start_draft(users[Role.ADMIN], rule_list)
    client.force_login(users[Role.ADMIN])
    bad = workbook(powers=[{"code": "P1", "name": "某权力", "kind": "行政处罚", "basis": "没有依据", "responsible_agency": "本局"}], items=[])
    response = client.post(f"/rules/versions/{draft.pk}/import/", {"file": bad})
    assert response.status_code == 400 and "未识别到法律法规条文" in response.content.decode()
    response = client.post(f"/rules/versions/{draft.pk}/import/", {"file": workbook()})
    assert response.status_code == 302
    export = client.get(f"/rules/versions/{draft.pk}/export.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_readers_cannot_manage_and_cannot_see_drafts_or_other_regions(client, users, national, agency, far_agency):
    own = powers_list(agency, publish=False)
    draft = selectors.draft_of(own)
    far = powers_list(far_agency)
    far_version = selectors.current_version(far)
    for role in (Role.OFFICER, Role.AGENCY_HEAD, Role.SUPERVISOR, Role.REVIEWER):
        client.force_login(users[role])
        assert client.get(f"/rules/versions/{draft.pk}/").status_code == 404
        assert client.get(f"/rules/versions/{far_version.pk}/").status_code == 404
        assert client.get(f"/rules/lists/{far.pk}/").status_code == 404
        national_list = national["major"].rule_list
        assert client.post(f"/rules/lists/{national_list.pk}/draft/").status_code == 403
        assert client.post("/rules/", {"kind": "major", "name": "x", "agency": agency.pk}).status_code == 403
    client.force_login(users[Role.ADMIN])
    assert client.get(f"/rules/versions/{far_version.pk}/").status_code == 404
    assert client.post(f"/rules/versions/{national['major'].pk}/major_rule/new/", {}).status_code == 403
    client.logout()
    assert client.get("/rules/").status_code == 302


def test_administrator_links_laws_on_the_list_page(client, users, national, agency):
    from zhifa.laws.models import Law

    rule_list = powers_list(agency)
    law = Law.objects.get(title="中华人民共和国食品安全法")
    client.force_login(users[Role.ADMIN])
    assert "依据的法律法规" in client.get(f"/rules/lists/{rule_list.pk}/").content.decode()
    response = client.post(f"/rules/lists/{rule_list.pk}/laws/", {"laws": [law.pk]})
    assert response.status_code == 302 and list(rule_list.laws.all()) == [law]
    client.force_login(users[Role.OFFICER])
    assert "依据的法律法规（用于" not in client.get(f"/rules/lists/{rule_list.pk}/").content.decode()
    assert client.post(f"/rules/lists/{rule_list.pk}/laws/", {"laws": []}).status_code == 403
    assert list(rule_list.laws.all()) == [law]


def test_first_violation_list_page_and_api(client, users, national):
    html = page(client, users[Role.OFFICER], "/rules/first-violation/")
    assert "运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒" in html and "超范围、超限量使用食品添加剂" not in html
    body = client.get("/api/v1/rules/first-violation/").json()
    assert {b["code"] for b in body} == {"SR-36-6", "GG-57-1"}


def test_garbage_input_gets_answers_not_server_errors(client, users, national, agency):
    powers_list(agency)
    benchmark = DiscretionBenchmark.objects.get(code="SP-124-1")
    major = national["major"]
    procedures = national["procedures"]
    client.force_login(users[Role.ADMIN])
    gets = [
        f"/rules/benchmarks/{benchmark.pk}/?tier=nonsense&fine=abc&kinds=flogging",
        f"/rules/versions/{major.pk}/major-check/?amount=abc&party_type=company",
        "/rules/?kind=nonsense", "/laws/?page=abc&level=x", "/laws/citations/?text=" + "第" * 3000,
        f"/rules/versions/{procedures.pk}/export.xlsx", f"/rules/versions/{major.pk}/nonsense/new/",
        "/rules/items/999999/", "/rules/procedures/999999/flowchart.svg",
    ]
    for url in gets:
        assert client.get(url).status_code in (200, 400, 404), url
    draft = services.start_draft(users[Role.ADMIN], RuleList.objects.get(agency=agency))
    posts = [
        (f"/rules/versions/{draft.pk}/procedure/new/", {"code": "x", "name": "x", "kind": "penalty", "definition": "{not json"}),
        (f"/rules/versions/{draft.pk}/power/new/", {"code": "", "kind": "nonsense"}),
        (f"/rules/versions/{draft.pk}/publish/", {"effective_from": "2026-13-45"}),
        (f"/rules/versions/{draft.pk}/import/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302, 400), url
    api = [
        (f"/api/v1/rules/versions/{draft.pk}/entries/power/", {"code": "P9", "name": "x", "kind": "penalty", "basis": "无"}),
        (f"/api/v1/rules/versions/{draft.pk}/publish/", {"effective_from": "tomorrow"}),
        (f"/api/v1/rules/versions/{major.pk}/is-major/", {"amount": "lots", "party_type": "person"}),
        (f"/api/v1/rules/benchmarks/{benchmark.pk}/check/", {"tier": "general", "fine": "-5"}),
        ("/api/v1/rules/lists/", {"kind": "powers", "name": "x", "agency": "abc"}),
    ]
    for url, data in api:
        response = client.post(url, data, content_type="application/json")
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json", url
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.content.decode()), url


def test_draft_entries_are_edited_and_deleted_from_the_version_page(client, users, national, agency):
    rule_list = powers_list(agency)
    draft = services.start_draft(users[Role.ADMIN], rule_list)
    item = EnforcementItem.objects.get(version=draft)
    html = page(client, users[Role.ADMIN], f"/rules/versions/{draft.pk}/")
    assert f"/rules/versions/{draft.pk}/item/{item.pk}/edit/" in html and f"/item/{item.pk}/delete/" in html
    assert client.post(f"/rules/versions/{draft.pk}/item/{item.pk}/delete/").status_code == 302
    assert not EnforcementItem.objects.filter(pk=item.pk).exists()
    published = selectors.current_version(rule_list)
    html = page(client, users[Role.ADMIN], f"/rules/versions/{published.pk}/")
    assert "/delete/" not in html and "/edit/" not in html
