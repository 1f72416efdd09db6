"""Case-file evaluation (R7): plans, the reproducible draw, scoring on the checklist, rectification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.accounts.roles import Role
from zhifa.core.feedback import form_errors, run_service

from .. import evaluation as service
from .. import selectors
from ..forms import PlanForm, RectificationRequireForm, ScoreForm
from ..models import Checklist, Evaluation
from .common import require_role

READERS = selectors.HEADS | {Role.SUPERVISOR}
DENIED = "只有执法监督人员和被评查单位负责人可以查看案卷评查"


@login_required
def plan_list(request):
    require_role(request.user, READERS, DENIED)
    plans = selectors.plans(request.user).annotate(
        sampled=Count("evaluations", distinct=True),
        scored=Count("evaluations", filter=Q(evaluations__status=Evaluation.Status.SCORED), distinct=True))
    return render(request, "supervision/plans.html", {"plans": plans, "can_plan": request.user.role == Role.SUPERVISOR})


@login_required
def plan_new(request):
    require_role(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以组织案卷评查")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = run_service(request, lambda: service.create_plan(
            request.user, title=data["title"], agencies=data["agencies"], closed_from=data["closed_from"],
            closed_to=data["closed_to"], per_agency=data["per_agency"], checklist=data["checklist"], seed=data["seed"]),
            "评查方案已创建", form=form)
        if plan:
            return redirect("supervision:plan", plan.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "新建案卷评查方案",
                                                     "back": "supervision:plans"})


@login_required
def plan_detail(request, pk):
    require_role(request.user, READERS, DENIED)
    plan = selectors.get_plan(request.user, pk)
    rows = selectors.evaluations(request.user, plan).order_by("agency__name", "draw_order")
    by_agency = (rows.order_by().values("agency__name").annotate(n=Count("pk"), avg=Avg("score"),
                                                      scored=Count("pk", filter=Q(status=Evaluation.Status.SCORED)))
                 .order_by("agency__name"))
    verified = None
    if plan.draw_digest and request.GET.get("verify") == "1":
        verified = service.digest(service.redraw(plan)) == plan.draw_digest
    return render(request, "supervision/plan.html", {
        "plan": plan, "rows": rows, "by_agency": by_agency, "verified": verified,
        "can_draw": request.user.role == Role.SUPERVISOR and plan.status == plan.Status.DRAFT,
        "is_supervisor": request.user.role == Role.SUPERVISOR,
    })


@login_required
@require_POST
def plan_draw(request, pk):
    require_role(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以抽取案卷")
    plan = selectors.get_plan(request.user, pk)
    drawn = run_service(request, lambda: service.draw(request.user, plan, version=request.POST.get("version")),
                "已按随机种子抽取案卷")
    if drawn:
        messages.info(request, f"共抽取案卷{len(drawn)}件")
    return redirect("supervision:plan", plan.pk)


@login_required
def evaluation_detail(request, pk):
    require_role(request.user, READERS, DENIED)
    item = selectors.get_evaluation(request.user, pk)
    plan = item.plan
    is_supervisor = request.user.role == Role.SUPERVISOR
    form = None
    if is_supervisor and plan.status != plan.Status.COMPLETED:
        form = ScoreForm(request.POST or None, items=plan.items, evaluation=item, initial={"version": item.version,
                                                                                           "summary": item.summary})
        if request.method == "POST" and form.is_valid():
            saved = run_service(request, lambda: service.score(request.user, item, scores=form.scores(),
                                                       summary=form.cleaned_data["summary"],
                                                       version=form.cleaned_data["version"]), "评分已保存", form=form)
            if saved:
                return redirect("supervision:evaluation", item.pk)
    elif request.method == "POST":
        require_role(request.user, {Role.SUPERVISOR}, "评查方案已完成或您无权评分")
    return render(request, "supervision/evaluation.html", {
        "item": item, "plan": plan, "form": form, "scores": item.scores.all(), "is_supervisor": is_supervisor,
        "access": selectors.open_access(request.user, item.case) if is_supervisor else None,
        "rectifications": item.rectifications.all(),
        "rectification_form": RectificationRequireForm() if is_supervisor and item.status == item.Status.SCORED else None,
    })


@login_required
@require_POST
def evaluation_rectification(request, pk):
    require_role(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以下达整改要求")
    item = selectors.get_evaluation(request.user, pk)
    form = RectificationRequireForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(request, lambda: service.require_rectification(request.user, item, **form.cleaned_data), "整改要求已下达")
    return redirect("supervision:evaluation", item.pk)


@login_required
def checklist_list(request):
    require_role(request.user, {Role.SUPERVISOR, Role.ADMIN}, "只有执法监督人员和系统管理员可以查看评查标准")
    return render(request, "supervision/checklists.html", {
        "checklists": Checklist.objects.prefetch_related("items"), "is_admin": request.user.role == Role.ADMIN})
