"""Rule lists in a real browser (Debian's Chromium through Playwright) over the demo data.

An officer opens an enforcement item and sees its service guide and the procedure drawn as a
flowchart; the administrator adopts the national major-decision catalog, adds a rule, publishes,
and the published version no longer offers editing.
"""

import re

import pytest
from playwright.sync_api import expect

from zhifa.catalog.demo import load_demo_rules
from zhifa.catalog.models import EnforcementItem
from zhifa.demo.loader import load
from zhifa.laws.library import load_shipped_library
from zhifa.laws.services import SYSTEM
from zhifa.organizations.models import Agency
from zhifa.testing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_rules(browser, transactional_db):  # noqa: F811
    load()
    load_shipped_library(SYSTEM)
    load_demo_rules(Agency.objects.order_by("pk"))


def test_an_officer_reads_an_item_with_its_flowchart(demo_rules, page):  # noqa: F811
    log_in(page, "officer")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="清单与规则").click()
    page.get_by_role("link", name="执法事项清单").click()
    item = EnforcementItem.objects.get(code="SC-QZ-001-01")
    page.get_by_role("link", name=item.name).click()
    expect(page.get_by_test_id("service-guide")).to_contain_text("三十日，经批准可延长三十日")
    chart = page.get_by_test_id("flowchart").locator("svg")
    expect(chart).to_be_visible()
    expect(chart.locator("g.stage")).to_have_count(7)
    expect(chart).to_contain_text("现场实施")
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 400


def test_the_administrator_adopts_edits_and_publishes_a_catalog(demo_rules, page):  # noqa: F811
    log_in(page, "admin")
    page.goto("/rules/?kind=major")
    page.get_by_role("link", name="国家默认重大执法决定法制审核目录清单").click()
    page.select_option("select[name=agency]", label="蚌埠市市场监督管理局")
    page.get_by_role("button", name="采用并修改").click()
    expect(page.locator(".messages")).to_contain_text("已采用为")
    page.get_by_role("link", name=re.compile("继续编辑第1版草稿")).click()
    page.get_by_role("link", name="新增审核事项").click()
    page.select_option("#id_kind", "review_all")
    page.fill("#id_name", "行政处罚和行政强制决定全部法制审核")
    page.fill("#id_params", '{"action_kinds": ["penalty", "compulsion"]}')
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("行政处罚和行政强制决定全部法制审核")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("已发布第1版")
    expect(page.get_by_role("link", name="新增审核事项")).to_have_count(0)
    page.get_by_role("link", name="判断是否属于重大执法决定").click()
    page.select_option("#id_party_type", "person")
    page.fill("#id_amount", "100")
    page.get_by_role("button", name="判断").click()
    expect(page.get_by_test_id("major-result")).to_contain_text("本机关对行政处罚决定全部进行法制审核")
