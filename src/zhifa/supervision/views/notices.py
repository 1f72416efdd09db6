"""Notices (通报) and rectifications: issue, acknowledge, report, verify."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.accounts.roles import Role
from zhifa.cases.selectors import CASE_READERS
from zhifa.core.feedback import form_errors, run_service

from .. import notices, selectors
from ..forms import NoticeForm, ReportForm, VerifyForm
from ..models import Rectification
from .common import page_of, require_role

NOTICE_READERS = CASE_READERS | {Role.SUPERVISOR}
RECTIFICATION_ROLES = selectors.HEADS | {Role.SUPERVISOR}


@login_required
def notice_list(request):
    require_role(request.user, NOTICE_READERS, "只有执法监督人员和执法机关工作人员可以查看通报")
    return render(request, "supervision/notices.html", {
        "page": page_of(request, selectors.notices(request.user)), "can_issue": request.user.role == Role.SUPERVISOR})


@login_required
def notice_new(request):
    require_role(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以发布通报")
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = run_service(request, lambda: notices.issue_notice(
            request.user, kind=data["kind"], title=data["title"], body=data["body"], agencies=data["agencies"],
            rectification_required=data["rectification_required"],
            rectification_due_on=data["rectification_due_on"], requirement=data["requirement"]), "通报已发布", form=form)
        if notice:
            return redirect("supervision:notice", notice.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "发布通报", "back": "supervision:notices"})


@login_required
def notice_detail(request, pk):
    require_role(request.user, NOTICE_READERS, "只有执法监督人员和执法机关工作人员可以查看通报")
    notice = selectors.get_notice(request.user, pk)
    recipients = selectors.notice_recipients(request.user, notice)
    return render(request, "supervision/notice.html", {
        "notice": notice, "recipients": recipients,
        "rectifications": selectors.rectifications(request.user).filter(notice=notice),
        "can_acknowledge": request.user.role in selectors.HEADS,
    })


@login_required
@require_POST
def notice_acknowledge(request, pk):
    require_role(request.user, selectors.HEADS, "只有被通报单位的负责人可以签收")
    notice = selectors.get_notice(request.user, pk)
    recipient = selectors.notice_recipients(request.user, notice).first()
    if recipient is None:
        messages.error(request, "本单位不是该通报的通报对象")
    else:
        run_service(request, lambda: notices.acknowledge(request.user, recipient), "已签收")
    return redirect("supervision:notice", notice.pk)


@login_required
def rectification_list(request):
    require_role(request.user, RECTIFICATION_ROLES, "只有执法机关负责人和执法监督人员可以查看整改事项")
    status = request.GET.get("status", "")
    status = status if status in Rectification.Status.values else ""
    return render(request, "supervision/rectifications.html", {
        "page": page_of(request, selectors.rectifications(request.user, status=status)), "status": status,
        "statuses": Rectification.Status.choices})


@login_required
def rectification_detail(request, pk):
    require_role(request.user, RECTIFICATION_ROLES, "只有执法机关负责人和执法监督人员可以查看整改事项")
    item = selectors.get_rectification(request.user, pk)
    user = request.user
    can_report = user.role in selectors.HEADS and item.status in (Rectification.Status.OPEN, Rectification.Status.RETURNED)
    can_verify = user.role == Role.SUPERVISOR and item.status == Rectification.Status.REPORTED
    return render(request, "supervision/rectification.html", {
        "item": item, "report_form": ReportForm(initial={"version": item.version}) if can_report else None,
        "verify_form": VerifyForm(initial={"version": item.version}) if can_verify else None,
    })


@login_required
@require_POST
def rectification_report(request, pk):
    require_role(request.user, selectors.HEADS, "只有被要求整改单位的负责人可以报送整改情况")
    item = selectors.get_rectification(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(request, lambda: notices.report(request.user, item, text=form.cleaned_data["report"],
                                            version=form.cleaned_data["version"]), "整改情况已报送")
    return redirect("supervision:rectification", item.pk)


@login_required
@require_POST
def rectification_verify(request, pk):
    require_role(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以审核整改情况")
    item = selectors.get_rectification(request.user, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        data = form.cleaned_data
        run_service(request, lambda: notices.verify(request.user, item, accept=data["accept"], verdict=data["verdict"],
                                            new_due_on=data["new_due_on"], version=data["version"]), "审核意见已记录")
    return redirect("supervision:rectification", item.pk)
