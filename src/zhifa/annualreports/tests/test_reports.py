"""P14: the annual report is generated from the records, completed by hand, approved by the head (sealed PDF),
published before the deadline as a page and a PDF, and reported to the superior department."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.annualreports import services
from zhifa.annualreports.models import AnnualReport
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.models import Disclosure, DisclosurePolicy
from zhifa.disclosure.tests.factories import issue_fast, prepare
from zhifa.testing import make_agency, make_case

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _stores(settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"


@pytest.fixture
def activity(users, agency):
    """Two penalty decisions (one published), a no-penalty decision and a licence grant this year."""
    head, publisher = users[Role.AGENCY_HEAD], users[Role.PUBLISHER]
    for fine in (Decimal("5000.00"), Decimal("1200.50")):
        case = prepare(head, make_case(head, stage="decision"), fine=fine)
        issue_fast(head, case)
    disclosure.publish(publisher, Disclosure.objects.order_by("pk").first())
    case = prepare(head, make_case(head, stage="decision"), kinds=(), fine=None)
    issue_fast(head, case, "no_penalty_decision", {"evidence": "检查笔录", "reasons": "轻微并及时改正",
                                                   "reconsideration_body": "蚌埠市人民政府", "court": "蚌埠市蚌山区人民法院"})
    return head, publisher


def test_p14_the_draft_counts_what_the_records_say(activity, agency):
    head, publisher = activity
    report = services.generate(publisher, agency, YEAR)
    f = report.figures
    assert (f["penalty_decisions"], f["no_penalty_decisions"], f["licence_grants"]) == (2, 1, 0)
    assert f["fines_total"] == "6200.50" and f["decisions_published"] == 1 and f["cases_filed"] == 0
    assert f["leads_registered"] == 3
    assert report.report_due_on == datetime.date(YEAR + 1, 1, 31) and report.status == "draft"
    case = prepare(head, make_case(head, stage="decision"), fine=Decimal("100.00"))
    issue_fast(head, case)
    report = services.generate(publisher, agency, YEAR)  # regenerating refreshes the draft from the records
    assert report.figures["penalty_decisions"] == 3 and AnnualReport.objects.count() == 1


def test_the_deadline_is_the_jurisdictions(agency, users):
    DisclosurePolicy.objects.create(agency=agency, report_due_month=1, report_due_day=15)
    report = services.generate(users[Role.PUBLISHER], agency, YEAR - 1)
    assert report.report_due_on == datetime.date(YEAR, 1, 15)


def test_outcomes_entered_by_hand_are_checked(agency, users):
    publisher = users[Role.PUBLISHER]
    report = services.generate(publisher, agency, YEAR)
    with pytest.raises(ValidationError) as refused:
        services.update_draft(publisher, report, manual={"reconsideration_received": 1, "reconsideration_upheld": 2},
                              narrative="")
    assert refused.value.message_dict == {"reconsideration_received": ["行政复议各项结果之和不能多于收到的申请数"]}
    with pytest.raises(ValidationError) as refused:
        services.update_draft(publisher, report, manual={"litigation_filed": "三"}, narrative="")
    assert "litigation_filed" in refused.value.message_dict
    report = services.update_draft(publisher, report, manual={"reconsideration_received": 2, "reconsideration_upheld": 1,
                                                              "reconsideration_revoked": 1}, narrative="全年执法情况平稳。")
    assert report.manual["reconsideration_revoked"] == 1 and report.narrative == "全年执法情况平稳。"
    for year in (1999, YEAR + 1):
        with pytest.raises(ValidationError, match="报告年度"):
            services.generate(publisher, agency, year)


def test_approval_by_the_head_seals_a_pdf_publication_reports_to_the_superior(client, users, activity):
    from zhifa.signing import pki

    head, publisher = activity
    superior = make_agency(name="安徽省市场监督管理局", short_name="皖市监", region_code="340000", level="province")
    agency = head.agency
    agency.superior = superior
    agency.save()
    pki.issue_demo_certificate(agency)
    report = services.generate(publisher, agency, YEAR)
    assert client.get(f"/gs/reports/{report.pk}/").status_code == 404  # a draft is not public
    with pytest.raises(PermissionDenied):
        services.approve(publisher, report)
    with pytest.raises(ValidationError, match="须经机关负责人审批"):
        services.publish(publisher, report)
    report = services.approve(head, report)
    assert report.status == "approved" and report.pdf_sha256
    with pytest.raises(ValidationError, match="已审批"):
        services.generate(publisher, agency, YEAR)
    assert client.get(f"/gs/reports/{report.pk}/report.pdf").status_code == 404  # approved, not yet published
    report = services.publish(publisher, report)
    assert report.reported_to == superior and report.reported_at is not None
    page = client.get(f"/gs/reports/{report.pk}/").content.decode()
    assert "6,200.50" in page and "已报送安徽省市场监督管理局" in page
    pdf = client.get(f"/gs/reports/{report.pk}/report.pdf")
    content = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf" and content.startswith(b"%PDF") and b"/Sig" in content
    api = client.get("/api/v1/public/reports/").json()
    assert api[0]["figures"]["fines_total"] == "6200.50" and api[0]["pdf"].endswith("/report.pdf")
    from zhifa.annualreports.selectors import reports
    from zhifa.testing import make_user

    superior_head = make_user("superior_head", Role.AGENCY_HEAD, superior)
    assert list(reports(superior_head)) == [report]  # the superior department sees what was reported to it


def test_staff_pages_and_who_may_do_what(client, users, agency, other_agency):
    from zhifa.testing import make_user

    publisher = users[Role.PUBLISHER]
    client.force_login(publisher)
    created = client.post("/annual-reports/", {"year": YEAR})
    report = AnnualReport.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/annual-reports/{report.pk}/"
    assert client.post("/annual-reports/", {"year": "去年"}).status_code == 400
    bad = client.post(f"/annual-reports/{report.pk}/update/", {"narrative": "说明", "litigation_won": "-1"})
    assert bad.status_code == 400 and "不能为负数" in bad.content.decode()
    client.force_login(make_user("stranger", Role.PUBLISHER, other_agency))
    assert client.get(f"/annual-reports/{report.pk}/").status_code == 404
    client.force_login(users[Role.SUPERVISOR])
    assert client.get(f"/annual-reports/{report.pk}/").status_code == 200
    assert client.post(f"/annual-reports/{report.pk}/approve/").status_code == 403
    assert AnnualReport.objects.get().status == "draft"  # a supervisor reads; nothing changed
