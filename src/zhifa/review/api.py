"""The legal-review API: the whole flow, through the same forms and services as the pages (RFC 9457 errors)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts.roles import Role
from zhifa.cases import permissions as case_permissions
from zhifa.cases import selectors as case_selectors
from zhifa.core.api import problem
from zhifa.documents.services import DocumentUnavailable

from . import forms, permissions, selectors, services
from .views import OVERSIGHT_ROLES, QUEUE_ROLES


def _parse(form):
    if not form.is_valid():
        raise DjangoValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def submission_data(submission) -> dict:
    case = submission.case
    opinion = submission.opinion
    contest = getattr(opinion, "contest", None) if opinion else None
    review = selectors.review_status(case)
    verdict = selectors.discretion_verdict(case)
    return {
        "id": submission.pk, "case": case.pk, "case_number": case.display_number, "number": submission.number,
        "previous": submission.previous_id, "status": submission.status, "status_display": submission.get_status_display(),
        "proposal": submission.proposal, "discretion_statement": submission.discretion_statement,
        "submitted_at": submission.submitted_at, "due_on": submission.due_on, "extension_days": submission.extension_days,
        "overdue": selectors.is_overdue(submission), "missing_items": submission.missing_items,
        "return_reason": submission.return_reason,
        "materials": [{"code": m.code, "name": m.name, "description": m.description} for m in submission.materials.all()],
        "diff": selectors.diff(submission),
        "responses": [{"problem": r.problem_id, "point": r.problem.get_point_display(), "note": r.problem.note,
                       "action": r.action} for r in submission.responses.select_related("problem")],
        "discretion": ({"inside": verdict["result"].inside, "reasons": verdict["result"].reasons} if verdict else None),
        "assignments": [{"reviewer": a.reviewer_name, "person": a.person_id, "adviser": a.adviser_id,
                         "assigned_at": a.assigned_at} for a in submission.assignments.all()],
        "opinions": [{"id": o.pk, "kind": o.kind, "kind_display": o.get_kind_display(), "reasons": o.reasons,
                      "transfer_to": o.transfer_to, "reviewer": o.reviewer_name, "given_at": o.given_at,
                      "overdue": o.overdue, "working_days": o.working_days, "document": o.document_id,
                      "checks": [{"id": c.pk, "point": c.point, "result": c.result, "note": c.note} for c in o.checks.all()]}
                     for o in submission.opinions.all()],
        "contest": ({"id": contest.pk, "state": contest.state, "reasons": contest.reasons,
                     "coordination": contest.coordination, "decision": contest.decision,
                     "discussion": contest.discussion_id} if contest else None),
        "approvals": [{"approved": a.approved, "comment": a.comment, "decided_at": a.decided_at}
                      for a in submission.approvals.all()],
        "review_status": {"code": review.code, "label": review.label, "passed": review.passed, "reason": review.reason},
    }


def _answer(submission, code=status.HTTP_200_OK):
    submission.refresh_from_db()
    return Response(submission_data(submission), status=code)


class Queue(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """待审核: the agency's submissions waiting for an opinion."""
        if request.user.role not in QUEUE_ROLES:
            raise PermissionDenied("无权查看法制审核")
        return Response([submission_data(s) for s in selectors.queue(request.user)[:200]])


