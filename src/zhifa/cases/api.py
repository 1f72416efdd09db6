"""The case API: the whole flow of the workbench, through the same forms and services (R2, I2).

Requests are parsed by the page forms (so the API and the pages accept exactly the same input)
and every change goes through :mod:`.services`; refusals come back as RFC 9457 problem details —
a refused transition as 409 with ``missing`` listing each unmet condition.
"""

import json

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem

from . import engine, forms, permissions, selectors, services, timeline
from .models import Case


class CaseSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number", read_only=True)
    stage_name = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    lead_number = serializers.CharField(source="lead.number", default="", read_only=True)
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "number", "lead_number", "title", "procedure_code", "stage", "stage_name", "status",
                  "status_display", "filed_on", "decided_on", "closed_on", "archived_at", "version", "deadline"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_deadline(self, case):
        d = selectors.deadline(case)
        return {"due_on": d.due_on, "label": d.label, "confirmed": d.confirmed, "state": d.state}


class CaseDetailSerializer(CaseSerializer):
    parties = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, *forms.CaseForm.Meta.fields, "parties", "officers", "transitions"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_parties(self, case):
        return [{"id": link.party.pk, "kind": link.party.kind, "name": link.party.name, "code": link.party.identifier}
                for link in case.case_parties.select_related("party")]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_officers(self, case):
        return [{"person": link.person_id, "name": link.person.name, "lead": link.is_lead}
                for link in case.case_officers.filter(released_at__isnull=True).select_related("person")]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_transitions(self, case):
        if case.is_read_only:
            return []
        return [{"to": c.to, "to_name": c.to_name, "name": c.name, "allowed": c.allowed, "missing": c.missing}
                for c in engine.checks(case, actor=self.context["request"].user)]


def _parse(form_class, request, **kwargs):
    """Parse the body with the page form; invalid input raises a 400 naming each field."""
    form = form_class(data=request.data, **kwargs)
    if not form.is_valid():
        raise DjangoValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def _detail(request, case, code=status.HTTP_200_OK):
    case = Case.objects.get(pk=case.pk)
    return Response(CaseDetailSerializer(case, context={"request": request}).data, status=code)


def _refused(exc: services.TransitionRefused):
    return problem(status.HTTP_409_CONFLICT, exc.messages[0], missing=exc.missing)


class Cases(APIView):
    @extend_schema(responses=CaseSerializer(many=True))
    def get(self, request):
        params = request.query_params
        queryset = selectors.workbench_cases(request.user, q=params.get("q", ""), status=params.get("status", ""),
                                             stage=params.get("stage", ""), mine=params.get("mine") in ("1", "true"))
        return Response(CaseSerializer(queryset[:500], many=True).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: CaseDetailSerializer})
    def post(self, request):
        """Register a lead: it opens a case in the procedure's first stage."""
        if not permissions.can_register_lead(request.user, request.user.agency):
            raise PermissionDenied("只有本机关执法人员和负责人可以登记案源")
        data = {k: v for k, v in _parse(forms.LeadForm, request).items() if v not in (None, "")}
        case = services.register_lead(request.user, data)
        return _detail(request, case, status.HTTP_201_CREATED)


class CaseDetail(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, pk):
        return _detail(request, selectors.get_case(request.user, pk))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=CaseDetailSerializer)
    def patch(self, request, pk):
        """Change the case's facts; send ``version`` from the last read (409 when someone changed it since)."""
        case = selectors.get_case(request.user, pk)
        fields = [name for name in forms.CaseForm.Meta.fields if name in request.data]
        merged = {name: getattr(case, name + "_id" if name == "department" else name) for name in forms.CaseForm.Meta.fields}
        merged.update({k: v for k, v in request.data.items()})
        form = forms.CaseForm(data=merged, instance=Case.objects.get(pk=case.pk))
        if not form.is_valid():
            raise DjangoValidationError({f: list(e) for f, e in form.errors.items()})
        services.update_case(request.user, case, {name: form.cleaned_data[name] for name in fields},
                             version=request.data.get("version"))
        return _detail(request, case)


