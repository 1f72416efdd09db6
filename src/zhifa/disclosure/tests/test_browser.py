"""Issue 9 "Must show", in Chromium: verify an officer from the QR code, search and read a decision, file a
complaint and follow it, and the publisher's path from the workbench to a withdrawn decision's public notice."""

import re

import pytest
from playwright.sync_api import expect

from zhifa.accounts.models import User
from zhifa.catalog.defaults import load_national_defaults
from zhifa.demo.loader import load
from zhifa.disclosure.models import Disclosure
from zhifa.organizations.models import Agency, Certificate
from zhifa.testing import log_in, make_case

from .factories import issue_fast, prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def grey_pixels(png: bytes):
    """The red channel of a Chromium screenshot (8-bit RGB or RGBA, not interlaced) as rows of bytes (RFC 2083)."""
    import struct
    import zlib

    position, data, width, height, channels = 8, b"", 0, 0, 4
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            data += body
        position += length + 12
    raw, stride, rows, previous = zlib.decompress(data), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[::channels]))
        previous = line
    return memoryview(b"".join(rows)).cast("B", (height, width))


@pytest.fixture
def jurisdiction(browser, transactional_db, settings, tmp_path, live_server):
    settings.KEY_DIR, settings.BLOB_DIR = tmp_path / "keys", tmp_path / "blobs"
    settings.ZHIFA = {**settings.ZHIFA, "PUBLIC_BASE_URL": live_server.url, "COMPLAINT_MIN_SECONDS": 0}
    load()
    load_national_defaults()
    return Agency.objects.get(short_name="蚌市监")


def decision(agency, *, name, facts):
    head = User.objects.get(username="agency_head")
    case = prepare(head, make_case(head, stage="decision"), name=name, facts=facts)
    return Disclosure.objects.get(document=issue_fast(head, case))


def test_anyone_verifies_an_officer_by_scanning_the_qr_code(jurisdiction, page):
    import zxingcpp

    number = Certificate.objects.filter(person__user__username="officer").values_list("number", flat=True).get()
    page.set_viewport_size({"width": 400, "height": 400})
    page.goto(f"/gs/officers/{number}/qr.svg")  # the code printed on the certificate, as a phone's camera sees it
    pixels = grey_pixels(page.screenshot())
    [link] = [code.text for code in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert link.endswith(f"/gs/officers/{number}/")
    page.goto(link)
    expect(page.get_by_test_id("verdict")).to_have_text("持有有效执法证")
    expect(page.get_by_test_id("officer-name")).to_have_text("陈志强")
    page.get_by_role("link", name="执法人员查询").click()
    page.get_by_label("执法证号").fill("34030032000003")  # the demo's expired certificate
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("不得从事执法活动")


def test_anyone_searches_and_reads_a_published_decision(jurisdiction, page):
    from zhifa.disclosure import services

    publisher = User.objects.get(username="publisher")
    services.publish(publisher, decision(jurisdiction, name="蚌埠市安骑商贸有限公司",
                                         facts="当事人销售的电动自行车头盔冲击吸收性能不合格，店员周小梅（电话13905524321）在场。"))
    services.publish(publisher, decision(jurisdiction, name="蚌埠市好运来食品有限公司", facts="当事人销售超过保质期的酸奶。"))
    page.goto("/gs/")
    page.get_by_label("检索执法决定和清单").fill("头盔 不合格")
    page.get_by_label("检索执法决定和清单").press("Enter")
    results = page.get_by_test_id("decisions")
    expect(results.locator("li")).to_have_count(1)
    expect(page.get_by_test_id("result-count")).to_have_text("共1件")
    results.get_by_role("link").click()
    expect(page.get_by_test_id("target")).to_contain_text("蚌埠市安骑商贸有限公司")
    expect(page.get_by_test_id("conclusion")).to_have_text("罚款人民币50,000.00元")
    content = page.get_by_test_id("content")
    expect(content).to_contain_text("店员周某某")
    expect(content).not_to_contain_text("周小梅")
    expect(content).not_to_contain_text("13905524321")
    page.get_by_role("link", name="← 执法决定").click()
    page.get_by_label("执法类别").select_option("licence")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_test_id("decisions")).to_contain_text("没有符合条件的执法决定")


def answer(page) -> str:
    digits = "零一二三四五六七八九十"
    a, b = re.match(r"(.)加(.)等于几", page.get_by_test_id("challenge").inner_text()).groups()
    return str(digits.index(a) + digits.index(b))


