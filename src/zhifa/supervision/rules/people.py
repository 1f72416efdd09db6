"""Warning rules over the registry: expiring certificates (O1), training (O2), the reviewer ratio (L1)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q

from zhifa.organizations.models import Agency, Certificate, Person, Training
from zhifa.organizations.selectors import ReviewerRatio

from ..models import Level
from .base import Finding, rule


def _people_filter(ctx, queryset, path: str = ""):
    prefix = f"{path}__" if path else ""
    wanted_people, wanted_agencies = ctx.wants("person"), ctx.wants("agency")
    if wanted_people is None and wanted_agencies is None:
        return queryset
    q = Q(**{f"{prefix}pk__in": wanted_people or ()}) | Q(**{f"{prefix}agency_id__in": wanted_agencies or ()})
    return queryset.filter(q)


@rule("certificate_expiry", name="执法证到期", basis="行政执法证件管理规定；行政处罚法第四十二条",
      subject="person", responsible="person", lead_days=30, lead_unit="calendar",
      description="在岗执法人员的执法证到期前（默认30日）亮黄灯，已过期仍未换发亮红灯；换发新证、调离执法岗位或离岗后解除。")
def certificate_expiry(ctx):
    if ctx.skip("person") and ctx.skip("agency"):
        return
    rows = _people_filter(ctx, Certificate.objects.filter(
        status=Certificate.Status.ACTIVE, person__is_active=True, person__post=Person.Post.OFFICER,
        issued_on__lte=ctx.today), "person")
    best = {}
    for person_id, agency_id, department_id, name, number, expires_on in rows.values_list(
            "person_id", "person__agency_id", "person__department_id", "person__name", "number", "expires_on"):
        if person_id not in best or expires_on > best[person_id][4]:
            best[person_id] = (agency_id, department_id, name, number, expires_on)
    for person_id, (agency_id, department_id, name, number, expires_on) in best.items():
        level = ctx.level("certificate_expiry", expires_on)
        if level is None:
            continue
        if level == Level.RED:
            text = f"已于{expires_on:%Y年%m月%d日}过期，过期后不得从事行政执法活动，请及时换发"
        else:
            text = f"将于{expires_on:%Y年%m月%d日}到期（还剩{(expires_on - ctx.today).days}日），请及时办理换证"
        yield Finding(rule="certificate_expiry", subject_type="person", subject_id=person_id, agency_id=agency_id,
                      level=level, title=f"执法证到期：{name}", message=f"{name}的执法证{number}{text}",
                      due_on=expires_on, person_id=person_id, department_id=department_id, responsible_people=(person_id,))


@rule("training", name="年度培训", basis="行政执法人员每年至少参加一次培训（O2）",
      subject="person", responsible="person", lead_days=61, lead_unit="calendar",
      description="执法人员和法制审核人员每年至少参加一次培训。年底前（默认最后61日）本年度仍未参训亮黄灯；上一年度未参训且本年度"
                  "尚未补训亮红灯；登记参训后解除。")
def training(ctx):
    if ctx.skip("person") and ctx.skip("agency"):
        return
    year = ctx.today.year
    people = _people_filter(ctx, Person.objects.filter(
        is_active=True, post__in=[Person.Post.OFFICER, Person.Post.REVIEWER]))
    rows = list(people.values_list("pk", "agency_id", "department_id", "name", "created_at"))
    if not rows:
        return
    trained = defaultdict(set)
    attendance = Training.attendees.through.objects.filter(
        person_id__in=[r[0] for r in rows], training__held_on__year__in=[year - 1, year])
    for person_id, held_on in attendance.values_list("person_id", "training__held_on"):
        trained[person_id].add(held_on.year)
    year_end = datetime.date(year, 12, 31)
    for person_id, agency_id, department_id, name, created_at in rows:
        if year in trained[person_id]:
            continue
        on_staff_last_year = created_at.date() <= datetime.date(year - 1, 12, 31)
        if on_staff_last_year and (year - 1) not in trained[person_id]:
            level, due = Level.RED, datetime.date(year - 1, 12, 31)
            text = f"{year - 1}年度未参加培训，{year}年度至今仍未补训"
        else:
            level, due = ctx.level("training", year_end), year_end
            if level is None:
                continue
            text = f"{year}年度尚未参加培训，应于{year}年12月31日前完成"
        yield Finding(rule="training", subject_type="person", subject_id=person_id, agency_id=agency_id, level=level,
                      title=f"年度培训：{name}", message=f"{name}{text}（每年至少参加一次培训）", due_on=due,
                      person_id=person_id, department_id=department_id, responsible_people=(person_id,))


def reviewer_counts(agency_ids=None) -> list[ReviewerRatio]:
    """Reviewers against officers per agency, entrusted units folded into the agency that entrusted them.

    An entrusted organisation (受委托组织) acts in the entrusting agency's name and its decisions are
    reviewed by that agency's review body, so its officers count towards the entrusting agency's
    5 % (L1) and it is not measured on its own.
    """
    minimum = Decimal(settings.ZHIFA["REVIEWER_RATIO_MIN"])
    active = Q(people__is_active=True)
    rows = Agency.objects.filter(is_supervisory=False).annotate(
        n_officers=Count("people", filter=active & Q(people__post=Person.Post.OFFICER)),
        n_reviewers=Count("people", filter=active & Q(people__post=Person.Post.REVIEWER)),
    )
    agencies, officers, reviewers = {}, defaultdict(int), defaultdict(int)
    for agency in rows:
        home = agency.entrusting_agency_id if agency.kind == Agency.Kind.ENTRUSTED and agency.entrusting_agency_id else agency.pk
        if home == agency.pk:
            agencies[agency.pk] = agency
        officers[home] += agency.n_officers
        reviewers[home] += agency.n_reviewers
    wanted = set(agency_ids) if agency_ids is not None else None
    return [ReviewerRatio(a, officers[pk], reviewers[pk], minimum) for pk, a in agencies.items()
            if wanted is None or pk in wanted]


@rule("reviewer_ratio", name="法制审核人员比例", basis="法制审核人员不少于执法人员的5%（L1）",
      subject="agency", responsible="agency_heads", lead_days=30, lead_unit="calendar", uses_grace=True,
      description="执法主体的法制审核人员不少于执法人员总数的5%（受委托组织计入委托机关）。发现不足后在整改期限（默认30日）内"
                  "亮黄灯，逾期仍不足亮红灯，配足后解除。")
def reviewer_ratio(ctx):
    if ctx.skip("agency"):
        return
    wanted = ctx.wants("agency")
    for figure in reviewer_counts(wanted):
        if figure.meets_minimum:
            continue
        agency = figure.agency
        key = f"reviewer_ratio:agency:{agency.pk}"
        due = ctx.grace_due("reviewer_ratio", key)
        level = Level.RED if ctx.today > due else Level.YELLOW
        yield Finding(rule="reviewer_ratio", subject_type="agency", subject_id=agency.pk, agency_id=agency.pk,
                      level=level, title=f"法制审核人员不足：{agency.name}", due_on=due,
                      message=(f"{agency.name}现有执法人员{figure.officers}名（含受委托组织），法制审核人员{figure.reviewers}名，"
                               f"至少应配备{figure.required}名（不少于5%），应于{due:%Y年%m月%d日}前配足"))
