"""The figures of an annual report (P14), computed from the records of one agency and one year.

Every figure counts what the journal-backed records say happened in the calendar year: decisions
by the issue date of their documents, cases by their filing and closing dates, hearings by the day
the case entered its hearing stage, reviews by submission, disclosures by opening and publication.
"""

import datetime
from decimal import Decimal

from django.db.models import Q, Sum

SECTIONS = [
    ("案件办理", [
        ("leads_registered", "登记案源"), ("cases_filed", "立案"), ("cases_closed", "结案"),
        ("cases_transferred", "移送司法机关或其他机关"),
    ]),
    ("行政执法决定", [
        ("penalty_decisions", "行政处罚决定"), ("summary_decisions", "其中：当场（简易程序）处罚决定"),
        ("no_penalty_decisions", "不予行政处罚决定"), ("licence_grants", "准予行政许可决定"),
        ("licence_refusals", "不予行政许可决定"), ("compulsion_decisions", "行政强制措施决定"),
    ]),
    ("罚没金额（元）", [("fines_total", "罚款"), ("confiscations_total", "没收违法所得")]),
    ("听证和法制审核", [
        ("hearings", "举行听证"), ("reviews_submitted", "报送法制审核"), ("reviews_agreed", "审核同意"),
        ("reviews_corrected", "审核提出问题需纠正"), ("reviews_transferred", "建议移送"),
    ]),
    ("执法公示", [
        ("decisions_published", "公示执法决定"), ("decisions_published_late", "其中：超过期限公示"),
        ("decisions_withheld", "依法不予公示"), ("decisions_withdrawn", "撤下或更新"),
    ]),
    ("投诉举报", [
        ("complaints_received", "收到投诉举报"), ("complaints_registered", "受理并登记案源"),
        ("complaints_rejected", "不予受理"), ("complaints_answered", "办结答复"),
    ]),
]
MONEY = {"fines_total", "confiscations_total"}


def compute(agency, year: int) -> dict:
    from zhifa.cases.models import Case, Lead, StageVisit
    from zhifa.complaints.models import Complaint
    from zhifa.disclosure.models import Disclosure
    from zhifa.documents.models import Document
    from zhifa.review.models import Opinion, Submission

    documents = Document.objects.filter(case__agency=agency, issued_at__year=year, status__in=["issued", "superseded"],
                                        supersedes__isnull=True)

    def issued(*codes):
        return documents.filter(template__code__in=codes).count()

    penalised = Case.objects.filter(agency=agency, documents__in=documents.filter(
        template__code__in=["penalty_decision", "summary_decision"])).distinct()
    money = penalised.aggregate(fines=Sum("fine_amount"), confiscations=Sum("confiscation_amount"))
    disclosures = Disclosure.objects.filter(agency=agency)
    published = disclosures.filter(published_at__year=year)
    complaints = Complaint.objects.filter(agency=agency, received_at__year=year)
    opinions = Opinion.objects.filter(submission__case__agency=agency, given_at__year=year)
    figures = {
        "leads_registered": Lead.objects.filter(agency=agency, received_on__year=year).count(),
        "cases_filed": Case.objects.filter(agency=agency, filed_on__year=year).count(),
        "cases_closed": Case.objects.filter(agency=agency, closed_on__year=year).count(),
        "cases_transferred": StageVisit.objects.filter(case__agency=agency, stage="transfer",
                                                       entered_at__year=year).count(),
        "penalty_decisions": issued("penalty_decision", "summary_decision"),
        "summary_decisions": issued("summary_decision"),
        "no_penalty_decisions": issued("no_penalty_decision"),
        "licence_grants": issued("licence_grant"), "licence_refusals": issued("licence_refusal"),
        "compulsion_decisions": issued("seizure_decision"),
        "fines_total": str((money["fines"] or Decimal("0")).quantize(Decimal("0.01"))),
        "confiscations_total": str((money["confiscations"] or Decimal("0")).quantize(Decimal("0.01"))),
        "hearings": StageVisit.objects.filter(case__agency=agency, stage="hearing", entered_at__year=year)
        .values("case").distinct().count(),
        "reviews_submitted": Submission.objects.filter(case__agency=agency, submitted_at__year=year).count(),
        "reviews_agreed": opinions.filter(kind="agree").count(),
        "reviews_corrected": opinions.filter(kind="correct").count(),
        "reviews_transferred": opinions.filter(kind="transfer").count(),
        "decisions_published": published.count(),
        "decisions_published_late": sum(1 for p, due in published.values_list("published_at", "due_on")
                                        if _local(p) > due),
        "decisions_withheld": disclosures.filter(opened_on__year=year, status="withheld").count(),
        "decisions_withdrawn": disclosures.filter(withdrawn_at__year=year).count(),
        "complaints_received": complaints.count(),
        "complaints_registered": complaints.filter(Q(status="registered") | Q(status="answered")).count(),
        "complaints_rejected": complaints.filter(status="rejected").count(),
        "complaints_answered": complaints.filter(status="answered").count(),
    }
    return figures


def _local(instant) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(instant)


def sections(figures: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The figures as the page and the PDF show them: sections of (label, value)."""
    out = []
    for title, rows in SECTIONS:
        out.append((title, [(label, _display(key, figures.get(key, 0))) for key, label in rows]))
    return out


def _display(key, value) -> str:
    if key in MONEY:
        return f"{Decimal(str(value)):,.2f}"
    return str(value)