class CaseSubmissions(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        case = case_selectors.get_case(request.user, pk)
        return Response([submission_data(s) for s in case.review_submissions.order_by("number")])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """Submit or resubmit; materials as ``m_<code>_record`` (doc:ID / ev:ID), ``m_<code>_text``, ``m_<code>_file``."""
        case = case_selectors.get_case(request.user, pk)
        if not case_permissions.can_handle(request.user, case):
            raise PermissionDenied("只有本案办案人员或本机关负责人可以报送法制审核")
        form = forms.SubmissionForm(request.data, request.FILES, case=case, previous=selectors.latest(case))
        data = _parse(form)
        submission = services.submit(request.user, case, proposal=data["proposal"],
                                     discretion_statement=data["discretion_statement"], materials=form.materials(),
                                     responses=form.responses(), version=data["version"])
        return _answer(submission, status.HTTP_201_CREATED)


class SubmissionDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(submission_data(selectors.get_submission(request.user, pk)))


class SubmissionAction(APIView):
    """POST a small form about a submission to one service, once the role may act."""

    allowed = staticmethod(permissions.may_review)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        submission = selectors.get_submission(request.user, pk)
        permissions.require(self.allowed, request.user, submission.case)
        self.call(request, submission)
        return _answer(submission)


class Assign(SubmissionAction):
    allowed = staticmethod(permissions.may_assign)

    def call(self, request, submission):
        form = forms.AssignForm(request.data, agency=submission.case.agency)
        _parse(form)
        services.assign(request.user, submission, **form.chosen())


class Return(SubmissionAction):
    def call(self, request, submission):
        data = _parse(forms.ReturnForm(request.data, agency=submission.case.agency))
        services.return_submission(request.user, submission, missing=data["missing"], reason=data["reason"])


class GiveOpinion(SubmissionAction):
    def call(self, request, submission):
        form = forms.OpinionForm(request.data)
        data = _parse(form)
        services.give_opinion(request.user, submission, kind=data["kind"], reasons=data["reasons"],
                              checks=form.checks(), transfer_to=data["transfer_to"])


class Extend(SubmissionAction):
    allowed = staticmethod(permissions.may_decide)

    def call(self, request, submission):
        data = _parse(forms.ExtendForm(request.data))
        services.extend(request.user, submission, days=data["days"], reason=data["reason"])


class Approve(SubmissionAction):
    allowed = staticmethod(permissions.may_decide)

    def call(self, request, submission):
        data = _parse(forms.ApproveForm(request.data))
        services.approve(request.user, submission, approved=data["approved"], comment=data["comment"])


class OpinionDocument(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """Issue the 法制审核意见书 PDF (503 when the installation cannot convert or sign)."""
        opinion = selectors.get_opinion(request.user, pk)
        if request.user.role != Role.REVIEWER:
            raise PermissionDenied("法制审核意见书由法制审核人员签发")
        try:
            document = services.issue_opinion_document(request.user, opinion)
        except DocumentUnavailable as exc:
            return problem(status.HTTP_503_SERVICE_UNAVAILABLE, exc.message)
        return Response({"document": document.pk, "number": document.number, "sha256": document.pdf_sha256},
                        status=status.HTTP_201_CREATED)


class Contest(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        opinion = selectors.get_opinion(request.user, pk)
        if not case_permissions.can_handle(request.user, opinion.submission.case):
            raise PermissionDenied("只有本案办案人员或本机关负责人可以提出异议")
        data = _parse(forms.ContestForm(request.data))
        services.contest(request.user, opinion, reasons=data["reasons"], version=data["version"])
        return _answer(opinion.submission, status.HTTP_201_CREATED)


class Coordination(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        contest = selectors.get_contest(request.user, pk)
        permissions.require(permissions.may_coordinate, request.user, contest.opinion.submission.case)
        data = _parse(forms.CoordinationForm(request.data))
        services.record_coordination(request.user, contest, notes=data["notes"], resolved=data["resolved"])
        return _answer(contest.opinion.submission)


class Discussion(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        contest = selectors.get_contest(request.user, pk)
        if not case_permissions.can_approve(request.user, contest.opinion.submission.case):
            raise PermissionDenied("集体讨论由本机关负责人组织并记录")
        data = _parse(forms.DiscussionForm(request.data))
        fields = {k: data[k] for k in ("held_on", "chair", "participants", "minutes", "conclusion")}
        services.decide_by_discussion(request.user, contest, fields, decision=data["decision"])
        return _answer(contest.opinion.submission, status.HTTP_201_CREATED)


class Trail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """The responsibility trail (L6): the case's review entries of the journal."""
        case = case_selectors.get_case(request.user, pk)
        return Response(selectors.trail(case))


class Statistics(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if request.user.role not in OVERSIGHT_ROLES:
            raise PermissionDenied("无权查看法制审核统计")
        from zhifa.organizations.selectors import reviewer_ratios

        ratios = [{"agency": r.agency.name, "officers": r.officers, "reviewers": r.reviewers,
                   "ratio": str(r.ratio) if r.ratio is not None else None, "meets_minimum": r.meets_minimum}
                  for r in reviewer_ratios(request.user)]
        reviewers = [{"id": p.pk, "name": p.name, "agency": p.agency.short_name, "assigned": p.assigned,
                      "open": p.open_count} for p in selectors.reviewer_database(request.user)]
        return Response({"statistics": selectors.statistics(request.user), "reviewer_ratios": ratios,
                         "reviewers": reviewers})
