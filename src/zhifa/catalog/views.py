"""Pages of the rule lists: everybody in scope reads published versions; administrators edit drafts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.roles import Role
from zhifa.core.feedback import add_errors
from zhifa.core.scoping import scope_for
from zhifa.organizations.selectors import agencies as scoped_agencies

from . import content, selectors, services
from .discretion import ProposedPenalty, check, describe_tier
from .excel import ImportFailed, export_powers, import_powers
from .flowchart import render_svg
from .forms import (
    ENTRY_FORMS,
    AdoptForm,
    CheckForm,
    ImportForm,
    LawsForm,
    ListForm,
    MajorCheckForm,
    PublishForm,
    TierForm,
)
from .major import is_major
from .models import (
    AvRequirement,
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    MajorDecisionRule,
    Power,
    Procedure,
    RuleList,
)
from .permissions import can_manage
from .procedures import definition_errors, describe_deadline


def _manageable_agencies(user):
    """Agencies whose lists the user may create: the administrator's, within the region."""
    queryset = scoped_agencies(user)
    return queryset if scope_for(user).role == Role.ADMIN else queryset.none()


def _version(user, pk):
    return get_object_or_404(selectors.visible_versions(user), pk=pk)


def _entry(user, model, pk):
    return get_object_or_404(model.objects.filter(version__in=selectors.visible_versions(user)), pk=pk)


@login_required
def index(request):
    agencies = _manageable_agencies(request.user)
    create_form = ListForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST":
        if create_form is None:
            raise PermissionDenied("只有系统管理员可以新建清单")
        if create_form.is_valid():
            try:
                rule_list = services.create_list(request.user, **create_form.cleaned_data)
            except ValidationError as exc:
                add_errors(create_form, exc)
            else:
                messages.success(request, f"已新建清单：{rule_list.name}")
                return redirect("catalog:list", pk=rule_list.pk)
    lists = selectors.rule_lists(request.user, kind=request.GET.get("kind", "")).prefetch_related("laws")
    rows = [(rl, selectors.current_version(rl), selectors.revision_due(rl)) for rl in lists]
    return render(request, "catalog/index.html", {
        "rows": rows, "kinds": RuleList.Kind.choices, "create_form": create_form,
    })


@login_required
def list_detail(request, pk):
    rule_list = get_object_or_404(selectors.rule_lists(request.user), pk=pk)
    manager = can_manage(request.user, rule_list)
    agencies = _manageable_agencies(request.user)
    adopt_form = AdoptForm(agencies=agencies) if rule_list.is_national and agencies.exists() else None
    return render(request, "catalog/list_detail.html", {
        "rule_list": rule_list, "versions": selectors.versions(request.user, rule_list), "manager": manager,
        "current": selectors.current_version(rule_list), "draft": selectors.draft_of(rule_list) if manager else None,
        "due": selectors.revision_due(rule_list), "adopt_form": adopt_form,
        "laws_form": LawsForm(initial={"laws": rule_list.laws.all()}) if manager else None,
    })


@login_required
@require_POST
def set_laws(request, pk):
    rule_list = get_object_or_404(selectors.rule_lists(request.user), pk=pk)
    services.require_manager(request.user, rule_list)
    form = LawsForm(request.POST)
    if form.is_valid():
        services.set_laws(request.user, rule_list, list(form.cleaned_data["laws"]))
        messages.success(request, "已更新依据的法律法规")
    else:
        messages.error(request, "所选法律法规不存在")
    return redirect("catalog:list", pk=pk)


