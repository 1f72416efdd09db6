"""Case-file evaluation (案卷评查, R7): plans, a reproducible random draw, scores, rectification.

The draw is reproducible by anyone holding the plan: for each agency (in id order) the candidates
are its closed or archived cases whose closure date lies in the plan's period, in id order; a
``random.Random`` seeded with ``"<seed>:<agency id>"`` (:mod:`zhifa.core.randomdraw`) picks ``per_agency`` of them. The seed, the
SHA-256 of every agency's candidates and picks, and the picks are journalled, so a second person
can recompute the draw (:func:`redraw`) and see that nobody chose the cases.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.cases.services import journal
from zhifa.core import randomdraw
from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_prefix
from zhifa.ledger.services import append

from .models import Checklist, Evaluation, EvaluationPlan, ItemScore, RecordAccess, Rectification
from .services import check_version

MAX_PER_AGENCY = 100
GRADES = ((Decimal(90), Evaluation.Grade.EXCELLENT), (Decimal(80), Evaluation.Grade.GOOD),
          (Decimal(60), Evaluation.Grade.PASS), (Decimal(0), Evaluation.Grade.FAIL))


def _require_supervisor(actor):
    if not actor.is_authenticated or actor.role != Role.SUPERVISOR:
        raise PermissionDenied("只有执法监督人员可以组织案卷评查")


def checklist_items(checklist: Checklist) -> list[dict]:
    return [{"code": i.code, "category": i.category, "category_label": i.get_category_display(), "text": i.text,
             "points": i.points} for i in checklist.items.all()]


@transaction.atomic
def create_plan(actor, *, title: str, agencies, closed_from, closed_to, per_agency: int, checklist: Checklist,
                seed: str = "", region_code: str = "") -> EvaluationPlan:
    """A supervisor plans an evaluation of agencies of the region; the checklist is copied into the plan."""
    _require_supervisor(actor)
    scope = scope_for(actor)
    errors = {}
    region_code = (region_code or actor.region_code or "").strip()
    if not region_code or not region_prefix(region_code).startswith(scope.region_prefix or "-"):
        errors["region_code"] = "评查区域（region_code）须在您的监督区域内"
    agencies = list(agencies or [])
    if not agencies:
        errors["agencies"] = "请选择至少一个被评查的执法主体（agencies）"
    outside = [a.name for a in agencies if not scope.covers_agency(a) or a.is_supervisory]
    if outside:
        errors["agencies"] = f"以下单位不在您的监督区域内或不是执法主体：{'、'.join(outside)}"
    if not (title or "").strip():
        errors["title"] = "请填写评查方案名称（title）"
    if closed_from and closed_to and closed_from > closed_to:
        errors["closed_to"] = "结案日期止（closed_to）不能早于结案日期起"
    if not isinstance(per_agency, int) or not 1 <= per_agency <= MAX_PER_AGENCY:
        errors["per_agency"] = f"每个主体抽取案卷数（per_agency）须为1至{MAX_PER_AGENCY}之间的整数"
    if checklist is None or not checklist.is_active:
        errors["checklist"] = "请选择一个可用的评查标准（checklist）"
    elif not checklist.items.exists():
        errors["checklist"] = "所选评查标准没有评查项目"
    seed = randomdraw.seed_or_new(seed)
    if randomdraw.seed_error(seed):
        errors["seed"] = randomdraw.seed_error(seed)
    if errors:
        raise ValidationError(errors)
    plan = EvaluationPlan.objects.create(
        title=title.strip(), region_code=region_code, closed_from=closed_from, closed_to=closed_to,
        per_agency=per_agency, checklist=checklist, items=checklist_items(checklist), seed=seed, created_by=actor)
    plan.agencies.set(agencies)
    append("evaluation.plan_created", plan, actor, None, {
        "title": plan.title, "agencies": sorted(a.pk for a in agencies), "closed_from": closed_from.isoformat(),
        "closed_to": closed_to.isoformat(), "per_agency": per_agency, "checklist": checklist.name,
        "items": plan.items, "seed": seed,
    })
    return plan


def candidates(plan: EvaluationPlan, agency) -> list[int]:
    """The cases that may be drawn for ``agency``: closed or archived, closure date in the period, by id."""
    return list(Case.objects.filter(agency=agency, status__in=[Case.Status.CLOSED, Case.Status.ARCHIVED],
                                    closed_on__gte=plan.closed_from, closed_on__lte=plan.closed_to)
                .order_by("pk").values_list("pk", flat=True))


def redraw(plan: EvaluationPlan) -> dict[int, dict]:
    """Recompute the draw from the seed: ``{agency id: {"candidates": [...], "picked": [...]}}``."""
    draw = {}
    for agency in plan.agencies.order_by("pk"):
        pool = candidates(plan, agency)
        rng = randomdraw.stream(plan.seed, agency.pk)
        draw[agency.pk] = {"candidates": pool, "picked": rng.sample(pool, min(plan.per_agency, len(pool)))}
    return draw


def digest(draw: dict) -> str:
    return randomdraw.digest({str(k): v for k, v in draw.items()})


@transaction.atomic
def draw(actor, plan: EvaluationPlan, *, version=None) -> list[Evaluation]:
    """Draw the sample; journalled with the seed and the digest of candidates and picks."""
    _require_supervisor(actor)
    plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    check_version(version, plan.version, "该评查方案已被他人修改，请刷新后重试")
    if plan.status != EvaluationPlan.Status.DRAFT:
        raise ValidationError({"status": "该方案已抽取案卷，不能重复抽取"})
    if not all(scope_for(actor).covers_agency(a) for a in plan.agencies.all()):
        raise PermissionDenied("方案中有不在您监督区域内的执法主体")
    result = redraw(plan)
    if not any(entry["picked"] for entry in result.values()):
        raise ValidationError({"closed_from": "所选期间内被评查主体没有已结案的案卷，请调整结案日期范围"})
    created = []
    for agency_id, entry in result.items():
        for order, case_id in enumerate(entry["picked"], start=1):
            created.append(Evaluation(plan=plan, case_id=case_id, agency_id=agency_id, draw_order=order))
    Evaluation.objects.bulk_create(created)
    plan.status = EvaluationPlan.Status.DRAWN
    plan.drawn_at = timezone.now()
    plan.draw_digest = digest(result)
    plan.version += 1
    plan.save()
    numbers = dict(Case.objects.filter(pk__in=[e.case_id for e in created]).values_list("pk", "number"))
    append("evaluation.drawn", plan, actor, None, {
        "seed": plan.seed, "digest": plan.draw_digest,
        "agencies": {str(k): {"candidates": len(v["candidates"]), "picked": [numbers.get(c, str(c)) for c in v["picked"]]}
                     for k, v in result.items()},
    })
    return created


def grade_for(score: Decimal) -> str:
    return next(grade for floor, grade in GRADES if score >= floor)


def _decimal(value, field: str, points: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"得分（{field}）须为数字"}) from None
    if not number.is_finite() or number < 0 or number > points:
        raise ValidationError({field: f"得分（{field}）须在0至{points}分之间"})
    return number.quantize(Decimal("0.1"), ROUND_HALF_UP)


@transaction.atomic
def score(actor, evaluation: Evaluation, *, scores: dict, summary: str = "", version=None) -> Evaluation:
    """Score a sampled case file on every checklist item; a deduction needs its finding. Journalled on the case."""
    _require_supervisor(actor)
    evaluation = Evaluation.objects.select_for_update().select_related("plan", "case", "agency").get(pk=evaluation.pk)
    if not scope_for(actor).covers_agency(evaluation.agency):
        raise PermissionDenied("该案卷不在您的监督区域内")
    check_version(version, evaluation.version, "该案卷的评分已被他人修改，请刷新后重试")
    plan = evaluation.plan
    if plan.status == EvaluationPlan.Status.COMPLETED:
        raise ValidationError({"status": "评查方案已完成，评分不能再修改"})
    read = RecordAccess.objects.filter(user=actor, case=evaluation.case, purpose=RecordAccess.Purpose.EVALUATION,
                                       opened_at__gte=plan.drawn_at or plan.created_at)
    if not read.exists():
        raise ValidationError({"case": "请先以“案卷评查”事由调阅本案卷，再评分"})
    errors, rows, total = {}, [], Decimal(0)
    for item in plan.items:
        code = item["code"]
        given = scores.get(code)
        if given is None or str(given[0]).strip() == "":
            errors[f"score_{code}"] = f"请为“{item['text']}”评分（score_{code}）"
            continue
        try:
            value = _decimal(given[0], f"score_{code}", item["points"])
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        finding = (given[1] or "").strip()
        if value < item["points"] and not finding:
            errors[f"finding_{code}"] = f"“{item['text']}”扣分的，请写明发现的问题（finding_{code}）"
            continue
        total += value
        rows.append(ItemScore(evaluation=evaluation, code=code, category=item["category"], text=item["text"],
                              points=item["points"], score=value, finding=finding))
    if errors:
        raise ValidationError(errors)
    full = Decimal(plan.total_points)
    percent = (total * 100 / full).quantize(Decimal("0.1"), ROUND_HALF_UP) if full else Decimal(0)
    evaluation.scores.all().delete()
    ItemScore.objects.bulk_create(rows)
    evaluation.score, evaluation.grade = percent, grade_for(percent)
    evaluation.summary, evaluation.status = (summary or "").strip(), Evaluation.Status.SCORED
    evaluation.evaluator, evaluation.scored_at = actor, timezone.now()
    evaluation.version += 1
    evaluation.save()
    journal(actor, evaluation.case, "evaluation.scored", {
        "plan": plan.pk, "title": plan.title, "score": str(percent), "grade": evaluation.get_grade_display(),
        "findings": [{"item": r.text, "score": str(r.score), "points": r.points, "finding": r.finding}
                     for r in rows if r.finding],
    })
    if not plan.evaluations.exclude(status=Evaluation.Status.SCORED).exists():
        plan.status = EvaluationPlan.Status.COMPLETED
        plan.version += 1
        plan.save(update_fields=["status", "version"])
    return evaluation


@transaction.atomic
def require_rectification(actor, evaluation: Evaluation, *, requirement: str, due_on) -> Rectification:
    """After scoring, the supervisor tells the agency what to put right and by when (R7)."""
    from .notices import new_rectification

    _require_supervisor(actor)
    evaluation = Evaluation.objects.select_related("agency", "case").get(pk=evaluation.pk)
    if not scope_for(actor).covers_agency(evaluation.agency):
        raise PermissionDenied("该案卷不在您的监督区域内")
    if evaluation.status != Evaluation.Status.SCORED:
        raise ValidationError({"evaluation": "请先评分，再下达整改要求"})
    return new_rectification(actor, evaluation.agency, requirement=requirement, due_on=due_on, evaluation=evaluation)
