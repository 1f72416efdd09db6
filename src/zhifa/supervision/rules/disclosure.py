"""Warning rules over disclosure (P12–P14, P17): decisions disclosed on time, withdrawals, the annual report,
random-inspection results.

The disclosure app stores every due date when it opens the period (decision issued, withdrawal event,
report drafted), on the working-day calendar of the agency's policy; these rules only compare those
dates with today, so a rule and the clerk's page can never disagree about a deadline.
"""

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from zhifa.annualreports.models import AnnualReport
from zhifa.disclosure.models import Disclosure
from zhifa.disclosure.policy import policy_for, report_due_on
from zhifa.inspections.models import DrawnTarget, Plan
from zhifa.organizations.models import Agency

from ..models import Level
from .base import Finding, rule


def _state(ctx, due: datetime.date, level: str, unit: str = "working") -> str:
    if level == Level.RED:
        overdue = max(ctx.overdue_working_days(due), 1) if unit == "working" else (ctx.today - due).days
        return f"已于{due:%Y年%m月%d日}届满，已超期{overdue}{'个工作日' if unit == 'working' else '日'}"
    left = ctx.remaining(due, unit)
    return f"将于{due:%Y年%m月%d日}届满，还剩{left}{'个工作日' if unit == 'working' else '日'}"


def _disclosures(ctx, *conditions, **filters):
    rows = Disclosure.objects.filter(*conditions, **filters)
    wanted = ctx.wants("disclosure")
    return rows if wanted is None else rows.filter(pk__in=wanted)


def _display(disclosure) -> str:
    return f"《{disclosure.title}》{disclosure.number}" if disclosure.number else f"《{disclosure.title}》"


@rule("disclosure_deadline", name="执法决定公示期限", basis="行政许可、行政处罚决定7个工作日内公示，其他决定20个工作日内公示（P12）",
      subject="disclosure", responsible="publishers", lead_days=2,
      description="执法决定签发后应在期限内公示（依法不予公示的须登记理由）。期限前（默认2个工作日）亮黄灯，逾期未公示亮红灯，"
                  "公示或登记不予公示情形后解除。")
def disclosure_deadline(ctx):
    if ctx.skip("disclosure"):
        return
    rows = _disclosures(ctx, status=Disclosure.Status.PENDING).select_related("case")
    for disclosure in rows:
        level = ctx.level("disclosure_deadline", disclosure.due_on)
        if level is None:
            continue
        state = _state(ctx, disclosure.due_on, level)
        if not disclosure.due_confirmed:
            state += "（该年度节假日安排尚未公布，期限暂按周末推算）"
        yield Finding(rule="disclosure_deadline", subject_type="disclosure", subject_id=disclosure.pk,
                      agency_id=disclosure.agency_id, level=level, title=f"决定公示：{_display(disclosure)}",
                      message=f"{disclosure.case.title}：{_display(disclosure)}的公示期限{state}",
                      due_on=disclosure.due_on, due_confirmed=disclosure.due_confirmed, case_id=disclosure.case_id,
                      department_id=disclosure.case.department_id)


@rule("withdrawal", name="撤下期限", basis="被撤销、确认违法或要求重新作出的决定3个工作日内撤下并说明理由（P13，可配置为1个工作日）",
      subject="disclosure", responsible="publishers", lead_days=1,
      description="已公示的决定被依法撤销、确认违法或要求重新作出的，应在期限内从公示平台撤下并公开理由。期限前亮黄灯，逾期未撤下"
                  "亮红灯，撤下后解除。")
def withdrawal(ctx):
    if ctx.skip("disclosure"):
        return
    rows = _disclosures(ctx, withdrawal_due_on__isnull=False, withdrawn_at__isnull=True).select_related("case")
    for disclosure in rows:
        level = ctx.level("withdrawal", disclosure.withdrawal_due_on)
        if level is None:
            continue
        yield Finding(rule="withdrawal", subject_type="disclosure", subject_id=disclosure.pk,
                      agency_id=disclosure.agency_id, level=level, title=f"撤下公示：{_display(disclosure)}",
                      message=f"{disclosure.case.title}：{_display(disclosure)}{disclosure.get_withdrawal_kind_display()}，"
                      f"撤下期限{_state(ctx, disclosure.withdrawal_due_on, level)}",
                      due_on=disclosure.withdrawal_due_on, case_id=disclosure.case_id,
                      department_id=disclosure.case.department_id, suffix="withdrawal")


