"""Warning rule over legal review: the review time limit (L5; 5 working days, +5 when extended)."""

from zhifa.cases.models import Case
from zhifa.review.models import Assignment, Submission

from ..models import Level
from .base import Finding, rule


@rule("review_time_limit", name="法制审核期限", basis="重大执法决定法制审核办法（默认五个工作日，可延长）",
      subject="case", responsible="reviewers", lead_days=1,
      description="报送法制审核后，审核机构应在期限内出具审核意见（经批准延长的顺延）。期限前亮黄灯，逾期未出具亮红灯，"
                  "出具意见或退回补充材料后解除。")
def review_time_limit(ctx):
    if ctx.skip("case"):
        return
    waiting = Submission.objects.filter(status=Submission.Status.WAITING, case__status=Case.Status.OPEN)
    wanted = ctx.wants("case")
    if wanted is not None:
        waiting = waiting.filter(case_id__in=wanted)
    rows = list(waiting.values_list("pk", "case_id", "case__agency_id", "case__department_id", "case__number",
                                    "case__lead__number", "case__title", "number", "due_on", "extension_days"))
    if not rows:
        return
    assigned = {}
    for submission_id, person_id in (Assignment.objects.filter(submission_id__in=[r[0] for r in rows])
                                     .order_by("assigned_at", "pk").values_list("submission_id", "person_id")):
        assigned[submission_id] = person_id
    for pk, case_id, agency_id, department_id, number, lead_number, title, version, due_on, extension in rows:
        level = ctx.level("review_time_limit", due_on)
        if level is None:
            continue
        display = number or lead_number or f"案件{case_id}"
        extended = f"（已延长{extension}个工作日）" if extension else ""
        if level == Level.RED:
            state = f"已于{due_on:%Y年%m月%d日}届满，已超期{max(ctx.overdue_working_days(due_on), 1)}个工作日"
        else:
            state = f"将于{due_on:%Y年%m月%d日}届满，还剩{ctx.remaining(due_on)}个工作日"
        person = assigned.get(pk)
        yield Finding(rule="review_time_limit", subject_type="case", subject_id=case_id, agency_id=agency_id,
                      level=level, title=f"法制审核：{display}",
                      message=f"{title}：第{version}版报审的审核期限{extended}{state}",
                      due_on=due_on, case_id=case_id, department_id=department_id,
                      responsible_people=(person,) if person else ())
