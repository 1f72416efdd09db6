"""The demo's disclosure: what `zhifa demo` shows the publisher and the public, made through the services."""

import io

import pytest
from django.core.management import call_command

from zhifa.annualreports.models import AnnualReport
from zhifa.complaints.models import Complaint
from zhifa.disclosure import services
from zhifa.disclosure.models import Disclosure, PostBoard, PublishedDecision


@pytest.mark.django_db
def test_the_demo_publishes_masked_decisions_a_withdrawal_complaints_and_a_report_draft(settings, tmp_path):
    settings.KEY_DIR, settings.BLOB_DIR = tmp_path / "keys", tmp_path / "blobs"
    for command in (["load_demo"], ["load_demo_rules"], ["signing", "setup"], ["load_demo_cases"],
                    ["load_demo_disclosure"]):
        call_command(*command, stdout=io.StringIO())
    assert PublishedDecision.objects.filter(status="current").count() >= 2
    withdrawn = PublishedDecision.objects.get(status="withdrawn")
    assert "行政复议决定撤销" in withdrawn.withdrawal_notice
    waiting = Disclosure.objects.get(status="pending")  # the noodle shop: a natural person, masked for the clerk
    spans = {s.category for s in services.prepare(waiting)[0]}
    assert {"name", "id_number", "phone", "address"} <= spans
    assert "孙桂兰" in waiting.source_text
    assert PostBoard.objects.filter(is_published=True).count() == 1
    assert sorted(Complaint.objects.values_list("status", flat=True)) == ["received", "registered"]
    assert AnnualReport.objects.get().status == "draft"
    out = io.StringIO()
    call_command("load_demo_disclosure", stdout=out)
    assert "已存在" in out.getvalue()