def reporting_agencies(year: int, agency_ids=None):
    """Agencies that owe a report on ``year``: enforcing in their own name (entrusted units report through the
    agency that entrusted them) and on record before that year ended."""
    end = datetime.datetime.combine(datetime.date(year + 1, 1, 1), datetime.time.min,
                                    tzinfo=timezone.get_current_timezone())
    agencies = Agency.objects.exclude(kind=Agency.Kind.ENTRUSTED).filter(created_at__lt=end)
    return agencies if agency_ids is None else agencies.filter(pk__in=agency_ids)


def report_due(agency, year: int, reports: dict) -> datetime.date:
    """The report's own due date once drafted, else the agency's policy (31 January by default)."""
    report = reports.get(agency.pk)
    return report.report_due_on if report is not None else report_due_on(policy_for(agency), year)


@rule("annual_report", name="年度统计报告", basis="每年1月31日前公布上一年度行政执法统计年报（P14，部分地区为1月15日）",
      subject="agency", responsible="publishers", lead_days=15, lead_unit="calendar",
      description="上一年度行政执法统计年报应在截止日前公布并报送上级。截止日前（默认15日）尚未公布亮黄灯，逾期未公布亮红灯，公布后"
                  "解除。")
def annual_report(ctx):
    if ctx.skip("agency"):
        return
    year = ctx.today.year - 1
    agencies = list(reporting_agencies(year, ctx.wants("agency")))
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(report_year=year, agency__in=agencies)}
    for agency in agencies:
        report = reports.get(agency.pk)
        if report is not None and report.published_at is not None:
            continue
        due = report_due(agency, year, reports)
        level = ctx.level("annual_report", due)
        if level is None:
            continue
        where = "尚未编制" if report is None else f"{report.get_status_display()}，尚未公布"
        yield Finding(rule="annual_report", subject_type="agency", subject_id=agency.pk, agency_id=agency.pk,
                      level=level, title=f"{year}年度统计年报：{agency.short_name or agency.name}",
                      message=f"{agency.name}{year}年度行政执法统计年报{where}，公布期限"
                      f"{_state(ctx, due, level, 'calendar')}", due_on=due, suffix=str(year))



@rule("inspection_results", name="抽查结果公示期限", basis="“双随机、一公开”：抽查结果录入之日起20个工作日内向社会公示（P17，按机关公示规则的其他决定期限）",
      subject="inspection", responsible="publishers", lead_days=2,
      description="随机抽查计划的检查结果录入后应在期限内在公示平台公示。计划中最早到期的未公示结果期限前（默认2个工作日）亮黄灯，"
                  "逾期亮红灯，该计划的结果全部公示后解除。")
def inspection_results(ctx):
    if ctx.skip("inspection"):
        return
    pending = DrawnTarget.objects.filter(published_at__isnull=True, disclosure_due_on__isnull=False)
    wanted = ctx.wants("inspection")
    if wanted is not None:
        pending = pending.filter(plan_id__in=wanted)
    per_plan = {row["plan_id"]: row for row in pending.values("plan_id").annotate(
        due=Min("disclosure_due_on"), count=Count("pk"), unconfirmed=Count("pk", filter=Q(due_confirmed=False)))}
    for plan in Plan.objects.filter(pk__in=per_plan):
        row = per_plan[plan.pk]
        level = ctx.level("inspection_results", row["due"])
        if level is None:
            continue
        state = _state(ctx, row["due"], level)
        if row["unconfirmed"]:
            state += "（该年度节假日安排尚未公布，期限暂按周末推算）"
        yield Finding(rule="inspection_results", subject_type="inspection", subject_id=plan.pk, agency_id=plan.agency_id,
                      level=level, title=f"抽查结果公示：{plan.number}",
                      message=f"{plan.title}（{plan.number}）有{row['count']}户检查结果尚未公示，最早的公示期限{state}",
                      due_on=row["due"], due_confirmed=not row["unconfirmed"])