class CaseAction(APIView):
    """POST a small form about a case to one service; subclasses name the form and the call."""

    form_class = None
    success = status.HTTP_200_OK
    allowed = staticmethod(permissions.can_handle)

    def call(self, request, case, data):
        raise NotImplementedError

    def form_kwargs(self, case):
        return {}

    @extend_schema(request=OpenApiTypes.OBJECT, responses=CaseDetailSerializer)
    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        if not self.allowed(request.user, case):
            raise PermissionDenied("您无权办理本案的这一事项")
        data = _parse(self.form_class, request, **self.form_kwargs(case))
        try:
            self.call(request, case, data)
        except services.TransitionRefused as exc:
            return _refused(exc)
        return _detail(request, case, self.success)


class Transition(CaseAction):
    form_class = forms.TransitionForm

    def call(self, request, case, data):
        services.transition(request.user, case, data["to"], version=data["version"], comment=data["comment"])


class Parties(CaseAction):
    form_class = forms.PartyForm
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        version = data.pop("version", None)
        services.add_party(request.user, case, data, version=version)


class Officers(CaseAction):
    form_class = forms.OfficersForm

    def form_kwargs(self, case):
        return {"case": case}

    def call(self, request, case, data):
        services.assign_officers(request.user, case, list(data["officers"]), lead=data["lead"], version=data["version"])


class Recusals(CaseAction):
    form_class = forms.RecusalForm
    allowed = staticmethod(permissions.is_handling_officer)
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        services.declare_recusal(request.user, case, has_interest=data["has_interest"], statement=data["statement"],
                                 version=data["version"])


class Approvals(CaseAction):
    form_class = forms.ApprovalRequestForm
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        services.request_approval(request.user, case, data["to"], reason=data["reason"], version=data["version"])


class Events(CaseAction):
    form_class = forms.EventForm
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        services.record_event(request.user, case, kind=data["kind"], occurred_on=data["occurred_on"],
                              amount=data["amount"], note=data["note"], version=data["version"])


class Discussions(CaseAction):
    form_class = forms.DiscussionForm
    allowed = staticmethod(permissions.can_approve)
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        version = data.pop("version", None)
        services.record_discussion(request.user, case, data, version=version)


class Suspensions(CaseAction):
    form_class = forms.SuspensionForm
    success = status.HTTP_201_CREATED

    def call(self, request, case, data):
        services.request_suspension(request.user, case, kind=data["kind"], reason=data["reason"], days=data["days"],
                                    version=data["version"])


class ApprovalDecision(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=CaseDetailSerializer)
    def post(self, request, pk):
        approval = selectors.get_approval(request.user, pk)
        if not permissions.can_approve(request.user, approval.case):
            raise PermissionDenied("只有本机关负责人可以审批")
        data = _parse(forms.DecisionForm, request)
        services.decide_approval(request.user, approval, approve=data["approve"], comment=data["comment"])
        return _detail(request, approval.case)


class SuspensionDecision(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=CaseDetailSerializer)
    def post(self, request, pk):
        suspension = selectors.get_suspension(request.user, pk)
        if not permissions.can_approve(request.user, suspension.case):
            raise PermissionDenied("只有本机关负责人可以审批")
        data = _parse(forms.DecisionForm, request)
        services.decide_suspension(request.user, suspension, approve=data["approve"], comment=data["comment"])
        return _detail(request, suspension.case)


class Timeline(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """Every journal entry about the case, each with its ledger sequence for an inclusion proof."""
        case = selectors.get_case(request.user, pk)
        return Response([
            {"sequence": e.sequence, "recorded_at": e.recorded_at, "actor": e.actor_name, "kind": e.kind,
             "label": timeline.label(e.kind), "payload": json.loads(e.payload)}
            for e in selectors.timeline(case)
        ])
