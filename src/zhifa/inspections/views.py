"""Random inspection pages: the agency's directory, plans, draw, results and publication (workbench);
the published plans and results (portal, read from the published copies only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhifa.core.feedback import form_errors, run_service
from zhifa.core.pagecache import public_page

from . import selectors, services
from .forms import (
    ConflictForm,
    ImportForm,
    PlanForm,
    RegisterForm,
    ResultForm,
    TargetEditForm,
    TargetForm,
    VersionForm,
)
from .models import Plan, PublishedPlan

# Directory --------------------------------------------------------------------------------------------


@login_required
def target_list(request, **forms):
    selectors.require_reader(request.user)
    agency = request.user.agency
    can_edit = agency is not None and services.can_handle(request.user, agency)
    q, category = request.GET.get("q", "")[:100], request.GET.get("category", "")[:50]
    context = {
        "rows": selectors.targets(request.user, q=q, category=category)[:500], "q": q, "category": category,
        "categories": selectors.categories(request.user), "can_edit": can_edit,
        "target_form": TargetForm(), "import_form": ImportForm(), "conflict_form": ConflictForm(agency=agency),
    }
    context.update(forms)
    return render(request, "inspections/staff/targets.html", context, status=400 if forms else 200)


@login_required
@require_POST
def target_new(request):
    agency = selectors.handled_agency(request.user)
    form = TargetForm(request.POST)
    if form.is_valid() and run_service(request, lambda: services.add_target(request.user, agency, form.cleaned_data),
                                       "已加入检查对象名录", form):
        return redirect("inspections:targets")
    return target_list(request, target_form=form)


@login_required
def target_detail(request, pk, **forms):
    """One entry of the directory: correct it, or take it off the register (and back) with a reason."""
    selectors.require_reader(request.user)
    target = selectors.get_target(request.user, pk)
    can_edit = services.can_handle(request.user, target.agency)
    initial = {field: getattr(target, field) for field in TargetForm.base_fields} | {"version": target.version}
    context = {"target": target, "can_edit": can_edit, "edit_form": TargetEditForm(initial=initial),
               "register_form": RegisterForm(initial={"version": target.version, "registered": not target.is_active}),
               "history": selectors.target_history(target)}
    context.update(forms)
    return render(request, "inspections/staff/target.html", context, status=400 if forms else 200)


@login_required
@require_POST
def target_edit(request, pk):
    target = selectors.get_editable_target(request.user, pk)
    form = TargetEditForm(request.POST)
    if form.is_valid() and run_service(request, lambda: services.update_target(
            request.user, target, form.cleaned_data, version=form.cleaned_data["version"]), "已保存修改", form):
        return redirect("inspections:target", target.pk)
    return target_detail(request, pk, edit_form=form)


@login_required
@require_POST
def target_register(request, pk):
    target = selectors.get_editable_target(request.user, pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(request, lambda: services.set_registered(
            request.user, target, registered=data["registered"], reason=data["reason"], version=data["version"]),
            "已恢复在册" if data["registered"] else "已移出名录，今后的抽查不再抽取该对象", form)
        if done:
            return redirect("inspections:target", target.pk)
    return target_detail(request, pk, register_form=form)


@login_required
@require_POST
def target_import(request):
    agency = selectors.handled_agency(request.user)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        made = run_service(request, lambda: services.import_targets(request.user, agency, form.cleaned_data["file"]),
                           "导入完成", form)
        if made:
            messages.info(request, f"共导入检查对象{len(made)}个")
            return redirect("inspections:targets")
    return target_list(request, import_form=form)


@login_required
@require_POST
def conflict_new(request):
    agency = selectors.handled_agency(request.user)
    form = ConflictForm(request.POST, agency=agency)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(request, lambda: services.declare_conflict(
                request.user, data["target"], person=data["person"], kind=data["kind"], note=data["note"]),
                "已登记回避，抽取时该人员不会被派往该对象", form):
            return redirect("inspections:targets")
    return target_list(request, conflict_form=form)


# Plans ------------------------------------------------------------------------------------------------


@login_required
def plan_list(request):
    selectors.require_reader(request.user)
    status, overdue = request.GET.get("status", ""), request.GET.get("overdue") == "1"
    agency = request.user.agency
    return render(request, "inspections/staff/plans.html", {
        "plans": selectors.plans(request.user, status=status, overdue=overdue)[:200], "status": status,
        "overdue": overdue, "statuses": Plan.Status.choices,
        "overdue_count": selectors.overdue_results(request.user).count(),
        "can_plan": agency is not None and services.can_handle(request.user, agency),
    })


@login_required
def plan_new(request):
    agency = selectors.handled_agency(request.user)
    form = PlanForm(request.POST or None, items=services.random_items(agency))
    if request.method == "POST":
        if form.is_valid():
            plan = run_service(request, lambda: services.create_plan(request.user, agency, form.service_data()),
                               "已制定抽查计划", form)
            if plan:
                return redirect("inspections:plan", plan.pk)
        return render(request, "inspections/staff/plan_new.html", {"form": form}, status=400)
    return render(request, "inspections/staff/plan_new.html", {"form": form})


@login_required
def plan_detail(request, pk, **forms):
    plan = selectors.get_plan(request.user, pk)
    drawn = list(selectors.drawn_targets(plan))
    result_forms = forms.pop("result_forms", {})
    for d in drawn:
        d.form = result_forms.get(d.pk) or ResultForm(initial={"version": d.version}, prefix=f"r{d.pk}")
    return render(request, "inspections/staff/plan.html", {
        "plan": plan, "drawn": drawn, "verification": services.verify(plan),
        "pool": None if plan.is_drawn else services.eligible_inspectors(plan.agency, services.inspection_date(plan)),
        "inspection_date": services.inspection_date(plan),
        "can_handle": services.can_handle(request.user, plan.agency),
        "can_publish": services.can_publish(request.user, plan.agency),
        "publication": PublishedPlan.objects.filter(plan=plan).first(),
        "unpublished": sum(1 for d in drawn if d.result and not d.published_at),
    }, status=400 if result_forms else 200)


def _plan_action(request, pk, call, success):
    plan = selectors.get_plan(request.user, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(request, lambda: call(plan, form.cleaned_data["version"]), success)
    return redirect("inspections:plan", plan.pk)


@login_required
@require_POST
def draw(request, pk):
    return _plan_action(request, pk, lambda plan, version: services.draw(request.user, plan, version=version),
                        "已随机抽取检查对象和检查人员")


@login_required
@require_POST
def publish(request, pk):
    return _plan_action(request, pk, lambda plan, version: services.publish(request.user, plan, version=version),
                        "已在公示平台公示")


@login_required
@require_POST
def result(request, pk):
    drawn = selectors.get_drawn(request.user, pk)
    form = ResultForm(request.POST, prefix=f"r{drawn.pk}")
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(request, lambda: services.record_result(request.user, drawn, data, version=data["version"]),
                           f"已录入“{drawn.target.name}”的检查结果", form)
        if done:
            if done.lead_id:
                messages.info(request, f"已登记案源{done.lead.number}")
            return redirect("inspections:plan", drawn.plan_id)
    return plan_detail(request, drawn.plan_id, result_forms={drawn.pk: form})


# The portal ------------------------------------------------------------------------------------------


@require_safe
@public_page
def public_list(request):
    q = request.GET.get("q", "")[:100]
    return render(request, "inspections/public/list.html", {"plans": selectors.published_plans(q=q)[:200], "q": q})


@require_safe
@public_page
def public_detail(request, pk):
    plan = selectors.get_published_plan(pk)
    if plan is None:
        raise Http404("未找到该抽查计划")
    return render(request, "inspections/public/detail.html", {"plan": plan, "results": plan.results.all()})
