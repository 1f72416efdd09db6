"""P17 in Chromium: an officer plans a random inspection, draws, records the result; the clerk publishes;
anyone reads the plan, the seed and the result on the portal."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhifa.demo.loader import load
from zhifa.organizations.models import Agency
from zhifa.testing import log_in

from .builders import directory, random_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def market(browser, transactional_db, live_server):
    load()
    agency = Agency.objects.get(short_name="蚌市监")
    item = random_item(agency)
    directory(agency, 3)
    return agency, item


def test_an_officer_plans_draws_and_records_and_the_public_reads_the_result(market, page, browser, live_server):
    agency, item = market
    today = timezone.localdate()
    log_in(page, "officer")
    page.get_by_role("link", name="双随机抽查").click()
    page.get_by_test_id("new-plan").click()
    page.get_by_label("计划名称").fill("食品经营者双随机抽查（浏览器测试）")
    page.get_by_label(item.name).check()
    page.get_by_label("检查期间起").fill(today.isoformat())
    page.get_by_label("检查期间止").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("抽取对象数").fill("1")
    page.get_by_label("每个对象检查人员数").fill("1")  # one officer alone may not inspect
    page.get_by_test_id("create-plan").click()
    expect(page.locator("ul.errorlist")).to_contain_text("不得少于两人")
    page.get_by_label("每个对象检查人员数").fill("2")
    page.get_by_label(item.name).check()
    page.get_by_test_id("create-plan").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("待抽取")
    page.get_by_test_id("draw").click()
    expect(page.get_by_test_id("verification")).to_contain_text("结果一致")
    target = page.get_by_test_id("drawn-1").locator("h3").inner_text()
    page.get_by_label("检查日期").fill(today.isoformat())
    page.get_by_label("检查结果").select_option("no_problem")
    page.get_by_test_id("record-1").click()
    expect(page.get_by_test_id("result")).to_have_text("未发现问题")
    seed = page.get_by_test_id("seed").inner_text()

    clerk = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    log_in(clerk, "publisher")
    clerk.get_by_role("link", name="双随机抽查").click()
    clerk.get_by_role("row").filter(has_text="浏览器测试").get_by_role("link").click()
    clerk.get_by_test_id("publish").click()
    expect(clerk.get_by_text("已在公示平台公示")).to_be_visible()
    clerk.context.close()

    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto("/gs/")
    public.get_by_role("link", name="双随机抽查").click()
    public.get_by_role("link", name="食品经营者双随机抽查（浏览器测试）").click()
    expect(public.get_by_test_id("public-seed")).to_have_text(seed)
    results = public.get_by_test_id("inspection-results")
    expect(results).to_contain_text(target.split(". ", 1)[1].split(" ")[0])
    expect(results).to_contain_text("未发现问题")
    public.context.close()
