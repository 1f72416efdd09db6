"""Warning rules over case handling: the procedure's deadlines, hearing notice, AV within 24 hours, officers."""

import datetime
import re

from zhifa.catalog.selectors import av_mode
from zhifa.evidence.models import AV_KINDS, LATE_AFTER_HOURS, Evidence

from ..models import Level
from .base import Finding, rule, subtract_working_days
from .data import case_data, local_date

# Stages whose deadline has a rule of its own; every other deadline of a procedure falls to ``stage_deadline``.
NAMED_TARGETS = {"lead": "filing_decision", "statement": "statement_period", "delivery": "delivery",
                 "archive": "archive", "legal_review": "review_time_limit"}


def _claims(code: str, deadline) -> bool:
    if code == "case_duration":
        return deadline.start == "filing"
    named = "case_duration" if deadline.start == "filing" else NAMED_TARGETS.get(deadline.target)
    if code == "stage_deadline":
        return named is None
    return named == code


def _due_text(ctx, due: datetime.date, level: str, confirmed: bool) -> str:
    if level == Level.RED:
        text = f"已于{due:%Y年%m月%d日}届满，已超期{max(ctx.overdue_working_days(due), 1)}个工作日"
    else:
        text = f"将于{due:%Y年%m月%d日}届满，还剩{ctx.remaining(due)}个工作日"
    if not confirmed:
        text += "（该年度节假日安排尚未公布，期限暂按周末推算）"
    return text


def deadline_findings(ctx, code: str):
    """Every running procedure deadline that ``code`` claims, as a finding once it is near or past."""
    if ctx.skip("case"):
        return
    data = case_data(ctx)
    for case in data.cases:
        for deadline in data.procedure_deadlines(case.procedure_id):
            if not _claims(code, deadline):
                continue
            got = data.due(deadline, case)
            if got is None:
                continue
            due, confirmed = got
            level = ctx.level(code, due)
            if level is None:
                continue
            what = deadline.label or deadline.target_name
            basis = f"（{deadline.basis}）" if deadline.basis else ""
            yield Finding(
                rule=code, subject_type="case", subject_id=case.pk, agency_id=case.agency_id, level=level,
                title=f"{what}：{case.display_number}", message=f"{case.title}：“{what}”的期限{basis}"
                + _due_text(ctx, due, level, confirmed), due_on=due, due_confirmed=confirmed, case_id=case.pk,
                department_id=case.department_id, responsible_people=tuple(data.officers.get(case.pk, ())),
                suffix=deadline.target if code == "stage_deadline" else "",
            )


@rule("filing_decision", name="立案决定期限", basis="市场监督管理行政处罚程序规定第十八条（行业规定，可配置）",
      subject="case", responsible="officers", lead_days=3,
      description="案源登记后应在期限内核查并决定是否立案。期限前亮黄灯，逾期未决定亮红灯，作出立案或不予立案决定后解除。")
def filing_decision(ctx):
    yield from deadline_findings(ctx, "filing_decision")


@rule("case_duration", name="办案期限", basis="行政处罚法第六十条",
      subject="case", responsible="officers", lead_days=10,
      description="立案后九十日内作出处罚决定，经批准延长的顺延，中止期间不计入。期限前亮黄灯，逾期未作出决定亮红灯，作出决定后解除。")
def case_duration(ctx):
    yield from deadline_findings(ctx, "case_duration")


@rule("statement_period", name="陈述申辩和听证申请期限", basis="行政处罚法第六十二条、第六十四条",
      subject="case", responsible="officers", lead_days=1,
      description="告知后当事人有五个工作日提出陈述申辩、要求听证，期满前不得作出决定。期满前亮黄灯提示，期满后仍未处理亮红灯，"
                  "组织听证或作出决定后解除。")
def statement_period(ctx):
    yield from deadline_findings(ctx, "statement_period")


@rule("delivery", name="处罚决定书送达期限", basis="行政处罚法第六十一条",
      subject="case", responsible="officers", lead_days=2,
      description="处罚决定作出后七个工作日内送达当事人。期限前亮黄灯，逾期未送达亮红灯，送达（进入执行环节）后解除。")
def delivery(ctx):
    yield from deadline_findings(ctx, "delivery")


@rule("archive", name="立卷归档期限", basis="行政执法全过程记录制度（结案后30日内归档）",
      subject="case", responsible="officers", lead_days=5,
      description="结案后三十日内立卷归档。期限前亮黄灯，逾期未归档亮红灯，归档后解除（逾期归档计入归档及时率）。")
def archive(ctx):
    yield from deadline_findings(ctx, "archive")


@rule("stage_deadline", name="其他法定期限", basis="执法流程定义中的各环节期限",
      subject="case", responsible="officers", lead_days=2,
      description="流程定义中其他环节的期限，如查封扣押期限、罚款缴纳期限、许可决定期限、检查结果公示期限。"
                  "期限前亮黄灯，逾期亮红灯，离开该环节后解除。")
def stage_deadline(ctx):
    yield from deadline_findings(ctx, "stage_deadline")


