"""The legal-review pages: thin — parse a form, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.accounts.roles import Role
from zhifa.cases import permissions as case_permissions
from zhifa.cases import selectors as case_selectors
from zhifa.core.errors import ConflictError
from zhifa.core.feedback import add_errors, error_text, form_errors, run_service
from zhifa.ledger import blobs

from . import forms, permissions, selectors, services
from .models import Material

QUEUE_ROLES = {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.OFFICER}
OVERSIGHT_ROLES = {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.SUPERVISOR, Role.ADMIN}




@login_required
def queue(request):
    """待审核: what waits for the reviewer, the head and the officer."""
    if request.user.role not in QUEUE_ROLES:
        raise PermissionDenied("只有本机关执法人员、法制审核人员和负责人可以查看法制审核")
    waiting = [(s, selectors.is_overdue(s)) for s in selectors.queue(request.user)]
    return render(request, "review/queue.html", {
        "waiting": waiting, "approvals": selectors.awaiting_approval(request.user),
        "contests": selectors.open_contests(request.user), "mine": selectors.my_cases_waiting(request.user),
    })


@login_required
def submit(request, case_pk):
    """The officer's submit / resubmit page."""
    case = case_selectors.get_case(request.user, case_pk)
    if not case_permissions.can_handle(request.user, case) or case.is_read_only:
        raise PermissionDenied("只有本案办案人员或本机关负责人可以报送法制审核")
    previous = selectors.latest(case)
    form = forms.SubmissionForm(request.POST or None, request.FILES or None, case=case, previous=previous,
                                initial={"version": case.version, "proposal": previous.proposal if previous else "",
                                         "discretion_statement": previous.discretion_statement if previous else ""})
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit(request.user, case, proposal=form.cleaned_data["proposal"],
                                         discretion_statement=form.cleaned_data["discretion_statement"],
                                         materials=form.materials(), responses=form.responses(),
                                         version=form.cleaned_data["version"])
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已报送法制审核（第{submission.number}版）")
            return redirect("review:detail", submission.pk)
    return render(request, "review/submit.html", {"case": case, "form": form, "previous": previous,
                                                  "status": selectors.review_status(case)})


@login_required
def detail(request, pk):
    """The review page: materials, diff and responses, discretion verdict, time limit, checklist, opinions."""
    submission = selectors.get_submission(request.user, pk)
    case = submission.case
    user = request.user
    is_current = selectors.latest(case).pk == submission.pk
    waiting = is_current and submission.status == submission.Status.WAITING and not case.is_read_only
    opinion = submission.opinion
    contest = getattr(opinion, "contest", None) if opinion else None
    return render(request, "review/detail.html", {
        "submission": submission, "case": case, "is_current": is_current, "waiting": waiting,
        "status": selectors.review_status(case), "overdue": selectors.is_overdue(submission),
        "materials": submission.materials.select_related("document", "evidence"),
        "diff": selectors.diff(submission), "responses": submission.responses.select_related("problem"),
        "discretion": selectors.discretion_verdict(case), "opinions": submission.opinions.prefetch_related("checks"),
        "opinion": opinion, "contest": contest, "extensions": submission.extensions.select_related("approved_by"),
        "assignments": submission.assignments.select_related("person", "adviser", "assigned_by"),
        "approvals": submission.approvals.select_related("decided_by"),
        "is_reviewer": user.role == Role.REVIEWER, "is_head": user.role == Role.AGENCY_HEAD,
        "can_handle": case_permissions.can_handle(user, case) and not case.is_read_only,
        "can_approve": case_permissions.can_approve(user, case) and not case.is_read_only,
        "opinion_form": forms.OpinionForm(), "return_form": forms.ReturnForm(agency=case.agency),
        "assign_form": forms.AssignForm(agency=case.agency), "extend_form": forms.ExtendForm(),
        "approve_form": forms.ApproveForm(), "coordination_form": forms.CoordinationForm(),
    })


def _post(request, submission_or_pk, form, call, success, *, back):
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(request, lambda: call(form), success)
    return redirect(*back)


@login_required
@require_POST
def assign(request, pk):
    submission = selectors.get_submission(request.user, pk)
    permissions.require(permissions.may_assign, request.user, submission.case)
    form = forms.AssignForm(request.POST, agency=submission.case.agency)
    return _post(request, submission, form, lambda f: services.assign(request.user, submission, **f.chosen()),
                 "审核人员已指派", back=("review:detail", pk))


@login_required
@require_POST
def return_submission(request, pk):
    submission = selectors.get_submission(request.user, pk)
    permissions.require(permissions.may_review, request.user, submission.case)
    form = forms.ReturnForm(request.POST, agency=submission.case.agency)
    return _post(request, submission, form, lambda f: services.return_submission(
        request.user, submission, missing=f.cleaned_data["missing"], reason=f.cleaned_data["reason"]),
        "已退回承办机构补充材料", back=("review:detail", pk))


@login_required
@require_POST
def opinion(request, pk):
    """Give the opinion, then issue the 法制审核意见书 (a failure to issue leaves the opinion recorded)."""
    submission = selectors.get_submission(request.user, pk)
    permissions.require(permissions.may_review, request.user, submission.case)
    form = forms.OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("review:detail", pk)
    given = {}

    def call():
        given["opinion"] = services.give_opinion(
            request.user, submission, kind=form.cleaned_data["kind"], reasons=form.cleaned_data["reasons"],
            checks=form.checks(), transfer_to=form.cleaned_data["transfer_to"])

    if run_service(request, call, "审核意见已出具"):
        _issue(request, given["opinion"])
    return redirect("review:detail", pk)


