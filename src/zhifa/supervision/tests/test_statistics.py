"""Statistics per agency, region and period, drawn as SVG, drilled down to the cases, exported to Excel;
and the three-systems scorecard measured from the data (I1, O3, O4)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.ledger.models import JournalEntry
from zhifa.supervision import charts, scorecard, statistics
from zhifa.supervision.tests.helpers import days, put
from zhifa.testing import make_case, make_certificate, make_officers, make_person, make_user

YEAR = statistics.Period(days(2026, 1, 1), days(2026, 12, 31))


@pytest.fixture
def region(head, agency, other_agency, far_agency):
    """Cases of two agencies of Bengbu and one of Hefei: filing on time and late, a decision with a fine."""
    on_time = put(head, make_case(head, title="按期立案"), "lead", days(2026, 10, 1))
    on_time = put(head, on_time, "filing", days(2026, 10, 9))
    late = put(head, make_case(head, title="超期立案"), "lead", days(2026, 9, 21))
    late = put(head, late, "filing", days(2026, 10, 21))
    fined = make_case(head, title="罚款案")
    cases.update_case(head, fined, {"penalty_kinds": ["fine"], "fine_amount": Decimal("5000.00"),
                                    "confiscation_amount": Decimal("320.50")})
    put(head, fined, "filing", days(2026, 8, 3))
    fined = put(head, fined, "decision", days(2026, 9, 1))
    eco_head = make_user("eco_head", Role.AGENCY_HEAD, other_agency)
    make_case(eco_head, officers=make_officers(other_agency, 2, names=("周一", "吴二")), title="超标排放")
    far_head = make_user("far_head", Role.AGENCY_HEAD, far_agency)
    make_case(far_head, officers=make_officers(far_agency, 2, names=("郑三", "冯四")), title="合肥的案件")
    return {"on_time": on_time, "late": late, "fined": fined}


def figures(user, **extra):
    return statistics.dashboard(statistics.Filters(user=user, period=YEAR, **extra))


def test_the_region_s_figures_for_a_supervisor_and_the_agency_s_for_its_head(region, supervisor, head, agency):
    data = figures(supervisor)
    assert sum(r.value for r in data["cases_by_kind"]) == 4  # Hefei's case is outside the region
    assert {r.label for r in data["cases_by_domain"]} == {"市场监管", "生态环境"}
    assert sum(r.value for r in figures(head)["cases_by_kind"]) == 3
    assert sum(r.value for r in figures(supervisor, agency=agency)["cases_by_kind"]) == 3
    penalty = figures(supervisor)["penalties"]
    assert len(penalty) == 1 and penalty[0].value == Decimal("5000.00")
    assert penalty[0].extra == {"decisions": 1, "fined": 1, "confiscated": Decimal("320.50")}
    on_time = {r.extra["rule"]: r for r in data["on_time"]}
    # Three leads decided this year (the fined case's too), one of them after its 15 working days.
    assert (on_time["filing_decision"].extra["total"], on_time["filing_decision"].extra["met"]) == (3, 2)
    assert on_time["filing_decision"].value == 66.7
    assert on_time["case_duration"].extra["total"] == 1 and on_time["case_duration"].value == 100.0
    assert on_time["review_time_limit"].value is None  # nothing due: no rate, not 0 %


def test_every_figure_drills_down_to_its_cases(client, region, supervisor):
    client.force_login(supervisor)
    late_row = next(r for r in figures(supervisor)["on_time"] if r.extra["rule"] == "filing_decision")
    page = client.get(charts.case_link(late_row.drill)).content.decode()
    assert region["late"].display_number in page and region["on_time"].display_number not in page
    decided = next(iter(figures(supervisor)["penalties"]))
    page = client.get(charts.case_link(decided.drill)).content.decode()
    assert region["fined"].display_number in page and region["late"].display_number not in page
    stage = next(r for r in figures(supervisor)["cases_by_stage"] if r.label == "立案")
    page = client.get(charts.case_link(stage.drill)).content.decode()
    assert page.count('href="/supervision/cases/') >= 0 and region["late"].display_number in page
    assert "合肥的案件" not in page


def test_av_coverage_counts_required_stays_with_and_without_a_record(region, head, agency, supervisor, settings,
                                                                      tmp_path, client):
    from zhifa.casefiles.tests.records import av_record

    settings.BLOB_DIR = tmp_path / "blobs"
    officers = make_officers(agency, 2, names=("钱五", "孙六"))
    recorded, missing = (cases.open_case(head, {"title": title}, procedure_code="compulsion_seizure")
                         for title in ("有录像的查封", "无录像的查封"))
    for case in (recorded, missing):
        cases.assign_officers(head, case, officers)
        put(head, case, "on_site", None, at=timezone.now() - datetime.timedelta(hours=3))
    av_record(head, recorded, "查封全程录像", officers[0], ended_hours_ago=1)
    rows = figures(supervisor)["av_coverage"]
    on_site = next(r for r in rows if r.label == "现场实施")
    assert (on_site.extra["total"], on_site.extra["covered"], on_site.value) == (2, 1, 50.0)
    client.force_login(supervisor)
    page = client.get(charts.case_link(on_site.drill)).content.decode()
    assert "无录像的查封" in page and "有录像的查封" not in page


def test_the_dashboard_page_draws_svg_charts_in_chinese_with_links(client, region, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:statistics"), {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert page.count("<svg") >= 8 and "Noto Sans CJK SC" in page
    assert "行政处罚普通程序" in page and "<a href=\"/supervision/cases/?" in page
    assert "执法决定公示期限" in page and "撤下期限" in page  # on-time rows of the disclosure deadlines
    assert "<script" not in page.split("<main")[1]


def test_labels_in_charts_are_escaped():
    svg = charts.bar_chart([statistics.Row('某局<b>&"', 3, {"agency": 1})], title="测试")
    assert "某局&lt;b&gt;&amp;" in svg and "<b>" not in svg


def test_the_dashboard_exports_to_excel_and_the_export_is_journalled(client, region, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("supervision:statistics_xlsx"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"案件类别", "办理环节", "罚没金额", "按期办结率", "预警", "音像记录覆盖率"} <= set(book.sheetnames)
    rows = list(book["罚没金额"].iter_rows(min_row=4, values_only=True))
    assert rows[0][0] == "蚌埠市市场监督管理局" and rows[0][3] == 5000
    assert "2026年01月01日至2026年12月31日" in book["案件类别"]["A2"].value
    entry = JournalEntry.objects.get(kind="statistics.exported")
    assert entry.actor_id == supervisor.pk and '"from":"2026-01-01"' in entry.payload


def test_bad_or_foreign_filters_answer_400_in_chinese(client, region, head, other_agency):
    client.force_login(head)
    page = client.get(reverse("supervision:statistics"), {"start": "2026-13-01"})
    assert page.status_code == 400 and "须为 YYYY-MM-DD 格式的日期" in page.content.decode()
    foreign = client.get(reverse("supervision:statistics"), {"agency": other_agency.pk})
    assert foreign.status_code == 400 and "不在您的范围内" in foreign.content.decode()
    api = client.get(reverse("api-supervision-statistics"), {"start": "2026-12-31", "end": "2026-01-01"})
    assert api.status_code == 400 and "end" in api.json()["errors"]
    assert client.get(reverse("supervision:statistics_xlsx"), {"region": "abc"}).status_code == 400


def test_the_api_gives_the_same_figures_with_their_drill_down(client, region, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("api-supervision-statistics"), {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert sum(r["value"] for r in body["cases_by_kind"]) == 4
    assert body["totals"]["registered"] == 4
    assert {"disclosure_deadline", "withdrawal"} <= {r["rule"] for r in body["on_time"]}
    assert all("drill" in r for r in body["on_time"])


# The three-systems scorecard (O4) --------------------------------------------------------------------------------


def test_o4_the_scorecard_measures_each_item_from_the_data_with_its_evidence(agency, supervisor):
    from zhifa.organizations.models import Training
    from zhifa.review.tests.conftest import make_reviewer

    valid, lapsed = make_person(agency, "持证甲"), make_person(agency, "过期乙")
    make_certificate(valid)
    make_certificate(lapsed, issued_on=days(2020, 1, 1), expires_on=days(2023, 1, 1))
    reviewer, _ = make_reviewer(agency, "审核丙")
    session = Training.objects.create(agency=agency, title="年度培训", held_on=YEAR.end - datetime.timedelta(days=300),
                                      hours=8)
    session.attendees.add(valid)
    card = scorecard.scorecard(supervisor, agency, YEAR)
    lines = {line.item.code: line for line in card.lines}
    assert lines["roster"].measure.value == 0.5 and "持有效执法证并可在公示平台查验的1名" in lines["roster"].measure.evidence
    assert lines["reviewer_ratio"].measure.value == 1.0
    assert lines["training"].measure.value == pytest.approx(1 / 3)
    assert lines["lists"].measure.value == 0.0 and "尚未发布本机关的权责清单" in lines["lists"].measure.evidence
    assert lines["av_coverage"].measure.value is None and lines["av_coverage"].points is None
    measured = [line for line in card.lines if line.points is not None]
    expected = round(sum(line.item.weight * line.measure.value for line in measured) * 100
                     / sum(line.item.weight for line in measured), 1)
    assert card.score == expected


def test_the_scorecard_pages_and_api(client, agency, supervisor, users, other_agency):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:scorecards")).content.decode()
    assert agency.name in page and other_agency.name in page
    detail = client.get(reverse("supervision:scorecard", args=[agency.pk])).content.decode()
    assert "法制审核人员配备" in detail and "<svg" in detail
    client.force_login(users[Role.AGENCY_HEAD])
    assert client.get(reverse("supervision:scorecard", args=[other_agency.pk])).status_code == 404
    body = client.get(reverse("api-supervision-scorecard", args=[agency.pk])).json()
    assert body["agency"] == agency.pk and {i["code"] for i in body["items"]} >= {"lists", "roster", "training"}
