"""Issue 6 "Must show": a reviewer finds a submission waiting, reviews it with problems, the officer
resubmits, the reviewer agrees, the head approves — three people in three browsers (demo users)."""

import re

import pytest
from playwright.sync_api import expect

from zhifa.accounts.models import User
from zhifa.catalog.defaults import load_national_defaults
from zhifa.demo.loader import load
from zhifa.organizations.models import Agency, Person
from zhifa.review.models import Opinion
from zhifa.signing import pki
from zhifa.testing import log_in, make_case

from .conftest import prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jurisdiction(browser, transactional_db, settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"
    load()
    load_national_defaults()
    market = Agency.objects.get(short_name="蚌市监")
    pki.issue_demo_certificate(market)
    head = User.objects.get(username="agency_head")
    people = [Person.objects.get(agency=market, name=name) for name in ("陈志强", "李娜")]
    return prepare(head, make_case(head, officers=people, stage="legal_review"))


def _context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    return context


@pytest.fixture
def pages(browser, live_server):
    contexts = [_context(browser, live_server) for _ in range(3)]
    yield [c.new_page() for c in contexts]
    for c in contexts:
        c.close()


def field(page, text):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}[:：]?\s*$"))


def message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def open_from_queue(page, number):
    page.goto("/review/")
    page.get_by_test_id("review-queue").get_by_role("link", name=number).click()


def test_reviewer_problems_officer_resubmits_reviewer_agrees_head_approves(jurisdiction, pages):
    officer, reviewer, head = pages
    case = jurisdiction
    number = case.display_number
    log_in(officer, "officer")
    log_in(reviewer, "reviewer")
    log_in(head, "agency_head")

    # The officer submits the proposal with its materials from the case page.
    officer.goto(f"/cases/{case.pk}/")
    expect(officer.get_by_test_id("review-status")).to_have_text("未报审")
    officer.get_by_test_id("review-submit").click()
    field(officer, "拟作出的执法决定").fill("拟对当事人罚款二十五万元")
    for name in ("案件调查终结报告", "拟作出的执法决定书草案", "证据清单及证据材料", "裁量说明"):
        field(officer, f"{name}：内容或说明").fill(f"{name}（见附件）")
    officer.get_by_test_id("submit-review").click()
    message(officer, "已报送法制审核（第1版）")

    # The reviewer finds it waiting and finds problems.
    open_from_queue(reviewer, number)
    expect(reviewer.get_by_test_id("proposal")).to_contain_text("罚款二十五万元")
    field(reviewer, "行政裁量是否适当，是否符合裁量基准").select_option("problem")
    field(reviewer, "行政裁量是否适当，是否符合裁量基准：说明").fill("未说明适用的裁量阶次")
    field(reviewer, "存在问题，需要纠正").check()
    field(reviewer, "理由").fill("裁量说明不充分")
    reviewer.get_by_test_id("give-opinion").click()
    message(reviewer, "审核意见已出具")
    expect(reviewer.get_by_test_id("opinion")).to_contain_text("未说明适用的裁量阶次")
    expect(reviewer.get_by_test_id("opinion-pdf")).to_be_visible()  # the 法制审核意见书, issued and sealed

    # The officer sees the problem and resubmits, saying what was done.
    officer.goto(f"/cases/{case.pk}/")
    expect(officer.get_by_test_id("review-status")).to_have_text("存在问题需纠正")
    officer.get_by_test_id("review-submit").click()
    field(officer, "裁量说明").fill("适用一般处罚阶次：货值金额五倍")
    for name in ("案件调查终结报告", "拟作出的执法决定书草案", "证据清单及证据材料", "裁量说明"):
        field(officer, f"{name}：内容或说明").fill(f"{name}（见附件）")
    officer.get_by_label(re.compile("^整改情况：行政裁量")).fill("已补充裁量说明，适用一般阶次")
    officer.get_by_test_id("submit-review").click()
    message(officer, "已报送法制审核（第2版）")

    # The reviewer sees the difference and the response, and agrees.
    open_from_queue(reviewer, number)
    expect(reviewer.get_by_test_id("diff")).to_contain_text("适用一般处罚阶次：货值金额五倍")
    expect(reviewer.get_by_test_id("responses")).to_contain_text("已补充裁量说明，适用一般阶次")
    field(reviewer, "同意").check()
    field(reviewer, "理由").fill("问题已整改，同意")
    reviewer.get_by_test_id("give-opinion").click()
    message(reviewer, "审核意见已出具")

    # The head approves from the review page's list.
    head.goto("/review/")
    head.get_by_test_id("review-approvals").get_by_role("link", name=re.compile(re.escape(number))).click()
    field(head, "审批结果").select_option("1")
    head.get_by_test_id("approve").click()
    message(head, "审批意见已记录")

    # The gate is open: the officer moves the case on.
    officer.goto(f"/cases/{case.pk}/")
    expect(officer.get_by_test_id("review-status")).to_have_text("审核通过，负责人已批准")
    officer.get_by_test_id("go-notice").click()
    expect(officer.get_by_test_id("case-stage")).to_have_text("告知")
    assert list(Opinion.objects.order_by("pk").values_list("kind", flat=True)) == ["correct", "agree"]
