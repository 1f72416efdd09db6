"""Random inspections through the API (P16): the same services as the pages; published copies for anyone."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem
from zhifa.disclosure.api import PublicView, _invalid

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


def _target(t) -> dict:
    return {"id": t.pk, "agency": t.agency.name, "name": t.name, "uscc": t.uscc, "kind": t.kind,
            "kind_display": t.get_kind_display(), "address": t.address, "region_code": t.region_code,
            "category": t.category, "is_active": t.is_active, "version": t.version}


def _drawn(d) -> dict:
    return {"id": d.pk, "draw_order": d.draw_order, "target": _target(d.target),
            "inspectors": [{"id": p.pk, "name": p.name} for p in d.inspectors.all()],
            "inspected_on": d.inspected_on, "result": d.result, "result_display": d.get_result_display(),
            "note": d.note, "disclosure_due_on": d.disclosure_due_on, "published_at": d.published_at,
            "lead": d.lead.number if d.lead_id else None, "version": d.version}


def _plan(p, *, detail=False) -> dict:
    record = {"id": p.pk, "number": p.number, "agency": p.agency.name, "title": p.title, "items": p.item_snapshot,
              "period_start": p.period_start, "period_end": p.period_end, "category": p.category,
              "region_prefix": p.region_prefix, "target_count": p.target_count,
              "target_ratio": str(p.target_ratio) if p.target_ratio is not None else None,
              "inspectors_per_target": p.inspectors_per_target, "seed": p.seed, "status": p.status,
              "status_display": p.get_status_display(), "drawn_at": p.drawn_at, "draw_digest": p.draw_digest,
              "inputs_digest": p.inputs_digest, "version": p.version}
    if detail:
        check = services.verify(p)
        record["verification"] = None if check is None else {
            "ok": check.ok, "digest": check.digest, "digest_matches": check.digest_matches,
            "picks_match": check.picks_match, "journal_matches": check.journal_matches}
        record["draw_inputs"] = p.draw_inputs
        record["drawn"] = [_drawn(d) for d in selectors.drawn_targets(p)]
    return record


class Targets(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """检查对象名录 of the agency (``q``, ``category``)."""
        selectors.require_reader(request.user)
        rows = selectors.targets(request.user, q=request.query_params.get("q", "")[:100],
                                 category=request.query_params.get("category", "")[:50])[:1000]
        return Response([_target(t) for t in rows])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Add a target: ``name``, ``uscc`` (GB 32100; none for a natural person), ``kind``, ``address``, ``region_code``, ``category``."""
        agency = selectors.handled_agency(request.user)
        form = TargetForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        return Response(_target(services.add_target(request.user, agency, form.cleaned_data)),
                        status=status.HTTP_201_CREATED)


class TargetDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """One entry of the directory."""
        selectors.require_reader(request.user)
        return Response(_target(selectors.get_target(request.user, pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, pk):
        """Correct an entry: any of the fields of a new target, and ``version`` (optimistic locking)."""
        target = selectors.get_editable_target(request.user, pk)
        data = {field: getattr(target, field) for field in TargetForm.base_fields} | dict(request.data.items())
        form = TargetEditForm(data=data)
        if not form.is_valid():
            raise _invalid(form)
        return Response(_target(services.update_target(request.user, target, form.cleaned_data,
                                                       version=form.cleaned_data["version"])))


class TargetRegister(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """Take an entry off the register (``registered`` false) or back on (true), with a ``reason``; ``version``."""
        target = selectors.get_editable_target(request.user, pk)
        form = RegisterForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        return Response(_target(services.set_registered(request.user, target, registered=data["registered"],
                                                        reason=data["reason"], version=data["version"])))


class TargetImport(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Import targets from an Excel workbook in ``file`` (multipart); all or nothing."""
        agency = selectors.handled_agency(request.user)
        form = ImportForm(data=request.data, files=request.FILES)
        if not form.is_valid():
            raise _invalid(form)
        made = services.import_targets(request.user, agency, form.cleaned_data["file"])
        return Response({"imported": len(made)}, status=status.HTTP_201_CREATED)


class Conflicts(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """回避: ``target``, ``person`` (ids), ``kind`` (relative | interest | other), ``note``."""
        agency = selectors.handled_agency(request.user)
        form = ConflictForm(data=request.data, agency=agency)
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        conflict = services.declare_conflict(request.user, data["target"], person=data["person"], kind=data["kind"],
                                             note=data["note"])
        return Response({"id": conflict.pk, "target": conflict.target_id, "person": conflict.person_id,
                         "kind": conflict.kind}, status=status.HTTP_201_CREATED)


class Plans(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Plans in scope (``status``; ``overdue=1``: results past their disclosure due date)."""
        selectors.require_reader(request.user)
        rows = selectors.plans(request.user, status=request.query_params.get("status", ""),
                               overdue=request.query_params.get("overdue") == "1")[:500]
        return Response([_plan(p) for p in rows])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Create a plan: ``title``, ``items`` (ids), ``period_start``, ``period_end``, ``target_count`` or
        ``target_ratio``, ``inspectors_per_target`` (≥ 2), ``category``, ``region_prefix``, ``seed``."""
        agency = selectors.handled_agency(request.user)
        form = PlanForm(data=request.data, items=services.random_items(agency))
        if not form.is_valid():
            raise _invalid(form)
        plan = services.create_plan(request.user, agency, form.service_data())
        return Response(_plan(plan, detail=True), status=status.HTTP_201_CREATED)


class PlanDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """A plan with its drawn targets, results and the verification of its draw."""
        return Response(_plan(selectors.get_plan(request.user, pk), detail=True))


class PlanAction(APIView):
    def call(self, request, plan, version):
        raise NotImplementedError

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        plan = selectors.get_plan(request.user, pk)
        form = VersionForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        self.call(request, plan, form.cleaned_data["version"])
        return Response(_plan(selectors.get_plan(request.user, pk), detail=True))


class Draw(PlanAction):
    """Draw targets and inspectors (once); ``version`` optional."""

    def call(self, request, plan, version):
        services.draw(request.user, plan, version=version)


class Publish(PlanAction):
    """Publish the plan and the results entered since the last publication."""

    def call(self, request, plan, version):
        services.publish(request.user, plan, version=version)


class RecordResult(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """A drawn target's result: ``inspected_on``, ``result`` (no_problem | rectify | case | not_operating |
        unreachable), ``note``; ``case`` registers a lead."""
        drawn = selectors.get_drawn(request.user, pk)
        form = ResultForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        return Response(_drawn(services.record_result(request.user, drawn, data, version=data["version"])))


# The public -------------------------------------------------------------------------------------------


def _public(p, *, results=False) -> dict:
    record = {"id": p.pk, "agency": p.agency_name, "number": p.number, "title": p.title, "items": p.items,
              "period_start": p.period_start, "period_end": p.period_end, "scope": p.scope, "scale": p.scale,
              "inspectors_per_target": p.inspectors_per_target, "candidates": p.candidates, "drawn": p.drawn,
              "seed": p.seed, "draw_digest": p.draw_digest, "published_at": p.published_at}
    if results:
        record["results"] = [{"draw_order": r.draw_order, "target": r.target_name, "uscc": r.target_code,
                              "target_kind": r.target_kind, "inspected_on": r.inspected_on, "result": r.result,
                              "note": r.note, "published_at": r.published_at} for r in p.results.all()]
    return record


class PublicPlans(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Published random-inspection plans (``q``)."""
        return Response([_public(p) for p in selectors.published_plans(q=request.query_params.get("q", "")[:100])[:500]])


class PublicPlan(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """A published plan and its published, desensitised results."""
        plan = selectors.get_published_plan(pk)
        if plan is None:
            return problem(404, "未找到该抽查计划")
        return Response(_public(plan, results=True))
