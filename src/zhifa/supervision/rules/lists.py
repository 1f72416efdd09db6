"""Warning rule over the rule lists (P9): a list not revised within a month of a change in its laws."""

import calendar as month_calendar
import datetime

from zhifa.catalog.models import RuleList
from zhifa.catalog.selectors import revision_due

from ..models import Level
from .base import Finding, rule


def month_after(day: datetime.date) -> datetime.date:
    """One month after ``day`` (the last day of a shorter month): when P9's month runs out."""
    year, month = day.year + (day.month == 12), day.month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1]))


@rule("stale_list", name="清单动态调整", basis="法律法规修改或职能调整后一个月内调整清单（P9）",
      subject="rule_list", responsible="list_keepers", lead_days=10, lead_unit="calendar",
      description="清单依据的法律法规修改后，应在一个月内发布修订版本。一个月届满前（默认10日）亮黄灯，逾期未修订亮红灯（清单"
                  "显示“待修订”），发布修订版本后解除。")
def stale_list(ctx):
    if ctx.skip("rule_list") and ctx.skip("agency"):
        return
    lists = RuleList.objects.filter(agency__isnull=False, laws__changed_on__isnull=False).distinct()
    wanted_lists, wanted_agencies = ctx.wants("rule_list"), ctx.wants("agency")
    if wanted_lists is not None or wanted_agencies is not None:
        from django.db.models import Q

        lists = lists.filter(Q(pk__in=wanted_lists or ()) | Q(agency_id__in=wanted_agencies or ()))
    lead = ctx.settings["stale_list"].lead_days
    for rule_list in lists.select_related("agency").prefetch_related("laws"):
        overdue = revision_due(rule_list, ctx.today)
        pending = overdue or revision_due(rule_list, ctx.today + datetime.timedelta(days=lead + 1))
        if not pending:
            continue
        level = Level.RED if overdue else Level.YELLOW
        due = min(month_after(law.changed_on) for law in pending)
        laws = "、".join(f"《{law.title}》（{law.changed_on:%Y年%m月%d日}修改）" for law in pending)
        state = "已逾期未修订" if overdue else f"应于{due:%Y年%m月%d日}前发布修订版本"
        yield Finding(rule="stale_list", subject_type="rule_list", subject_id=rule_list.pk,
                      agency_id=rule_list.agency_id, level=level, title=f"清单待修订：{rule_list.name}",
                      message=f"{rule_list.agency.name}的“{rule_list.name}”依据的{laws}，{state}", due_on=due)