@login_required
@require_POST
def start_draft(request, pk):
    rule_list = get_object_or_404(selectors.rule_lists(request.user), pk=pk)
    services.require_manager(request.user, rule_list)
    try:
        draft = services.start_draft(request.user, rule_list, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("catalog:list", pk=pk)
    messages.success(request, f"已新建第{draft.number}版草稿")
    return redirect("catalog:version", pk=draft.pk)


@login_required
@require_POST
def adopt(request, pk):
    source = get_object_or_404(selectors.rule_lists(request.user), pk=pk, agency__isnull=True)
    form = AdoptForm(request.POST, agencies=_manageable_agencies(request.user))
    if not form.is_valid():
        raise PermissionDenied("请选择本人管辖的执法主体")
    try:
        rule_list = services.adopt(request.user, source, form.cleaned_data["agency"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("catalog:list", pk=pk)
    messages.success(request, f"已采用为“{rule_list.name}”，请修改草稿后发布")
    return redirect("catalog:list", pk=rule_list.pk)


def _version_context(request, version):
    kind = version.rule_list.kind
    context = {"version": version, "rule_list": version.rule_list, "kind": kind,
               "editable": version.is_draft and can_manage(request.user, version.rule_list)}
    if kind == RuleList.Kind.POWERS:
        context["powers"] = content.entries(version, Power).prefetch_related("items")
    elif kind == RuleList.Kind.PROCEDURES:
        context["procedures"] = content.entries(version, Procedure)
    elif kind == RuleList.Kind.DISCRETION:
        context["benchmarks"] = [(b, [(t, describe_tier(t)) for t in b.tiers.order_by("pk")])
                                 for b in content.entries(version, DiscretionBenchmark)]
    elif kind == RuleList.Kind.MAJOR:
        context["rules"] = content.entries(version, MajorDecisionRule)
        from .major import STATUTORY_BASIS, STATUTORY_RULES

        context["statutory"] = [name for _, name, _ in STATUTORY_RULES]
        context["statutory_basis"] = STATUTORY_BASIS
    elif kind == RuleList.Kind.AV:
        context["av_entries"] = content.entries(version, AvRequirement)
    return context


@login_required
def version_detail(request, pk):
    version = _version(request.user, pk)
    context = _version_context(request, version)
    if context["editable"]:
        context["publish_form"] = PublishForm(initial={"effective_from": timezone.localdate()})
        context["import_form"] = ImportForm() if version.rule_list.kind == RuleList.Kind.POWERS else None
        context["problems"] = services.publication_errors(version)
    return render(request, "catalog/version.html", context)


@login_required
@require_POST
def publish(request, pk):
    version = _version(request.user, pk)
    services.require_manager(request.user, version.rule_list)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish(request.user, version, form.cleaned_data["effective_from"], form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, "无法发布：" + "；".join(exc.messages))
        else:
            messages.success(request, f"已发布第{version.number}版，自{version.effective_from}起生效")
    else:
        messages.error(request, "生效日期格式错误")
    return redirect("catalog:version", pk=pk)


@login_required
@require_POST
def discard(request, pk):
    version = _version(request.user, pk)
    services.require_manager(request.user, version.rule_list)
    rule_list = version.rule_list
    try:
        services.discard_draft(request.user, version)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("catalog:version", pk=pk)
    messages.success(request, "已放弃草稿")
    return redirect("catalog:list", pk=rule_list.pk)


@login_required
def entry_edit(request, pk, entry_type, entry_pk=None):
    version = _version(request.user, pk)
    if entry_type not in ENTRY_FORMS:
        raise Http404
    services.require_manager(request.user, version.rule_list)
    model = services.ENTRY_TYPES[entry_type]
    instance = get_object_or_404(model, pk=entry_pk, version=version) if entry_pk else None
    extra = {"version": version} if entry_type == "item" else {}
    form = ENTRY_FORMS[entry_type](request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_entry(request.user, version, model, form.service_data(), instance=instance)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已保存{model._meta.verbose_name}")
            return redirect("catalog:version", pk=pk)
    return render(request, "catalog/form.html", {"form": form, "version": version,
                                                 "heading": f"{'修改' if instance else '新增'}{model._meta.verbose_name}"})


@login_required
@require_POST
def entry_delete(request, pk, entry_type, entry_pk):
    version = _version(request.user, pk)
    if entry_type not in services.ENTRY_TYPES:
        raise Http404
    services.require_manager(request.user, version.rule_list)
    instance = get_object_or_404(services.ENTRY_TYPES[entry_type], pk=entry_pk, version=version)
    try:
        services.delete_entry(request.user, instance)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已删除")
    return redirect("catalog:version", pk=pk)


@login_required
def tier_edit(request, pk, tier_pk=None):
    benchmark = _entry(request.user, DiscretionBenchmark, pk)
    services.require_manager(request.user, benchmark.version.rule_list)
    instance = get_object_or_404(DiscretionTier, pk=tier_pk, benchmark=benchmark) if tier_pk else None
    form = TierForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_tier(request.user, benchmark, form.service_data(), instance=instance)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已保存裁量阶次")
            return redirect("catalog:version", pk=benchmark.version_id)
    return render(request, "catalog/form.html", {"form": form, "version": benchmark.version,
                                                 "heading": f"{benchmark.violation} · 裁量阶次"})


@login_required
@require_POST
def tier_delete(request, pk, tier_pk):
    benchmark = _entry(request.user, DiscretionBenchmark, pk)
    services.require_manager(request.user, benchmark.version.rule_list)
    try:
        services.delete_tier(request.user, get_object_or_404(DiscretionTier, pk=tier_pk, benchmark=benchmark))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("catalog:version", pk=benchmark.version_id)


@login_required
def import_excel(request, pk):
    version = _version(request.user, pk)
    services.require_manager(request.user, version.rule_list)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_powers(request.user, version, form.cleaned_data["file"])
        except ImportFailed as exc:
            report = exc.report
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已导入{result.powers}项权力、{result.items}个执法事项")
            return redirect("catalog:version", pk=pk)
    return render(request, "catalog/import.html", {"form": form, "version": version, "report": report},
                  status=400 if report else 200)


@login_required
def export_excel(request, pk):
    version = _version(request.user, pk)
    if version.rule_list.kind != RuleList.Kind.POWERS:
        raise Http404
    response = HttpResponse(export_powers(version),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=powers-{version.rule_list_id}-v{version.number}.xlsx"
    return response


def _procedure_view(procedure):
    definition = procedure.definition
    stages = []
    for stage in definition.get("stages", []):
        stages.append({**stage, "deadline_text": describe_deadline(definition, stage["deadline"]) if stage.get("deadline") else ""})
    return {"procedure": procedure, "stages": stages, "svg": render_svg(definition, title=procedure.name),
            "errors": definition_errors(definition)}


@login_required
def item_detail(request, pk):
    item = selectors.item(request.user, pk)
    if item is None:
        raise Http404
    agency = item.version.rule_list.agency
    procedure = selectors.procedure_for(agency, item.procedure_code) if item.procedure_code else None
    context = {"item": item, "power": item.power, "version": item.version}
    if procedure is not None:
        context.update(_procedure_view(procedure))
        context["av_modes"] = {s["code"]: selectors.av_mode(agency, item.procedure_code, s["code"])
                               for s in procedure.definition["stages"]}
    return render(request, "catalog/item.html", context)


@login_required
def procedure_detail(request, pk):
    procedure = _entry(request.user, Procedure, pk)
    return render(request, "catalog/procedure.html", {**_procedure_view(procedure), "version": procedure.version})


@login_required
def procedure_svg(request, pk):
    procedure = _entry(request.user, Procedure, pk)
    return HttpResponse(render_svg(procedure.definition, title=procedure.name), content_type="image/svg+xml; charset=utf-8")


@login_required
def benchmark_detail(request, pk):
    benchmark = _entry(request.user, DiscretionBenchmark, pk)
    form = CheckForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        proposed = ProposedPenalty(kinds=list(data["kinds"]), fine=data["fine"], illegal_gains=data["illegal_gains"],
                                   goods_value=data["goods_value"], fees=data["fees"])
        result = check(benchmark, data["tier"], proposed)
    tiers = [(t, describe_tier(t)) for t in benchmark.tiers.order_by("pk")]
    return render(request, "catalog/benchmark.html", {"benchmark": benchmark, "tiers": tiers, "form": form,
                                                      "result": result, "version": benchmark.version})


@login_required
def major_check(request, pk):
    version = _version(request.user, pk)
    if version.rule_list.kind != RuleList.Kind.MAJOR:
        raise Http404
    form = MajorCheckForm(request.GET or None)
    result = is_major(form.facts(), version) if form.is_bound and form.is_valid() else None
    return render(request, "catalog/major_check.html", {"form": form, "version": version, "result": result})


@login_required
def items(request):
    """P5/P6: enforcement items of every list in force that the user may see; ``?random=1`` for the inspection list."""
    versions = [selectors.current_version(rl) for rl in selectors.rule_lists(request.user, kind=RuleList.Kind.POWERS)]
    queryset = EnforcementItem.objects.filter(version__in=[v for v in versions if v]).select_related(
        "power", "version__rule_list")
    random_only = request.GET.get("random") == "1"
    if random_only:
        queryset = queryset.filter(is_random_inspection=True)
    return render(request, "catalog/items.html", {"items": queryset, "random_only": random_only})


@login_required
def first_violation(request):
    """The first-violation no-penalty list (首违不罚清单, PL Art. 33) of the benchmarks in force."""
    return render(request, "catalog/first_violation.html", {"benchmarks": selectors.first_violation_list(request.user)})
