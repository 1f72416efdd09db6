"""The phone upload page in a real browser: the form's facts travel as tus metadata, the file in chunks."""

import datetime
import hashlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhifa.evidence.models import Evidence
from zhifa.testing import log_in

from .conftest import video_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_films_and_uploads_from_the_phone_page(page, officer, case, people):
    data = video_bytes(300_000)
    log_in(page, officer.username)
    page.goto(f"/evidence/case/{case.pk}/upload/")
    page.set_input_files("#id_file", files=[{"name": "现场.mp4", "mimeType": "video/mp4", "buffer": data}])
    end = timezone.localtime() - datetime.timedelta(hours=1)
    page.select_option("#id_kind", "video")
    page.fill("#id_title", "现场检查视频")
    page.fill("#id_captured_from", (end - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_captured_to", end.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "蚌埠市龙子湖区东海大道88号")
    page.select_option("#id_collector", str(people[0].pk))
    page.fill("#id_object_to_prove", "当事人仓库存放过期食品")
    page.click("#upload-start")
    expect(page).to_have_url(re.compile(r"/evidence/\d+/$"))
    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    expect(page.get_by_test_id("sha256")).to_have_text(evidence.sha256)
    expect(page.get_by_test_id("video")).to_be_visible()


def test_missing_av_facts_are_shown_by_the_field(page, officer, case):
    log_in(page, officer.username)
    page.goto(f"/evidence/case/{case.pk}/upload/")
    page.set_input_files("#id_file", files=[{"name": "现场.mp4", "mimeType": "video/mp4", "buffer": video_bytes(10_000)}])
    page.fill("#id_title", "现场检查视频")
    page.click("#upload-start")
    expect(page.locator('.errorlist[data-field="place"]')).to_contain_text("采集地点")
    assert Evidence.objects.count() == 0