# Hearing notice (PL Art. 64: the party is told of the hearing at least seven days before it) --------------------

HEARING_STAGES = frozenset({"statement", "hearing"})
NOTICE_WORKING_DAYS = 7
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*[年\-/.]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[月\-/.]\s*"
                   r"(\d{1,2}|[一二三四五六七八九十]{1,3})")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _DIGITS for ch in text):  # 二〇二六
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if "十" in text:  # 十, 十二, 二十, 二十一, 三十一
        tens, _, units = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
    return _DIGITS[text]


def hearing_date(text: str) -> datetime.date | None:
    """The date in a 听证时间 as officers write it: 2026年10月20日上午9时, 2026-10-20, 二〇二六年十月二十日."""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return datetime.date(*(_number(part) for part in match.groups()))
    except (KeyError, ValueError):
        return None


def _hearing_notices(ctx, case_ids) -> dict:
    from zhifa.documents.models import Document

    found = {}
    rows = (Document.objects.filter(case_id__in=case_ids, template__code="hearing_notice",
                                    status=Document.Status.ISSUED).order_by("issued_at", "pk")
            .values_list("case_id", "fields", "issued_at", "number"))
    for case_id, fields, issued_at, number in rows:
        found[case_id] = (fields or {}, issued_at, number)
    return found


@rule("hearing_notice", name="听证通知期限", basis="行政处罚法第六十四条第（二）项、第八十五条",
      subject="case", responsible="officers", lead_days=3,
      description="当事人要求听证的，应在举行听证七个工作日前通知听证时间、地点。尚未通知时，以办案期限倒推七个工作日为最后通知日："
                  "之前亮黄灯，过后亮红灯；已通知但距听证不足七个工作日亮红灯；依法通知或听证结束后解除。")
def hearing_notice(ctx):
    if ctx.skip("case"):
        return
    data = case_data(ctx)
    candidates = [c for c in data.open_cases() if c.pk in data.hearing_requests and c.stage in HEARING_STAGES]
    if not candidates:
        return
    notices = _hearing_notices(ctx, [c.pk for c in candidates])
    for case in candidates:
        requested = data.hearing_requests[case.pk]
        notice = notices.get(case.pk)
        common = {"rule": "hearing_notice", "subject_type": "case", "subject_id": case.pk, "agency_id": case.agency_id,
                  "case_id": case.pk, "department_id": case.department_id, "title": f"听证通知：{case.display_number}",
                  "responsible_people": tuple(data.officers.get(case.pk, ()))}
        if notice is not None and local_date(notice[1]) >= requested:
            fields, issued_at, number = notice
            held_on = hearing_date(str(fields.get("hearing_at", "")))
            issued_on = local_date(issued_at)
            if held_on is None:
                yield Finding(level=Level.YELLOW, message=f"{case.title}：听证通知书{number}中的听证时间“{fields.get('hearing_at', '')}”"
                              "无法识别为日期，请核对是否在听证七个工作日前通知", **common)
            elif ctx.remaining_between(issued_on, held_on) < NOTICE_WORKING_DAYS:
                yield Finding(level=Level.RED, due_on=held_on, message=(
                    f"{case.title}：听证通知书{number}于{issued_on:%Y年%m月%d日}签发，距听证日期{held_on:%Y年%m月%d日}"
                    f"仅{ctx.remaining_between(issued_on, held_on)}个工作日，不足七个工作日（行政处罚法第六十四条），"
                    "应更正通知、重新确定听证日期"), **common)
            continue
        last_day = _last_notice_day(data, case)
        if last_day is None:
            continue
        level = ctx.level("hearing_notice", last_day)
        if level is None:
            continue
        state = "已过" if level == Level.RED else "将至"
        yield Finding(level=level, due_on=last_day, message=(
            f"{case.title}：当事人于{requested:%Y年%m月%d日}要求听证，尚未签发听证通知书；为在办案期限内依法举行听证，"
            f"最迟应于{last_day:%Y年%m月%d日}通知（听证七个工作日前），该日期{state}"), **common)


def _last_notice_day(data, case) -> datetime.date | None:
    for deadline in data.procedure_deadlines(case.procedure_id):
        if deadline.start == "filing":
            got = data.due(deadline, case)
            if got is not None:
                return subtract_working_days(got[0], NOTICE_WORKING_DAYS)
    return None


# AV records within 24 hours (R3, R4) ----------------------------------------------------------------------------


@rule("av_24h", name="音像记录24小时内入库", basis="行政执法全过程记录制度；音像记录事项清单",
      subject="case", responsible="officers", lead_days=0,
      description="音像记录事项清单列为“全程音像记录”的环节，进入环节后24小时内应有音像记录入库。24小时内亮黄灯，超过仍无记录亮红灯，"
                  "音像记录入库后解除。")
