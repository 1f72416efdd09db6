"""Warnings (I5): the overview, the list and one warning, the rules and their settings, my notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.accounts.roles import Role
from zhifa.core.feedback import run_service
from zhifa.organizations.selectors import agencies as scoped_agencies

from .. import selectors, services
from ..forms import AccessForm, RuleSettingForm, WarningFilterForm
from ..models import Escalation, RuleSetting
from ..rules import base
from .common import page_of, query_without_page, require_role


@login_required
def overview(request):
    """The region (or the agency) at a glance: warnings by agency, my warnings, the last scan."""
    user = request.user
    require_role(user, selectors.STAFF_ROLES)
    open_warnings = selectors.warnings(user)
    per_agency = {}
    for agency_id, level in open_warnings.values_list("agency_id", "level"):
        per_agency.setdefault(agency_id, {"red": 0, "yellow": 0})[level] += 1
    agencies = [(a, per_agency.get(a.pk, {"red": 0, "yellow": 0}))
                for a in scoped_agencies(user).filter(is_supervisory=False)]
    return render(request, "supervision/overview.html", {
        "counts": selectors.warning_counts(user), "agencies": agencies, "mine": selectors.my_warnings(user)[:20],
        "last_scan": selectors.last_scan(), "is_supervisor": user.role == Role.SUPERVISOR,
        "can_scan": user.role in (Role.SUPERVISOR, Role.ADMIN),
    })


@login_required
def warning_list(request):
    user = request.user
    require_role(user, selectors.STAFF_ROLES)
    form = WarningFilterForm(request.GET or None, user=user)
    values = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.warnings(user, state=values.get("state") or "open", level=values.get("level", ""),
                                  rule=values.get("rule", ""), agency=values.get("agency"))
    return render(request, "supervision/warnings.html", {
        "form": form, "page": page_of(request, queryset), "query": query_without_page(request),
        "rule_names": {r.code: r.name for r in base.rules()},
    })


@login_required
def warning_detail(request, pk):
    user = request.user
    require_role(user, selectors.STAFF_ROLES)
    warning = selectors.get_warning(user, pk)
    rule = base.get(warning.rule)
    access_form = None
    if user.role == Role.SUPERVISOR and warning.case_id:
        access_form = AccessForm(initial={"purpose": "warning", "warning": warning.pk,
                                          "reason": f"核查{warning.get_level_display()}：{warning.title}"})
    return render(request, "supervision/warning.html", {
        "warning": warning, "rule": rule, "ladder": Escalation.choices,
        "notified": warning.notifications.select_related("user").order_by("created_at"),
        "access_form": access_form, "open_access": selectors.open_access(user, warning.case) if warning.case_id else None,
    })


@login_required
@require_POST
def scan_now(request):
    require_role(request.user, {Role.SUPERVISOR, Role.ADMIN}, "只有执法监督人员和系统管理员可以立即扫描")
    result = services.scan_now(request.user)
    messages.success(request, f"扫描完成：当前预警{result.findings}条，新发出{result.raised}条，解除{result.cleared}条，"
                              f"用时{result.seconds:.1f}秒")
    return redirect("supervision:index")


@login_required
def rule_list(request):
    require_role(request.user, selectors.STAFF_ROLES)
    settings = base.effective_settings()
    rows = [(r, settings[r.code]) for r in base.rules()]
    return render(request, "supervision/rules.html", {"rows": rows, "can_edit": request.user.role == Role.ADMIN})


@login_required
def rule_edit(request, code):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("只有系统管理员可以设置预警规则")
    rule = base.get(code)
    if rule is None:
        raise Http404("没有该预警规则")
    current = base.effective_settings()[code]
    row = RuleSetting.objects.filter(rule=code).first()
    initial = {**current.__dict__, "version": row.version if row else ""}
    form = RuleSettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, lambda: services.configure_rule(request.user, code, form.settings(),
                                                             version=form.cleaned_data["version"]),
                    f"“{rule.name}”的设置已保存，将在下一次扫描时生效（也可在执法监督首页立即扫描）", form=form)
        if saved:
            return redirect("supervision:rules")
    return render(request, "supervision/rule_edit.html", {"rule": rule, "form": form})


@login_required
def notification_list(request):
    user = request.user
    require_role(user, selectors.STAFF_ROLES)
    if request.method == "POST":
        count = services.mark_read(user)
        messages.success(request, f"已将{count}条通知标为已读")
        return redirect("supervision:notifications")
    return render(request, "supervision/notifications.html", {"page": page_of(request, selectors.notifications(user))})
