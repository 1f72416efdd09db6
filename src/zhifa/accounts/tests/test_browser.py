"""The platform in a real browser (issue 2 "Must show"): Debian's Chromium driven by Playwright over the demo data.

An officer logs in through the form and sees the own agency's workbench; the public verifies an
officer by certificate number and through the QR link; expired and revoked certificates say so;
another agency's record is a 404 by URL. Without /usr/bin/chromium the tests skip on a
workstation but fail under CI, so a CI run never passes without having driven the browser.
"""

import re

import pytest
from playwright.sync_api import expect

from zhifa.demo.loader import load
from zhifa.disclosure import qr
from zhifa.organizations.models import Agency, Certificate, Person
from zhifa.testing import log_in

# The live server thread reads what the test thread wrote: the data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(browser, transactional_db):
    return load()


def certificate_of(name):
    return Certificate.objects.get(person__name=name).number


def test_an_officer_logs_in_and_the_workbench_shows_only_the_own_agency(demo, page, tmp_path):
    log_in(page, "officer")

    expect(page).to_have_url(re.compile(r"/accounts/workbench/$"))
    expect(page.get_by_test_id("current-user")).to_have_text("陈志强 · 执法人员 · 蚌市监")
    agencies = page.get_by_test_id("agencies")
    expect(agencies).to_contain_text("蚌埠市市场监督管理局")
    expect(agencies).not_to_contain_text("蚌埠市生态环境局")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="人员").click()
    expect(page.locator("main")).to_contain_text("赵磊")
    expect(page.locator("main")).not_to_contain_text("梁宇")  # an officer of the ecology bureau

    shot = tmp_path / "workbench.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_wrong_password_keeps_the_login_page_with_an_error(demo, page):
    log_in(page, "officer", password="wrong-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".errorlist")).to_be_visible()
    assert page.get_by_test_id("current-user").count() == 0


def test_the_public_verifies_an_officer_by_certificate_number(demo, page):
    number = certificate_of("陈志强")
    page.goto("/gs/")
    page.fill("#officer-number", number)
    page.get_by_role("button", name="查询").click()

    expect(page).to_have_url(re.compile(rf"/gs/officers/{number}/$"))
    expect(page.get_by_test_id("officer-name")).to_have_text("陈志强")
    expect(page.get_by_test_id("status")).to_have_text("有效")
    expect(page.get_by_test_id("verdict")).to_contain_text("持有有效执法证")
    expect(page.locator("main")).to_contain_text("蚌埠市市场监督管理局")
    expect(page.locator("main")).to_contain_text("市场监管综合执法")


def test_an_unknown_certificate_number_is_reported_not_invented(demo, page):
    page.goto("/gs/")
    page.fill("#officer-number", "34039999999999")
    page.get_by_role("button", name="查询").click()

    expect(page.get_by_role("alert")).to_contain_text("未查询到执法证号为“34039999999999”的执法人员")
    assert page.get_by_test_id("officer-name").count() == 0


def test_the_qr_code_leads_to_the_verification_page(demo, page, live_server, settings):
    settings.ZHIFA = {**settings.ZHIFA, "PUBLIC_BASE_URL": live_server.url}
    number = certificate_of("梁宇")
    url = qr.certificate_url(number)

    svg = page.request.get(f"/gs/officers/{number}/qr.svg")
    assert svg.status == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text() == qr.svg(url, scale=6)  # the printed code encodes exactly this URL

    page.goto(url)
    expect(page.get_by_test_id("officer-name")).to_have_text("梁宇")
    expect(page.get_by_test_id("status")).to_have_text("有效")
    expect(page.locator(".qr svg")).to_be_visible()


def test_expired_revoked_and_suspended_certificates_show_their_status(demo, page):
    for name, status in (("郑伟", "已过期"), ("沈立新", "注销"), ("徐斌", "暂扣")):
        page.goto(f"/gs/officers/{certificate_of(name)}/")

        expect(page.get_by_test_id("officer-name")).to_have_text(name)
        expect(page.get_by_test_id("status")).to_have_text(status)
        expect(page.get_by_test_id("verdict")).to_contain_text(f"执法证{status}，不得从事执法活动")


def test_another_agencys_record_is_404_by_url(demo, page):
    ecology = Agency.objects.get(short_name="蚌环")
    outsider = Person.objects.get(name="梁宇")
    log_in(page, "dept_head")
    expect(page.get_by_test_id("current-user")).to_contain_text("承办机构负责人")

    for url in (f"/org/person/{outsider.pk}/", f"/org/agency/{ecology.pk}/",
                f"/org/certificate/{outsider.certificates.get().pk}/"):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.locator("main")).to_contain_text("页面不存在或您无权查看")
        expect(page.locator("main")).not_to_contain_text("梁宇")
