"""Issue 5 "Must show": an officer takes a case from lead to archive in the browser.

Two people work it as they would in an agency: the officer (陈志强) registers the lead, adds a
colleague, the facts and the party, issues the documents and moves the case; the agency head
(张明) approves filing, notice, decision and closure from the approvals waiting on the case list.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhifa.cases.models import Case
from zhifa.catalog.defaults import load_national_defaults
from zhifa.demo.loader import load
from zhifa.organizations.models import Agency
from zhifa.signing import pki
from zhifa.testing import log_in, make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jurisdiction(browser, transactional_db, settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"
    load()
    load_national_defaults()
    pki.issue_demo_certificate(Agency.objects.get(short_name="蚌市监"))


@pytest.fixture
def head_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def act(page, test_id):
    page.get_by_test_id(test_id).click()
    expect(page.locator(".messages")).to_be_visible()


def approve(head_page, number_or_title):
    """The head opens the case list, finds the waiting approval and agrees."""
    head_page.goto("/cases/")
    row = head_page.get_by_test_id("pending-approvals").locator("tr", has_text=number_or_title)
    row.get_by_role("button", name="同意").click()
    expect(head_page.locator(".messages")).to_contain_text("审批意见已记录")


def ask(page, to, reason):
    page.locator(f"form:has([data-testid=ask-{to}]) input[name=reason]").fill(reason)
    act(page, f"ask-{to}")
    expect(page.locator(".messages")).to_contain_text("已报请负责人审批")


def go(page, to, stage_name):
    act(page, f"go-{to}")
    expect(page.get_by_test_id("case-stage")).to_have_text(stage_name)


def issue(page, title, fields: dict):
    page.get_by_test_id("case-documents").get_by_role("link", name=title, exact=True).click()
    for label, value in fields.items():
        page.get_by_label(re.compile(f"^{re.escape(label)}[:：]?$")).fill(value)
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_role("button", name="签发").click()
    expect(page.locator(".messages")).to_contain_text("已签发")
    page.get_by_role("link", name=re.compile("返回案件|案件")).first.click()


def test_an_officer_takes_a_case_from_lead_to_archive(jurisdiction, page, head_page):
    page.set_default_timeout(30_000)  # issuing converts and seals a PDF: allow for a loaded machine
    log_in(page, "officer")
    log_in(head_page, "agency_head")

    # The lead.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案件").click()
    page.get_by_role("link", name="登记案源").click()
    page.get_by_label("案源来源").select_option("complaint")
    page.get_by_label("登记日期").fill(timezone.localdate().isoformat())
    page.get_by_label("案源内容").fill("群众投诉：某超市销售过期酸奶。")
    page.get_by_label("案由").fill("销售过期食品案")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("case-stage")).to_have_text("案源登记")
    case = Case.objects.get()
    case_url = f"/cases/{case.pk}/"

    # A second officer (PL Art. 42), the facts and the party.
    page.get_by_role("link", name="指派办案人员").click()
    page.get_by_label("李娜").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("officers")).to_contain_text("李娜")
    page.get_by_role("link", name="修改案件信息").click()
    page.get_by_label("违法行为终了日期").fill((timezone.localdate() - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("违法事实").fill("当事人销售超过保质期的酸奶12盒，货值金额96元。")
    page.get_by_label("违反条款").fill("《中华人民共和国食品安全法》第三十四条第（十）项")
    page.get_by_label("处罚依据").fill("《中华人民共和国食品安全法》第一百二十四条第一款")
    page.get_by_role("checkbox", name="罚款", exact=True).check()
    page.get_by_label("罚款金额（元）").fill("5000.00")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="登记当事人").click()
    page.get_by_label("当事人类型").select_option("legal")
    page.get_by_label("名称或姓名").fill("蚌埠市佳惠超市有限公司")
    page.get_by_label("统一社会信用代码").fill(make_uscc("340300"))
    page.get_by_label("法定代表人（负责人、经营者）").fill("钱文斌")
    page.get_by_label("住所或地址").fill("蚌埠市蚌山区宏业路88号")
    page.get_by_role("button", name="保存").click()

    # Filing needs the head's approval; the page says so until it is given.
    expect(page.get_by_test_id("stage-actions")).to_contain_text("尚未报请负责人审批“立案”")
    ask(page, "filing", "有证据初步证明存在违法行为")
    approve(head_page, "销售过期食品案")
    page.goto(case_url)
    go(page, "filing", "立案")
    expect(page.get_by_test_id("case-number")).to_contain_text("蚌市监立〔")
    go(page, "investigation", "调查取证")
    go(page, "case_review", "案件审查")

    ask(page, "notice", "事实清楚，拟给予行政处罚")
    approve(head_page, "销售过期食品案")
    page.goto(case_url)
    go(page, "notice", "告知")
    expect(page.get_by_test_id("stage-actions")).to_contain_text("尚未签发：行政处罚事先告知书")
    issue(page, "行政处罚事先告知书", {"拟处罚的理由": "当事人积极配合调查，适用一般情节。"})
    page.goto(case_url)
    go(page, "statement", "陈述申辩")

    # The party waives the statement period in writing; the head approves the decision.
    page.locator("summary", has_text="登记办案事项").click()
    page.get_by_label("事项").select_option("statement_waived")
    page.get_by_label("发生日期").fill(timezone.localdate().isoformat())
    page.get_by_label("说明").last.fill("当事人书面放弃陈述申辩和听证")
    act(page, "record-event")
    ask(page, "decision", "拟作出罚款五千元的决定")
    approve(head_page, "销售过期食品案")
    page.goto(case_url)
    go(page, "decision", "处罚决定")
    issue(page, "行政处罚决定书", {
        "证据": "现场检查笔录、询问笔录、现场照片", "处罚理由": "违法事实清楚，适用一般情节",
        "缴款方式": "持本决定书到中国工商银行蚌埠分行缴纳", "行政复议机关": "蚌埠市人民政府",
        "行政诉讼管辖法院": "蚌埠市蚌山区人民法院"})
    page.goto(case_url)
    go(page, "delivery", "送达")
    go(page, "execution", "执行")

    page.locator("summary", has_text="登记办案事项").click()
    page.get_by_label("事项").select_option("fine_paid")
    page.get_by_label("发生日期").fill(timezone.localdate().isoformat())
    page.get_by_label("金额（元）").fill("5000.00")
    act(page, "record-event")
    ask(page, "closure", "罚款已缴清")
    approve(head_page, "销售过期食品案")
    page.goto(case_url)
    go(page, "closure", "结案")
    expect(page.get_by_test_id("case-status")).to_have_text("已结案")
    go(page, "archive", "归档")

    # Archived: read-only, and every step is in the case's journal.
    expect(page.get_by_test_id("case-status")).to_have_text("已归档")
    expect(page.get_by_test_id("stage-actions")).to_have_count(0)
    timeline = page.get_by_test_id("timeline")
    for step in ("登记案源", "负责人审批", "签发文书", "环节流转"):
        expect(timeline).to_contain_text(step)
    case.refresh_from_db()
    assert case.status == Case.Status.ARCHIVED and case.archived_at is not None