def test_anyone_files_a_complaint_which_becomes_a_lead_and_follows_its_progress(jurisdiction, page, browser,
                                                                              live_server):
    page.goto("/gs/")
    page.get_by_role("link", name="投诉举报").first.click()
    page.get_by_label("受理机关").select_option(label="蚌埠市市场监督管理局")
    page.get_by_label("投诉", exact=True).check()
    page.get_by_label("被投诉举报对象").fill("蚌埠市佳惠超市有限公司（蚌山区宏业路88号）")
    page.get_by_label("投诉举报内容").fill("本人在该超市购买的酸奶已过保质期三天，要求退款并依法查处。")
    page.get_by_label("姓名").fill("王建华")
    page.get_by_label("联系电话").fill("1360552118")  # one digit short
    page.get_by_label(re.compile("验证问题")).fill(answer(page))
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert").first).to_contain_text("联系电话格式不正确")
    page.get_by_label("联系电话").fill("13605521188")
    page.get_by_label(re.compile("验证问题")).fill(answer(page))  # a refused form brings a new question
    page.get_by_role("button", name="提交").click()
    number = page.get_by_test_id("tracking-number").inner_text()
    code = page.get_by_test_id("query-code").inner_text()
    assert re.fullmatch(r"蚌市监投诉举报〔\d{4}〕1号", number) and re.fullmatch(r"[A-Z0-9]{8}", code)

    def look_up():
        page.goto("/gs/progress/")
        page.get_by_label("编号").fill(number)
        page.get_by_label("查询码或申请人").fill(code)
        page.get_by_role("button", name="查询").click()
        return page.get_by_test_id("progress-status")

    expect(look_up()).to_have_text("已收到，待受理")

    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    officer = context.new_page()
    log_in(officer, "officer")
    expect(officer.get_by_test_id("complaints-waiting")).to_have_text("1")
    officer.get_by_role("link", name="投诉举报").last.click()
    officer.get_by_role("link", name=number).click()
    officer.get_by_test_id("register-lead").click()
    expect(officer.get_by_test_id("complaint-status")).to_have_text("已受理，正在核查")
    officer.get_by_role("link", name=re.compile("案源")).first.click()
    expect(officer.locator("body")).to_contain_text("投诉：蚌埠市佳惠超市有限公司")
    context.close()

    expect(look_up()).to_have_text("已受理，正在核查")
    expect(page.get_by_test_id("progress")).not_to_contain_text("王建华")


def test_the_publisher_publishes_from_the_workbench_then_withdraws_and_the_public_sees_the_notice(
        jurisdiction, page, browser, live_server):
    disclosure = decision(jurisdiction, name="蚌埠市丽人美容服务有限公司",
                          facts="当事人发布含有“七天祛斑”内容的广告，投诉人消费者刘晓东（身份证号码34030219850615003X）反映属实。")
    log_in(page, "publisher")
    page.get_by_test_id("disclosure-workbench").get_by_role("link", name=re.compile(disclosure.number)).click()
    spans = page.get_by_test_id("masked-spans")
    expect(spans).to_contain_text("刘晓东")  # the clerk sees every masked span…
    expect(page.get_by_test_id("masked-text")).to_contain_text("刘某某")  # …and what the public will read
    page.get_by_test_id("publish").click()
    expect(page.locator(".messages")).to_contain_text("已发布公示")
    expect(page.get_by_test_id("disclosure-status")).to_have_text("已公示")

    form = page.get_by_test_id("withdrawal")
    form.get_by_label("撤下原因").select_option(label="被依法撤销")
    form.get_by_label("撤销等决定的作出日期").fill(disclosure.opened_on.isoformat())
    form.get_by_label("公开的撤下理由").fill("经蚌埠市人民政府行政复议决定撤销")
    page.get_by_test_id("withdraw").click()
    expect(page.locator(".messages")).to_contain_text("已登记撤下事由")
    expect(page.get_by_test_id("disclosure-status")).to_have_text("已撤下")

    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto("/gs/withdrawals/")
    public.get_by_role("link", name=re.compile(disclosure.number)).click()
    expect(public.get_by_test_id("withdrawal-notice")).to_contain_text("本决定已撤下")
    expect(public.get_by_test_id("withdrawal-notice")).to_contain_text("被依法撤销：经蚌埠市人民政府行政复议决定撤销")
    expect(public.get_by_test_id("status")).to_have_text("已撤下")
    expect(public.locator("body")).not_to_contain_text("刘晓东")
    public.context.close()
