"""P1–P16 on the portal: lists in force, decisions, withdrawals, boards, open data, the public API.

And what must never be reachable: drafts, unpublished and withheld decisions, draft list versions,
unpublished boards and reports, another agency's internal records.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from zhifa.catalog import services as catalog
from zhifa.catalog.defaults import load_national_defaults
from zhifa.catalog.models import EnforcementItem, Power, RuleList
from zhifa.disclosure import services
from zhifa.disclosure.models import Disclosure, PostBoard
from zhifa.testing import make_case

from .factories import issue_fast, prepare

pytestmark = pytest.mark.django_db


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


@pytest.fixture
def published(publisher, head, natural_case, agency):
    """One decision of a natural person, published (name masked by the agency's rule), one pending, one withheld."""
    from zhifa.disclosure.models import DisclosurePolicy

    DisclosurePolicy.objects.create(agency=agency, mask_party_names=True)
    decision = services.publish(publisher, Disclosure.objects.get(document=issue_fast(head, natural_case)))
    pending_case = prepare(head, make_case(head, stage="decision"), name="蚌埠市待公示食品有限公司")
    pending = Disclosure.objects.get(document=issue_fast(head, pending_case))
    withheld_case = prepare(head, make_case(head, stage="decision"), name="蚌埠市保密工艺有限公司")
    withheld = Disclosure.objects.get(document=issue_fast(head, withheld_case))
    services.withhold(publisher, withheld, kind="trade_secret", reason="配方属于商业秘密")
    return decision, pending, withheld


def test_p12_the_decision_page_shows_agency_target_category_and_conclusion(client, published):
    decision, *_ = published
    page = body(client.get(f"/gs/decisions/{decision.pk}/"))
    for text in ("蚌埠市市场监督管理局", "行政处罚", "王某某", "罚款人民币50,000.00元", decision.number, "依法对个人信息作了脱敏处理"):
        assert text in page
    assert "王小二" not in page


def test_nothing_unpublished_is_reachable_from_the_portal(client, published):
    decision, pending, withheld = published
    everything = "".join(body(client.get(url)) for url in (
        "/gs/", "/gs/decisions/", "/gs/decisions/?status=all", "/gs/decisions/?q=食品", "/gs/withdrawals/",
        "/gs/data/decisions.csv", "/gs/data/decisions.json", "/gs/data/withdrawals.json", "/gs/feeds/decisions.atom",
        "/api/v1/public/decisions/", "/api/v1/public/decisions/?status=all", "/api/v1/public/withdrawals/",
    ))
    assert decision.number in everything
    for hidden in (pending.number, withheld.number, "待公示食品", "保密工艺", "配方属于商业秘密"):
        assert hidden not in everything
    # The internal records have no public address at all: the ids of disclosures are not decision ids.
    for pk in (pending.pk, withheld.pk):
        response = client.get(f"/gs/decisions/{pk}/")
        assert response.status_code == 404 or decision.pk == pk
    assert client.get("/gs/decisions/999999/").status_code == 404
    assert client.get("/api/v1/public/decisions/999999/").status_code == 404
    assert client.get(f"/disclosure/{pending.pk}/").status_code == 302  # the clerk's page needs a login
    assert client.get(f"/api/v1/disclosures/{pending.pk}/").status_code == 403


def test_a_withdrawn_decision_shows_its_notice_and_no_longer_its_text(client, publisher, published):
    decision, *_ = published
    services.open_withdrawal(publisher, decision.disclosure, kind="remade", reason="复议机关责令重新作出",
                             occurred_on=timezone.localdate(), withdraw_now=True)
    page = body(client.get(f"/gs/decisions/{decision.pk}/"))
    assert "本决定已撤下" in page and "被要求重新作出：复议机关责令重新作出" in page and "决定书正文" not in page
    assert decision.number in body(client.get("/gs/withdrawals/"))
    assert decision.number not in body(client.get("/gs/decisions/"))
    record = client.get(f"/api/v1/public/decisions/{decision.pk}/").json()
    assert record["status"] == "已撤下" and record["content"] == "" and record["withdrawal_notice"]


def test_p16_download_feed_and_api_say_what_the_page_says(client, published):
    decision, *_ = published
    rows = list(csv.reader(io.StringIO(body(client.get("/gs/data/decisions.csv")).lstrip("\ufeff"))))
    assert rows[0][:5] == ["公示编号", "执法机关", "执法类别", "文书名称", "文书编号"] and len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    as_json = json.loads(body(client.get("/gs/data/decisions.json")))
    api = client.get(f"/api/v1/public/decisions/{decision.pk}/").json()
    assert record["执法对象"] == as_json[0]["target"] == api["target"] == "王某某"
    assert record["决定书正文（已脱敏）"] == as_json[0]["content"] == api["content"] == decision.content
    assert record["罚款金额（元）"] == as_json[0]["fine_amount"] == api["fine_amount"] == "50000.00"  # money, not a float
    listed = client.get("/api/v1/public/decisions/").json()
    assert listed["count"] == 1 and listed["results"][0]["number"] == decision.number and listed["next_after"] is None
    feed = ET.fromstring(body(client.get("/gs/feeds/decisions.atom")))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 1 and decision.number in entries[0].find("a:title", ns).text
    assert "王某某" in entries[0].find("a:summary", ns).text


def test_bad_filters_get_a_chinese_message_never_a_500(client, published):
    response = client.get("/gs/decisions/", {"date_from": "2026-13-45", "category": "bogus", "agency": "x"})
    page = body(response)
    assert response.status_code == 400 and "日期格式应为 YYYY-MM-DD" in page and "执法类别只能是" in page
    api = client.get("/api/v1/public/decisions/", {"date_to": "昨天"})
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert api.json()["errors"]["date_to"] == ["日期格式应为 YYYY-MM-DD，如 2026-03-01"]
    assert client.get("/gs/data/decisions.csv", {"date_from": "nope"}).status_code == 400
    assert client.get("/gs/data/nothing.csv").status_code == 404 and client.get("/gs/data/decisions.xml").status_code == 404
    for url in ("/gs/lists/powers/?agency=abc", "/gs/lists/powers/?agency=99999", "/gs/lists/nothing/", "/gs/items/99999/",
                "/gs/boards/99999/", "/gs/agencies/99999/", "/gs/reports/99999/", "/gs/roster/?agency=zz"):
        assert client.get(url).status_code == 404, url
    assert client.get("/gs/decisions/", {"after": "garbage"}).status_code == 200
    assert client.get("/gs/decisions/", {"q": "'\"&|!:*() OR AND NEAR"}).status_code == 200
    assert client.get("/api/v1/public/lists/powers/").status_code == 400


def test_keyset_pages_walk_every_decision_once(client, publisher, head, officers):
    numbers = set()
    for _ in range(23):
        case = prepare(head, make_case(head, officers=officers, stage="decision"))
        numbers.add(services.publish(publisher, Disclosure.objects.get(document=issue_fast(head, case))).number)
    seen, url = [], "/api/v1/public/decisions/"
    while url:
        data = client.get(url).json()
        seen += [r["number"] for r in data["results"]]
        url = f"/api/v1/public/decisions/?after={data['next_after']}" if data["next_after"] else None
    assert sorted(seen) == sorted(numbers) and len(seen) == 23
    page = body(client.get("/gs/decisions/"))
    assert "共23件" in page and "下一页" in page


@pytest.fixture
def lists(agency, db):
    """The national defaults, and the agency's own powers list with one published version and a draft."""
    load_national_defaults()
    rule_list = catalog.create_list(catalog.SYSTEM, kind=RuleList.Kind.POWERS, name="权责清单", agency=agency)
    draft = catalog.start_draft(catalog.SYSTEM, rule_list)
    power = catalog.save_entry(catalog.SYSTEM, draft, Power, {
        "code": "SC-XK-001", "name": "食品经营许可", "kind": "licence", "basis": "《中华人民共和国食品安全法》第三十五条",
        "responsible_agency": agency.name})
    catalog.save_entry(catalog.SYSTEM, draft, EnforcementItem, {
        "power": power, "code": "SC-XK-001-01", "name": "食品经营许可证核发", "subject": agency.name,
        "materials": "食品经营许可申请书", "time_limit": "10个工作日", "procedure_code": "licence"})
    catalog.publish(catalog.SYSTEM, draft, timezone.localdate())
    later = catalog.start_draft(catalog.SYSTEM, rule_list)
    catalog.save_entry(catalog.SYSTEM, later, Power, {
        "code": "SC-CF-999", "name": "尚未发布的草稿权力", "kind": "penalty",
        "basis": "《中华人民共和国食品安全法》第一百二十四条", "responsible_agency": agency.name})
    return rule_list


def test_p4_p8_the_lists_in_force_and_never_a_draft(client, agency, lists):
    pages = {kind: body(client.get(f"/gs/lists/{kind}/", {"agency": agency.pk}))
             for kind in ("powers", "items", "inspections", "benchmarks", "review", "av")}
    assert "食品经营许可" in pages["powers"] and "本机关清单" in pages["powers"]
    assert "尚未发布的草稿权力" not in "".join(pages.values())
    assert "采用国家默认清单" in pages["benchmarks"] and "法定审核范围" in pages["review"]
    assert "全程音像记录" in pages["av"]
    item = EnforcementItem.objects.get(code="SC-XK-001-01", version__status="published")
    page = body(client.get(f"/gs/items/{item.pk}/"))
    assert "服务指南" in page and "食品经营许可申请书" in page and "<svg" in page  # the flowchart, drawn locally
    draft_item = EnforcementItem.objects.filter(version__status="draft").first()
    assert client.get(f"/gs/items/{draft_item.pk}/").status_code == 404
    api = client.get("/api/v1/public/lists/powers/", {"agency": agency.pk}).json()
    assert [e["code"] for e in api["entries"]] == ["SC-XK-001"] and api["source"] == "本机关清单"
    assert client.get(f"/api/v1/public/items/{draft_item.pk}/").status_code == 404


def test_p11_only_published_boards_are_shown_with_their_people_and_materials(client, agency, publisher, lists,
                                                                           officer_person):
    board = services.save_board(publisher, agency, {
        "name": "许可窗口", "duties": "受理食品经营许可申请", "item_codes": ["SC-XK-001-01"], "is_published": True,
    }, people=[officer_person])
    hidden = services.save_board(publisher, agency, {"name": "未公示窗口", "duties": "筹建中"})
    page = body(client.get(f"/gs/boards/{board.pk}/"))
    assert "张伟" in page and "34030000000001" in page and "食品经营许可申请书" in page and "进度查询" in page
    assert client.get(f"/gs/boards/{hidden.pk}/").status_code == 404
    assert "未公示窗口" not in body(client.get("/gs/boards/")) + json.dumps(client.get("/api/v1/public/boards/").json())
    assert PostBoard.objects.count() == 2


def test_p2_p3_agencies_and_the_roster(client, agency, other_agency, officer_person):
    assert agency.name in body(client.get("/gs/agencies/")) and other_agency.name in body(client.get("/gs/agencies/"))
    page = body(client.get(f"/gs/agencies/{agency.pk}/"))
    assert "执法人员（1人）" in page
    roster = body(client.get("/gs/roster/", {"agency": agency.pk}))
    assert "张伟" in roster and "34030000000001" in roster
    officers = json.loads(body(client.get("/gs/data/officers.json")))
    assert officers == client.get("/api/v1/public/officers/").json()
    assert set(officers[0]) == {"number", "name", "agency", "category", "region_code", "issued_on", "expires_on",
                                "status"}  # roster fields only: no ID number, no phone


def test_the_home_page_searches_and_links_everything(client, published):
    page = body(client.get("/gs/"))
    for link in ("/gs/decisions/", "/gs/roster/", "/gs/lists/powers/", "/gs/boards/", "/gs/complaints/new/",
                 "/gs/progress/", "/gs/data/", "/gs/reports/", "/gs/withdrawals/", "/gs/feeds/decisions.atom"):
        assert link in page
    assert 'role="search"' in page and "<label" in page and 'lang="zh-CN"' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing from outside