def _issue(request, opinion_obj):
    from zhifa.documents.services import DocumentUnavailable

    try:
        document = services.issue_opinion_document(request.user, opinion_obj)
    except DocumentUnavailable as exc:
        messages.warning(request, f"法制审核意见书暂未签发：{exc.message}；可稍后在本页重新签发")
    except ValidationError as exc:
        messages.warning(request, f"法制审核意见书暂未签发：{error_text(exc)}")
    else:
        messages.success(request, f"法制审核意见书已签发（{document.number}）")


@login_required
@require_POST
def opinion_document(request, pk):
    opinion_obj = selectors.get_opinion(request.user, pk)
    if request.user.role != Role.REVIEWER:
        raise PermissionDenied("法制审核意见书由法制审核人员签发")
    _issue(request, opinion_obj)
    return redirect("review:detail", opinion_obj.submission_id)


@login_required
@require_POST
def extend(request, pk):
    submission = selectors.get_submission(request.user, pk)
    permissions.require(permissions.may_decide, request.user, submission.case)
    form = forms.ExtendForm(request.POST)
    return _post(request, submission, form, lambda f: services.extend(
        request.user, submission, days=f.cleaned_data["days"], reason=f.cleaned_data["reason"]),
        "审核期限已延长", back=("review:detail", pk))


@login_required
@require_POST
def approve(request, pk):
    submission = selectors.get_submission(request.user, pk)
    permissions.require(permissions.may_decide, request.user, submission.case)
    form = forms.ApproveForm(request.POST)
    return _post(request, submission, form, lambda f: services.approve(
        request.user, submission, approved=f.cleaned_data["approved"], comment=f.cleaned_data["comment"]),
        "审批意见已记录", back=("review:detail", pk))


@login_required
def contest(request, pk):
    """The handling body's objection to an opinion."""
    opinion_obj = selectors.get_opinion(request.user, pk)
    case = opinion_obj.submission.case
    if not case_permissions.can_handle(request.user, case) or case.is_read_only:
        raise PermissionDenied("只有本案办案人员或本机关负责人可以对审核意见提出异议")
    form = forms.ContestForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: services.contest(request.user, opinion_obj, reasons=form.cleaned_data["reasons"],
                                                         version=form.cleaned_data["version"]),
                       "异议已提出，等待协调", form):
            return redirect("review:detail", opinion_obj.submission_id)
    return render(request, "review/form.html", {"form": form, "case": case, "title": "对审核意见提出异议",
                                                "opinion": opinion_obj, "submit": "提出异议"})


@login_required
@require_POST
def coordinate(request, pk):
    contest_obj = selectors.get_contest(request.user, pk)
    permissions.require(permissions.may_coordinate, request.user, contest_obj.opinion.submission.case)
    form = forms.CoordinationForm(request.POST)
    return _post(request, contest_obj, form, lambda f: services.record_coordination(
        request.user, contest_obj, notes=f.cleaned_data["notes"], resolved=f.cleaned_data["resolved"]),
        "协调情况已记录", back=("review:detail", contest_obj.opinion.submission_id))


@login_required
def discussion(request, pk):
    """The heads decide an unresolved difference by collective discussion (L5; PL Art. 57)."""
    contest_obj = selectors.get_contest(request.user, pk)
    case = contest_obj.opinion.submission.case
    if not case_permissions.can_approve(request.user, case) or case.is_read_only:
        raise PermissionDenied("集体讨论由本机关负责人组织并记录")
    form = forms.DiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("held_on", "chair", "participants", "minutes", "conclusion")}
        if run_service(request, lambda: services.decide_by_discussion(request.user, contest_obj, data,
                                                                      decision=form.cleaned_data["decision"]),
                       "集体讨论已记录", form):
            return redirect("review:detail", contest_obj.opinion.submission_id)
    return render(request, "review/form.html", {"form": form, "case": case, "title": "集体讨论审核意见分歧",
                                                "opinion": contest_obj.opinion, "contest": contest_obj, "submit": "记录"})


@login_required
def trail(request, case_pk):
    """The printable responsibility trail (L6), read from the case's journal."""
    case = case_selectors.get_case(request.user, case_pk)
    return render(request, "review/trail.html", {"case": case, "entries": selectors.trail(case),
                                                 "status": selectors.review_status(case)})


@login_required
def oversight(request):
    if request.user.role not in OVERSIGHT_ROLES:
        raise PermissionDenied("只有法制审核人员、负责人和执法监督人员可以查看")
    from zhifa.organizations.selectors import reviewer_ratios

    return render(request, "review/oversight.html", {
        "reviewers": selectors.reviewer_database(request.user), "advisers": selectors.adviser_workload(request.user),
        "ratios": reviewer_ratios(request.user), "stats": selectors.statistics(request.user),
    })


@login_required
def material_file(request, pk):
    try:
        material = Material.objects.select_related("submission").get(
            pk=pk, submission__in=selectors.submissions(request.user))
    except (Material.DoesNotExist, ValueError):
        raise Http404("材料不存在或无权查看") from None
    if not material.file_sha256:
        raise Http404("该材料没有上传文件")
    return FileResponse(blobs.open_blob(material.file_sha256), as_attachment=True, filename=material.file_name)
