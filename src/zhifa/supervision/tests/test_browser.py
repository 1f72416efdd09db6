"""Issue "Must show": a supervisor opens a red warning, reads the case with a reason, and the access shows up
in the agency's access log (R8, I5) — in Debian's Chromium through Playwright."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhifa.accounts.models import User
from zhifa.catalog.defaults import load_national_defaults
from zhifa.demo.loader import load
from zhifa.organizations.models import Person
from zhifa.supervision import scan
from zhifa.supervision.tests.helpers import put
from zhifa.testing import log_in, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "核查红色预警：案源登记后逾期未作出立案决定"


@pytest.fixture
def red_warning(browser, transactional_db):
    """The demo jurisdiction and a lead of the market bureau left far beyond its 15 working days."""
    load()
    load_national_defaults()
    head = User.objects.get(username="agency_head")
    officers = list(Person.objects.filter(agency=head.agency, name__in=["陈志强", "李娜"]))
    case = make_case(head, officers=officers, title="涉嫌销售不合格电动自行车")
    put(head, case, "lead", timezone.localdate() - datetime.timedelta(days=60))
    scan.run()
    return case.warnings.get(rule="filing_decision", cleared_at__isnull=True)


def test_a_supervisor_reads_a_red_warning_s_case_with_a_reason_and_the_agency_sees_it(page, browser, live_server,
                                                                                       red_warning):
    case = red_warning.case
    log_in(page, "supervisor")
    page.get_by_test_id("wb-red").click()
    expect(page).to_have_url(re.compile(r"/supervision/warnings/\?level=red$"))
    page.get_by_role("link", name=re.compile(f"核查并决定是否立案：{re.escape(case.display_number)}")).click()
    expect(page.get_by_test_id("warning-title")).to_contain_text(case.display_number)
    expect(page.locator('[data-level="red"]').first).to_be_visible()
    expect(page.get_by_test_id("escalation")).to_contain_text("执法监督机构")

    expect(page.locator("textarea[name=reason]")).to_have_value(re.compile("^核查红色预警"))  # prefilled, editable
    page.fill("textarea[name=reason]", REASON)
    page.get_by_test_id("open-case").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_test_id("case-number")).to_have_text(case.display_number)
    expect(page.get_by_test_id("access-banner")).to_contain_text(REASON)
    expect(page.get_by_test_id("timeline")).to_contain_text(REASON)
    expect(page.get_by_test_id("case-warnings")).to_contain_text("核查并决定是否立案")

    agency = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    head_page = agency.new_page()
    log_in(head_page, "agency_head")
    head_page.goto("/supervision/accesses/")
    row = head_page.get_by_test_id("accesses").locator("tr", has_text=case.display_number)
    expect(row).to_contain_text("周文")
    expect(row).to_contain_text(f"预警核查：{REASON}")
    head_page.goto(f"/cases/{case.pk}/")
    expect(head_page.get_by_test_id("case-accesses")).to_contain_text(REASON)
    agency.close()
