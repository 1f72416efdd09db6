"""Annual report pages: the clerk and head prepare, approve and publish; the portal shows page and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhifa.core.errors import ConflictError
from zhifa.core.feedback import add_errors, run_service
from zhifa.core.pagecache import public_page
from zhifa.disclosure import permissions
from zhifa.disclosure import public as portal
from zhifa.ledger import blobs

from . import figures, selectors, services
from .forms import ManualForm, NewReportForm


@login_required
def report_list(request):
    if request.user.role not in permissions.READERS:
        raise PermissionDenied("只有公示管理员、机关负责人和执法监督人员可以查看年度报告")
    form = NewReportForm(request.POST or None)
    if request.method == "POST":
        if not selectors.can_draft(request.user):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以编制年度报告")
        if form.is_valid():
            try:
                report = services.generate(request.user, request.user.agency, form.cleaned_data["year"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已根据系统数据生成{report.title}草稿")
                return redirect("annualreports:detail", report.pk)
    return render(request, "annualreports/staff/list.html", {
        "reports": selectors.reports(request.user), "form": form, "can_draft": selectors.can_draft(request.user),
    }, status=400 if request.method == "POST" else 200)


@login_required
def report_detail(request, pk, form=None):
    report = selectors.get_report(request.user, pk)
    manager = permissions.can_manage(request.user, report.agency)
    if form is None:
        form = ManualForm(initial={**(report.manual or {}), "narrative": report.narrative, "version": report.version})
    return render(request, "annualreports/staff/detail.html", {
        "report": report, "sections": figures.sections(report.figures), "form": form, "manager": manager,
        "approver": permissions.can_approve_report(request.user, report.agency),
    }, status=400 if form.is_bound else 200)


def _act(request, pk, call, success):
    report = selectors.get_report(request.user, pk)
    try:
        call(report)
    except ConflictError as exc:
        messages.error(request, exc.message)
    except services.ReportUnavailable as exc:
        messages.error(request, f"无法生成盖章的年度报告：{exc.message}")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("annualreports:detail", pk)


@login_required
@require_POST
def update(request, pk):
    report = selectors.get_report(request.user, pk)
    if not permissions.can_manage(request.user, report.agency):
        raise PermissionDenied("只有本机关公示管理员或机关负责人可以编制年度报告")
    form = ManualForm(request.POST)
    if form.is_valid():
        if run_service(request, lambda: services.update_draft(
                request.user, report, manual=form.manual(), narrative=form.cleaned_data["narrative"],
                version=form.cleaned_data["version"]), "已保存", form):
            return redirect("annualreports:detail", pk)
    return report_detail(request, pk, form=form)


@login_required
@require_POST
def regenerate(request, pk):
    return _act(request, pk, lambda r: services.generate(request.user, r.agency, r.report_year), "已按最新数据重新生成")


@login_required
@require_POST
def approve(request, pk):
    return _act(request, pk, lambda r: services.approve(request.user, r, version=request.POST.get("version")),
                "已审批，年度报告已盖章")


@login_required
@require_POST
def publish(request, pk):
    return _act(request, pk, lambda r: services.publish(request.user, r, version=request.POST.get("version")),
                "已公布，并报送上级机关")


def _pdf(report):
    if not report.pdf_sha256:
        raise Http404("该年度报告尚未审批")
    response = FileResponse(blobs.open_blob(report.pdf_sha256), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="annual-report-{report.report_year}.pdf"'
    return response


@login_required
def staff_pdf(request, pk):
    return _pdf(selectors.get_report(request.user, pk))


# The portal -------------------------------------------------------------------------------------------


@require_safe
@public_page
def public_list(request):
    value = request.GET.get("agency", "")
    agency = portal.get_agency(value) if value else None
    if value and agency is None:
        raise Http404("执法机关不存在")
    return render(request, "annualreports/public/list.html", {"reports": selectors.published(agency), "agency": agency})


@require_safe
@public_page
def public_detail(request, pk):
    report = selectors.get_published(pk)
    if report is None:
        raise Http404("年度报告不存在或尚未公布")
    return render(request, "annualreports/public/detail.html", {"report": report,
                                                                "sections": figures.sections(report.figures)})


@require_safe
def public_pdf(request, pk):
    report = selectors.get_published(pk)
    if report is None:
        raise Http404("年度报告不存在或尚未公布")
    return _pdf(report)
