"""Demo supervision data, made through the real services: two more cases that need watching, the warning
scan over the whole demo jurisdiction, an evaluation plan drawn and one case file scored with a
rectification demanded, a notice, and the implementation plan's manual tasks. Loading again adds
only what is missing (each part is found by its title).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases import services as cases
from zhifa.cases.models import Case
from zhifa.organizations.models import Agency, Person

from . import evaluation, implementation, notices, scan, services
from .checklist import DEFAULT_NAME
from .models import Checklist, EvaluationPlan, ImplementationTask, Notice, RecordAccess

RECUSAL_TITLE = "涉嫌销售假冒伪劣电线电缆"
SEIZURE_TITLE = "查封涉嫌假冒注册商标的白酒"
PLAN_TITLE = "{year}年度市场监管行政处罚案卷评查"
PLAN_SEED = "zhifa-demo-evaluation"
NOTICE_TITLE = "关于{year}年第四季度行政执法预警情况的通报"
NOTICE_BODY = (
    "各执法单位：\n"
    "根据行政执法综合管理监督平台的预警，本季度部分单位存在执法证件即将到期未及时换发、执法人员未参加年度培训、"
    "办案人员回避后未及时补足等问题。请被通报单位对照预警逐项整改，于整改期限前报送整改情况。\n"
    "蚌埠市司法局"
)

# The manual tasks of the implementation plan (O4, annex 2): title, lead unit, responsible units, start and
# deadline (month, day) in the demo year, status, completed (month, day), progress.
TASKS = (
    ("制定行政执法公示、全过程记录、重大执法决定法制审核三项制度实施办法", "市司法局", "各行政执法部门",
     (1, 6), (3, 31), "done", (3, 26), "三项办法已经市政府常务会议审议通过并印发。"),
    ("编制并公布权责清单、执法事项清单和随机抽查事项清单", "市委编办、市司法局", "各行政执法部门",
     (2, 1), (6, 30), "done", (6, 18), "清单已在行政执法公示平台公布。"),
    ("按执法人员5%配齐法制审核人员", "市委编办", "各行政执法部门", (3, 1), (9, 30), "in_progress", None,
     "市场监管、生态环境已配齐；受委托执法队由委托机关统筹。"),
    ("为一线执法人员配备执法记录仪等音像记录设备", "市财政局", "各行政执法部门", (4, 1), (10, 31), "in_progress",
     None, "已配备执法记录仪46台，另有12台在采购中。"),
    ("建设行政执法综合管理监督平台并接入全部执法部门", "市司法局、市数据资源局", "各行政执法部门", (2, 15), (12, 31),
     "in_progress", None, "平台已上线，案件办理、预警、统计模块运行。"),
    ("开展三项制度落实情况专项督查并通报", "市司法局", "各县区政府、各行政执法部门", (11, 1), (12, 31),
     "not_started", None, ""),
)


def _on(year, month_day):
    return datetime.date(year, *month_day) if month_day else None


def _user(username):
    return User.objects.get(username=username)


def _people(agency, *names):
    return [Person.objects.get(agency=agency, name=name) for name in names]


def _approve_and_go(officer, head, case, to, reason):
    approval = cases.request_approval(officer, Case.objects.get(pk=case.pk), to, reason=reason)
    cases.decide_approval(head, approval, approve=True, comment="同意")
    return cases.transition(officer, Case.objects.get(pk=case.pk), to)


def _recusal_case(market, officer, head):
    """Investigation under way, then one of the two officers recuses himself: fewer than two (a red warning)."""
    if Case.objects.filter(agency=market, title=RECUSAL_TITLE).exists():
        return None
    case = cases.register_lead(officer, {"source": "complaint", "summary": "消费者举报某五金店销售的电线线径不足、疑似假冒。",
                                         "title": RECUSAL_TITLE, "party_name": "蚌埠市恒通五金经营部"})
    cases.assign_officers(head, case, _people(market, "陈志强", "李娜"))
    cases.update_case(officer, Case.objects.get(pk=case.pk),
                      {"violation_ended_on": timezone.localdate() - datetime.timedelta(days=10)})
    case = _approve_and_go(officer, head, case, "filing", "有证据初步证明存在违法行为，属于本机关管辖")
    case = cases.transition(officer, case, "investigation")
    cases.declare_recusal(officer, case, has_interest=True, statement="当事人经营者系本人表兄，申请回避。")
    return case


def _seizure_case(market, officer, head):
    """A seizure on site, which the AV-required list says is recorded in full: no AV record yet (yellow, 24 hours)."""
    if Case.objects.filter(agency=market, title=SEIZURE_TITLE).exists():
        return None
    case = cases.open_case(officer, {"title": SEIZURE_TITLE, "place": "蚌埠市淮上区淮河路 77 号仓库"},
                           procedure_code="compulsion_seizure")
    cases.assign_officers(head, case, _people(market, "陈志强", "李娜"))
    return _approve_and_go(officer, head, case, "on_site", "涉嫌侵犯注册商标专用权，需查封涉案白酒防止转移")


def _plan(market, supervisor, year):
    title = PLAN_TITLE.format(year=year)
    closed = Case.objects.filter(agency=market, status__in=[Case.Status.CLOSED, Case.Status.ARCHIVED],
                                 closed_on__year=year)
    if EvaluationPlan.objects.filter(title=title).exists() or not closed.exists():
        return None
    plan = evaluation.create_plan(
        supervisor, title=title, agencies=[market], closed_from=datetime.date(year, 1, 1),
        closed_to=datetime.date(year, 12, 31), per_agency=2, checklist=Checklist.objects.get(name=DEFAULT_NAME),
        seed=PLAN_SEED)
    drawn = evaluation.draw(supervisor, plan)
    first = drawn[0]
    case = Case.objects.get(pk=first.case_id)
    services.open_access(supervisor, case, purpose=RecordAccess.Purpose.EVALUATION, reason=f"{title}：评查抽中的案卷")
    deductions = {"evidence_lawful": (3, "现场检查未同步音像记录，仅有照片一张"),
                  "documents_complete": (5, "询问笔录未由当事人逐页签名")}
    scores = {item["code"]: deductions.get(item["code"], (item["points"], "")) for item in plan.items}
    scored = evaluation.score(supervisor, first, scores=scores, summary="案卷基本规范，证据收集和文书制作需改进。")
    evaluation.require_rectification(supervisor, scored, requirement="补齐询问笔录签名；今后现场检查同步开展音像记录。",
                                      due_on=timezone.localdate() + datetime.timedelta(days=20))
    return plan


def _notice(supervisor, year):
    title = NOTICE_TITLE.format(year=year)
    if Notice.objects.filter(title=title).exists():
        return None
    agencies = list(Agency.objects.filter(short_name__in=["蚌市监", "蚌城管"]))
    return notices.issue_notice(
        supervisor, kind=Notice.Kind.SITUATION, title=title, body=NOTICE_BODY, agencies=agencies,
        rectification_required=True, rectification_due_on=timezone.localdate() + datetime.timedelta(days=15),
        requirement="对照本单位预警逐项整改，报送整改情况及执法证换发、培训补训情况。")


def _tasks(supervisor, year):
    created = []
    for title, lead, responsible, start, due, status, completed, progress in TASKS:
        if ImplementationTask.objects.filter(title=title).exists():
            continue
        created.append(implementation.create_task(supervisor, {
            "region_code": supervisor.region_code, "title": title, "lead_unit": lead, "responsible_units": responsible,
            "starts_on": _on(year, start), "due_on": _on(year, due), "status": status,
            "completed_on": _on(year, completed), "progress": progress, "order": len(created)}))
    return created


def load_demo_supervision() -> dict:
    """Everything above; the scan last, so its warnings see the demo as loaded. Returns what was created."""
    market = Agency.objects.get(short_name="蚌市监")
    officer, head, supervisor = _user("officer"), _user("agency_head"), _user("supervisor")
    year = timezone.localdate().year
    with transaction.atomic():
        made = {
            "cases": [c for c in (_recusal_case(market, officer, head), _seizure_case(market, officer, head)) if c],
            "plan": _plan(market, supervisor, year),
            "notice": _notice(supervisor, year),
            "tasks": _tasks(supervisor, year),
        }
    made["scan"] = scan.run()
    return made