def av_24h(ctx):
    if ctx.skip("case"):
        return
    data = case_data(ctx)
    modes = ctx.cache.setdefault("av_modes", {})
    required = []
    for case in data.open_cases():
        key = (case.agency_id, case.procedure_code, case.stage)
        if key not in modes:
            modes[key] = av_mode(case.agency_id, case.procedure_code, case.stage, on=ctx.today)
        if modes[key] == "required":
            required.append(case)
    if not required:
        return
    recorded = _av_since_entry(required)
    for case in required:
        entered_at = case.stage_entered_at
        if case.pk in recorded:
            continue
        due_at = entered_at + datetime.timedelta(hours=LATE_AFTER_HOURS)
        level = Level.RED if ctx.now > due_at else Level.YELLOW
        stage_name = _stage_name(data, case)
        text = ("已超过24小时仍无音像记录入库" if level == Level.RED
                else f"应于{local_time(due_at)}前将音像记录上传入库")
        yield Finding(rule="av_24h", subject_type="case", subject_id=case.pk, agency_id=case.agency_id, level=level,
                      title=f"音像记录：{case.display_number}", message=(
                          f"{case.title}：“{stage_name}”环节须全程音像记录，{local_time(entered_at)}进入该环节，{text}"),
                      due_on=local_date(due_at), due_at=due_at, case_id=case.pk, department_id=case.department_id,
                      responsible_people=tuple(data.officers.get(case.pk, ())))


def local_time(instant) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(instant):%Y年%m月%d日%H时%M分}"


def _stage_name(data, case) -> str:
    for stage in data.procedure_definition(case.procedure_id).get("stages", []):
        if stage.get("code") == case.stage:
            return stage.get("name", case.stage)
    return case.stage


def _av_since_entry(cases) -> set[int]:
    """Cases with a stored, not withdrawn audio or video record uploaded or captured during the current stay."""
    entered = {c.pk: c.stage_entered_at for c in cases}
    rows = Evidence.objects.filter(case_id__in=list(entered), kind__in=AV_KINDS, withdrawn_at__isnull=True).values_list(
        "case_id", "uploaded_at", "captured_from")
    return {case_id for case_id, uploaded_at, captured_from in rows
            if uploaded_at >= entered[case_id] or (captured_from is not None and captured_from >= entered[case_id])}


# At least two certified officers (PL Art. 42) --------------------------------------------------------------------

OFFICERS_GUARD = "two_certified_officers"


def _guarded(definition) -> tuple[set, set]:
    """Stages a case reaches only with two certified officers, and the stages it leaves that way."""
    sources, targets = set(), set()
    for t in definition.get("transitions", []):
        if OFFICERS_GUARD in t.get("guards", []):
            sources.add(t.get("from"))
            targets.add(t.get("to"))
    return sources, targets


def _certified(ctx, person_ids: set[int]) -> set[int]:
    """Of ``person_ids``, those who may enforce today: active officers with a valid certificate, never reviewers."""
    from zhifa.organizations.models import Certificate, Person
    from zhifa.review.models import Assignment

    if not person_ids:
        return set()
    eligible = set(Person.objects.filter(pk__in=person_ids, is_active=True, post=Person.Post.OFFICER)
                   .values_list("pk", flat=True))
    valid = set(Certificate.objects.filter(person_id__in=eligible, status=Certificate.Status.ACTIVE,
                                           issued_on__lte=ctx.today, expires_on__gte=ctx.today)
                .values_list("person_id", flat=True))
    reviewers = set(Assignment.objects.filter(person_id__in=valid).values_list("person_id", flat=True))
    return valid - reviewers


@rule("officers", name="执法人员不足两人", basis="行政处罚法第四十二条",
      subject="case", responsible="officers", lead_days=0,
      description="执法人员不得少于两人且应持有效执法证。立案后尚未调查时不足两人亮黄灯（调查前须补足），已进入调查等环节后不足两人"
                  "（回避、执法证过期等）亮红灯，补足后解除。")
def officers(ctx):
    if ctx.skip("case"):
        return
    data = case_data(ctx)
    guarded = {}
    candidates = []
    for case in data.open_cases():
        if case.procedure_id not in guarded:
            guarded[case.procedure_id] = _guarded(data.procedure_definition(case.procedure_id))
        sources, targets = guarded[case.procedure_id]
        if sources:
            candidates.append(case)
    people = {p for case in candidates for p in data.officers.get(case.pk, ())}
    certified = _certified(ctx, people)
    for case in candidates:
        sources, targets = guarded[case.procedure_id]
        valid = [p for p in data.officers.get(case.pk, ()) if p in certified]
        if len(valid) >= 2:
            continue
        reached = any(v.stage in targets for v in data.visits.get(case.pk, []))
        if reached:
            level = Level.RED
            text = "已开始调查取证等执法活动，须立即补足"
        elif case.stage in sources:
            level = Level.YELLOW
            text = "进入下一环节前须补足"
        else:
            continue
        yield Finding(rule="officers", subject_type="case", subject_id=case.pk, agency_id=case.agency_id, level=level,
                      title=f"执法人员不足：{case.display_number}",
                      message=f"{case.title}：现有持有效执法证的办案人员{len(valid)}名，不得少于两名（行政处罚法第四十二条），{text}",
                      case_id=case.pk, department_id=case.department_id,
                      responsible_people=tuple(data.officers.get(case.pk, ())))
