"""Complaints through the API: the public files and looks up (same checks as the page); staff handle them."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.cases import permissions as case_permissions
from zhifa.core.api import problem
from zhifa.disclosure.api import PublicView, _invalid

from . import guard, selectors, services
from .forms import AnswerForm, ComplaintForm, ProgressForm, RegisterForm, RejectForm
from .views import filing_limit, lookup_limit


class Challenge(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """A question to answer in ``answer`` with its ``token``, before filing (one use, 30 minutes)."""
        challenge = guard.new_challenge()
        return Response({"question": challenge.question, "token": challenge.token})


def _limited():
    return problem(429, "操作过于频繁，请稍后再试")


class FileComplaint(PublicView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """File a complaint or report: ``agency``, ``kind``, ``subject``, ``content``, ``name``, ``phone``, ``answer``, ``token``."""
        source = guard.source_of(request)
        limit, minutes = filing_limit()
        if guard.too_many("file", source, limit=limit, minutes=minutes):
            return _limited()
        guard.record("file", source)
        form = ComplaintForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        problem_text = guard.check(form.cleaned_data["token"], form.cleaned_data["answer"], form.cleaned_data["website"])
        if problem_text:
            raise DjangoValidationError({"answer": [problem_text]})
        complaint, code = services.file_complaint(form.cleaned_data["agency"], form.service_data(), source=source)
        return Response({"number": complaint.number, "query_code": code, "agency": complaint.agency.name,
                         "acceptance_due_on": complaint.acceptance_due_on}, status=status.HTTP_201_CREATED)


class Progress(PublicView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        """Look up progress: ``kind`` (complaint | application), ``number``, ``secret`` (query code or applicant)."""
        source = guard.source_of(request)
        limit, minutes = lookup_limit()
        if guard.too_many("lookup", source, limit=limit, minutes=minutes):
            return _limited()
        guard.record("lookup", source)
        form = ProgressForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        finder = selectors.complaint_progress if data["kind"] == "complaint" else selectors.application_progress
        result = finder(data["number"], data["secret"])
        if result is None:
            return problem(404, "未查询到该编号，或查询码、申请人与编号不符")
        return Response({"kind": result.kind, "number": result.number, "agency": result.agency, "status": result.status,
                         "acceptance_due_on": result.due_on, "reply": result.reply,
                         "steps": [{"at": when, "text": text} for when, text in result.steps]})


def _record(c) -> dict:
    return {"id": c.pk, "number": c.number, "kind": c.kind, "subject": c.subject, "content": c.content,
            "name": c.name, "phone": c.phone, "status": c.status, "status_display": c.get_status_display(),
            "received_at": c.received_at, "acceptance_due_on": c.acceptance_due_on,
            "lead": c.lead.number if c.lead_id else None, "case": c.lead.case.pk if c.lead_id else None,
            "rejection_reason": c.rejection_reason, "answer": c.answer, "version": c.version}


class Complaints(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if request.user.role not in selectors.STAFF:
            raise PermissionDenied("只有执法机关工作人员可以查看投诉举报")
        return Response([_record(c) for c in selectors.complaints(request.user,
                                                                   status=request.query_params.get("status", ""))[:500]])


class ComplaintDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(_record(selectors.get_complaint(request.user, pk)))


class ComplaintAction(APIView):
    form_class = None

    def call(self, request, complaint, data):
        raise NotImplementedError

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        complaint = selectors.get_complaint(request.user, pk)
        if not case_permissions.can_register_lead(request.user, complaint.agency):
            raise PermissionDenied("只有本机关执法人员和负责人可以受理投诉举报")
        form = self.form_class(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        self.call(request, complaint, form.cleaned_data)
        return Response(_record(selectors.get_complaint(request.user, pk)))


class Register(ComplaintAction):
    form_class = RegisterForm

    def call(self, request, complaint, data):
        services.register_lead(request.user, complaint, title=data["title"], version=data["version"])


class Reject(ComplaintAction):
    form_class = RejectForm

    def call(self, request, complaint, data):
        services.reject(request.user, complaint, reason=data["reason"], version=data["version"])


class Answer(ComplaintAction):
    form_class = AnswerForm

    def call(self, request, complaint, data):
        services.answer(request.user, complaint, text=data["text"], version=data["version"])
