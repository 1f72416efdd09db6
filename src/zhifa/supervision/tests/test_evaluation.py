"""R7: case-file evaluation — plans, a random draw reproducible from its recorded seed, weighted scores,
rectification tracked to completion."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.supervision import evaluation, notices, services
from zhifa.supervision.models import Checklist, Evaluation, EvaluationPlan, Rectification
from zhifa.supervision.tests.helpers import days, put
from zhifa.testing import make_case

CLOSED_ON = days(2026, 6, 15)


@pytest.fixture
def checklist():
    return Checklist.objects.get(name="行政处罚案卷评查标准（默认）")


@pytest.fixture
def closed_cases(head):
    return [put(head, make_case(head, title=f"结案{n}"), "closure", CLOSED_ON) for n in range(8)]


def plan_for(supervisor, agency, checklist, seed="seed-2026", per_agency=3, **extra):
    return evaluation.create_plan(supervisor, title=extra.pop("title", "2026年上半年案卷评查"), agencies=[agency],
                                  closed_from=days(2026, 1, 1), closed_to=days(2026, 6, 30), per_agency=per_agency,
                                  checklist=checklist, seed=seed, **extra)


def test_the_shipped_checklist_weighs_seven_parts_to_a_hundred_points(checklist):
    categories = {item.category for item in checklist.items.all()}
    assert categories == {"subject", "facts", "law", "discretion", "procedure", "documents", "archiving"}
    assert checklist.total_points == 100


def test_r7_the_draw_is_random_recorded_and_reproducible_from_the_seed(supervisor, agency, checklist, closed_cases,
                                                                        other_agency):
    plan = plan_for(supervisor, agency, checklist)
    drawn = evaluation.draw(supervisor, plan)
    assert len(drawn) == 3 and all(e.agency_id == agency.pk for e in drawn)
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.DRAWN and len(plan.draw_digest) == 64
    again = evaluation.redraw(plan)
    assert again[agency.pk]["picked"] == [e.case_id for e in drawn]
    assert evaluation.digest(again) == plan.draw_digest
    twin = plan_for(supervisor, agency, checklist, title="复核")
    assert [e.case_id for e in evaluation.draw(supervisor, twin)] == [e.case_id for e in drawn]
    other = plan_for(supervisor, agency, checklist, seed="another-seed", title="另一种子")
    assert [e.case_id for e in evaluation.draw(supervisor, other)] != [e.case_id for e in drawn]
    entry = JournalEntry.objects.filter(kind="evaluation.drawn", subject_id=str(plan.pk)).get()
    assert '"seed":"seed-2026"' in entry.payload and plan.draw_digest in entry.payload


def test_a_plan_draws_once_and_only_from_closed_cases_of_its_period(supervisor, agency, checklist, closed_cases, head):
    put(head, make_case(head, title="期间外结案"), "closure", days(2025, 12, 31))
    make_case(head, title="办理中")
    plan = plan_for(supervisor, agency, checklist, per_agency=20)
    drawn = evaluation.draw(supervisor, plan)
    assert sorted(e.case_id for e in drawn) == sorted(c.pk for c in closed_cases)
    with pytest.raises(ValidationError, match="不能重复抽取"):
        evaluation.draw(supervisor, plan)
    empty = evaluation.create_plan(supervisor, title="空", agencies=[agency], closed_from=days(2024, 1, 1),
                                   closed_to=days(2024, 12, 31), per_agency=2, checklist=checklist)
    with pytest.raises(ValidationError, match="没有已结案的案卷"):
        evaluation.draw(supervisor, empty)


def test_bad_plans_are_refused_naming_each_field(supervisor, far_agency, checklist, users):
    with pytest.raises(ValidationError) as error:
        evaluation.create_plan(supervisor, title=" ", agencies=[far_agency], closed_from=days(2026, 6, 1),
                               closed_to=days(2026, 1, 1), per_agency=0, checklist=checklist, seed="x" * 65)
    messages = error.value.message_dict
    assert set(messages) == {"title", "agencies", "closed_to", "per_agency", "seed"}
    assert "不在您的监督区域内" in messages["agencies"][0]
    with pytest.raises(PermissionDenied):
        evaluation.create_plan(users[Role.AGENCY_HEAD], title="自评", agencies=[], closed_from=days(2026, 1, 1),
                               closed_to=days(2026, 6, 30), per_agency=1, checklist=checklist)
    assert not EvaluationPlan.objects.exists()


def _scores(plan, **deductions):
    return {i["code"]: deductions.get(i["code"], (i["points"], "")) for i in plan.items}


def test_r7_scoring_needs_the_case_file_read_every_item_scored_and_each_deduction_explained(
        supervisor, agency, checklist, closed_cases):
    plan = plan_for(supervisor, agency, checklist, per_agency=1)
    item = evaluation.draw(supervisor, plan)[0]
    with pytest.raises(ValidationError, match="请先以“案卷评查”事由调阅本案卷"):
        evaluation.score(supervisor, item, scores=_scores(plan))
    services.open_access(supervisor, item.case, purpose="evaluation", reason="2026年上半年案卷评查")
    scores = _scores(plan, law_correct=(16, ""), evidence_sufficient=(6, ""))
    del scores["archiving_timely"]
    with pytest.raises(ValidationError) as error:
        evaluation.score(supervisor, item, scores=scores)
    messages = error.value.message_dict
    assert "得分（score_law_correct）须在0至15分之间" in messages["score_law_correct"]
    assert "扣分的，请写明发现的问题（finding_evidence_sufficient）" in messages["finding_evidence_sufficient"][0]
    assert "score_archiving_timely" in messages
    assert not item.scores.exists()
    scored = evaluation.score(supervisor, item, scores=_scores(plan, evidence_sufficient=(6, "缺少进货来源证据"),
                                                                 documents_delivery=("2.5", "送达回证无签收日期")),
                              summary="证据和送达存在问题")
    assert scored.score == Decimal("94.5") and scored.grade == Evaluation.Grade.EXCELLENT
    assert EvaluationPlan.objects.get(pk=plan.pk).status == EvaluationPlan.Status.COMPLETED
    entry = JournalEntry.objects.get(kind="evaluation.scored")
    assert entry.subject_id == str(item.case_id) and "缺少进货来源证据" in entry.payload
    with pytest.raises(ValidationError, match="评查方案已完成"):
        evaluation.score(supervisor, item, scores=_scores(plan))


def test_r7_a_rectification_is_tracked_to_completion_returned_once(supervisor, agency, checklist, closed_cases, head,
                                                                    users):
    plan = plan_for(supervisor, agency, checklist, per_agency=1)
    item = evaluation.draw(supervisor, plan)[0]
    services.open_access(supervisor, item.case, purpose="evaluation", reason="2026年上半年案卷评查")
    evaluation.score(supervisor, item, scores=_scores(plan, law_cited=(0, "决定书未载明处罚依据")))
    due = timezone.localdate() + datetime.timedelta(days=15)
    with pytest.raises(ValidationError, match="须晚于今天"):
        evaluation.require_rectification(supervisor, item, requirement="补正", due_on=timezone.localdate())
    rectification = evaluation.require_rectification(supervisor, item, requirement="补正处罚决定书的处罚依据", due_on=due)
    with pytest.raises(PermissionDenied):
        notices.report(users[Role.OFFICER], rectification, text="已补正")
    notices.report(head, rectification, text="已制作更正决定书并送达")
    with pytest.raises(ValidationError, match="请填写退回理由"):
        notices.verify(supervisor, rectification, accept=False, new_due_on=due)
    notices.verify(supervisor, rectification, accept=False, verdict="更正决定书未送达当事人", new_due_on=due)
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.RETURNED
    notices.report(head, rectification, text="已送达更正决定书，送达回证附后", version=rectification.version)
    notices.verify(supervisor, rectification, accept=True, verdict="整改到位")
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.ACCEPTED
    kinds = list(JournalEntry.objects.filter(subject_id=str(rectification.pk), subject_type="supervision.rectification")
                 .values_list("kind", flat=True))
    assert kinds == ["rectification.issued", "rectification.reported", "rectification.verified",
                     "rectification.reported", "rectification.verified"]


def test_the_evaluation_pages_from_plan_to_score(client, supervisor, agency, checklist, closed_cases, head):
    client.force_login(supervisor)
    response = client.post(reverse("supervision:plan_new"), {
        "title": "页面评查", "agencies": [agency.pk], "closed_from": "2026-01-01", "closed_to": "2026-06-30",
        "per_agency": "2", "checklist": checklist.pk, "seed": ""})
    plan = EvaluationPlan.objects.get(title="页面评查")
    assert response.status_code == 302 and len(plan.seed) == 32
    client.post(reverse("supervision:plan_draw", args=[plan.pk]), {"version": plan.version})
    page = client.get(reverse("supervision:plan", args=[plan.pk]) + "?verify=1")
    assert 'data-testid="verified"' in page.content.decode() and plan.seed in page.content.decode()
    assert [(r["agency__name"], r["n"]) for r in page.context["by_agency"]] == [(agency.name, 2)]
    item = plan.evaluations.first()
    page = client.get(reverse("supervision:evaluation", args=[item.pk])).content.decode()
    assert "评分前须调阅案卷" in page
    client.post(reverse("supervision:open_case", args=[item.case_id]),
                {"purpose": "evaluation", "reason": "页面评查：抽中的案卷"})
    data = {f"score_{i['code']}": i["points"] for i in plan.items}
    data.update({"score_facts_clear": "8", "finding_facts_clear": "", "version": item.version})
    refused = client.post(reverse("supervision:evaluation", args=[item.pk]), data)
    assert refused.status_code == 200 and "扣分的，请写明发现的问题" in refused.content.decode()
    data["finding_facts_clear"] = "违法事实表述不完整"
    assert client.post(reverse("supervision:evaluation", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.score == Decimal("98.0")
    client.force_login(head)  # the agency's head reads the result of its own case file
    page = client.get(reverse("supervision:evaluation", args=[item.pk])).content.decode()
    assert "违法事实表述不完整" in page and "保存评分" not in page


def test_bad_plan_form_input_answers_in_chinese(client, supervisor):
    client.force_login(supervisor)
    page = client.post(reverse("supervision:plan_new"), {"title": "", "closed_from": "昨天", "per_agency": "很多"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "须为 YYYY-MM-DD 格式的日期" in text and "须为整数" in text and "请至少选择一个执法主体" in text
    api = client.post(reverse("api-supervision-plans"), {"title": "x", "per_agency": 1000},
                      content_type="application/json")
    assert api.status_code == 400 and "per_agency" in api.json()["errors"]
