"""The disclosure API: the portal's public read API (P16, I3) and the clerk's endpoints.

Public endpoints take no login and answer with the same records as the pages and downloads
(:mod:`.opendata`); they read published snapshots only. The clerk's endpoints parse with the page
forms and call the same services; errors are RFC 9457 problem details.
"""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.catalog.discretion import describe_tier
from zhifa.core.api import problem
from zhifa.organizations.selectors import public_certificate

from . import masking, opendata, permissions, public, selectors, services
from .forms import DecisionFilterForm, MaskForm, PolicyForm, WithdrawalForm, WithholdForm
from .policy import policy_for
from .views import LISTS, _cursor


class PublicOfficerSerializer(serializers.Serializer):
    number = serializers.CharField(label="执法证号")
    name = serializers.CharField(label="姓名")
    agency = serializers.CharField(label="执法主体")
    category = serializers.CharField(label="执法类别")
    region_code = serializers.CharField(label="执法区域")
    issued_on = serializers.DateField(label="发证日期")
    expires_on = serializers.DateField(label="有效期至")
    status = serializers.CharField(label="状态")
    is_valid = serializers.BooleanField(label="当前有效")


class PublicView(APIView):
    """Anyone may read: no login, no session, no CSRF."""

    permission_classes = [AllowAny]
    authentication_classes = []


def _invalid(form):
    return DjangoValidationError({field: list(errors) for field, errors in form.errors.items()})


class PublicOfficerView(PublicView):
    """Anyone may verify an officer by certificate number (P3); only roster fields are returned."""

    @extend_schema(responses=PublicOfficerSerializer)
    def get(self, request, number):
        cert = public_certificate(number)
        if cert is None:
            return problem(404, "未查询到该执法证号")
        return Response(PublicOfficerSerializer(asdict(cert)).data)


FILTERS = [OpenApiParameter(name, str, description=label) for name, label in (
    ("q", "关键词（中文分词检索）"), ("agency", "执法机关编号"), ("category", "执法类别 penalty/licence/compulsion/other"),
    ("date_from", "决定日期自 YYYY-MM-DD"), ("date_to", "决定日期至"), ("target", "执法对象名称或统一社会信用代码"),
    ("status", "all：含已撤下"), ("after", "下一页游标（上一页答复的 next_after）"))]


class PublicDecisions(PublicView):
    @extend_schema(parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Published decisions, newest first, 20 a page; ``next_after`` continues (keyset pages)."""
        form = DecisionFilterForm(request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise _invalid(form)
        queryset = public.decisions(form.to_filter())
        cursor = _cursor(request.query_params.get("after", ""))
        count, capped = public.capped_count(queryset)
        rows, following = public.page(queryset, cursor, common=capped)
        body = {"results": [opendata.decision_record(d, content=False) for d in rows], "next_after": following or None}
        if cursor is None:
            body["count"], body["count_capped"] = count, capped
        return Response(body)


class PublicDecision(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        decision = public.get_decision(pk)
        if decision is None:
            return problem(404, "该执法决定不存在")
        record = opendata.decision_record(decision)
        record["history"] = [{"id": h.pk, "published_at": h.published_at, "status": h.get_status_display(),
                              "withdrawn_at": h.withdrawn_at} for h in public.history(decision)]
        return Response(record)


class PublicWithdrawals(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([opendata.decision_record(d) for d in public.withdrawals()[:200]])


class PublicAgencies(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([opendata.agency_record(a) for a in public.agencies()])


class PublicAgency(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        agency = public.get_agency(pk)
        if agency is None:
            return problem(404, "执法机关不存在")
        record = opendata.agency_record(agency)
        record["departments"] = [{"name": d.name, "functions": d.functions, "phone": d.phone}
                                 for d in agency.departments.order_by("name")]
        record["units"] = [{"id": u.pk, "name": u.name, "kind": u.get_kind_display()}
                           for u in public.subordinate_units(agency)]
        return Response(record)


def _agency(request):
    value = request.query_params.get("agency", "")
    if not value:
        return None
    agency = public.get_agency(value)
    if agency is None:
        raise DjangoValidationError({"agency": ["执法机关不存在"]})
    return agency


class PublicRoster(PublicView):
    @extend_schema(parameters=[OpenApiParameter("agency", int), OpenApiParameter("q", str)],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request):
        rows = public.roster(agency=_agency(request), q=request.query_params.get("q", "").strip()[:50])
        return Response([opendata.officer_record(c) for c in rows[:500]])


class PublicList(PublicView):
    @extend_schema(parameters=[OpenApiParameter("agency", int, required=True)], responses=OpenApiTypes.OBJECT)
    def get(self, request, kind):
        """A list in force for one agency: powers, items, inspections, benchmarks, review, av."""
        if kind not in LISTS:
            return problem(404, "没有该清单")
        agency = _agency(request)
        if agency is None:
            raise DjangoValidationError({"agency": ["请指定执法机关（agency）"]})
        if kind == "powers":
            found, rows = public.powers(agency)
            entries = [{"code": p.code, "name": p.name, "kind": p.get_kind_display(), "basis": p.basis,
                        "responsible_agency": p.responsible_agency, "responsibilities": p.responsibilities,
                        "accountability": p.accountability, "items": [i.code for i in p.items.all()]} for p in rows]
        elif kind in ("items", "inspections"):
            found, rows = public.items(agency, random_only=kind == "inspections")
            entries = [{"id": i.pk, **opendata.item_record(i)} for i in rows]
        elif kind == "benchmarks":
            found, rows = public.benchmarks(agency)
            entries = [{"code": b.code, "violation": b.violation, "provisions_violated": b.provisions_violated,
                        "provisions_penalised": b.provisions_penalised, "first_violation_exempt": b.first_violation_exempt,
                        "tiers": [{"tier": t.get_tier_display(), "circumstances": t.circumstances,
                                   "penalty": describe_tier(t)} for t in b.tiers.all()]} for b in rows]
        elif kind == "review":
            found, rows = public.major_rules(agency)
            entries = [{"name": r.name, "kind": r.get_kind_display(), "params": r.params, "basis": r.basis}
                       for r in rows]
        else:
            found, rows = public.av_entries(agency)
            entries = [{"procedure": e.procedure_code, "stage": e.stage_code, "mode": e.get_mode_display(),
                        "basis": e.basis} for e in rows]
        version = found.version
        return Response({
            "agency": agency.name, "list": LISTS[kind][0], "source": found.source,
            "version": version.number if version else None,
            "effective_from": version.effective_from if version else None, "entries": entries,
        })


class PublicItem(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        item = public.get_item(pk)
        if item is None:
            return problem(404, "执法事项不存在或已不在现行清单中")
        record = {"id": item.pk, **opendata.item_record(item), "agency": item.version.rule_list.agency.name}
        procedure = public.procedure_for_item(item)
        record["procedure"] = None if procedure is None else {
            "name": procedure.name, "stages": [{"code": s["code"], "name": s["name"], "documents": s.get("documents", [])}
                                               for s in procedure.definition.get("stages", [])],
            "flowchart": request.build_absolute_uri(reverse("disclosure:item", args=[item.pk])),
        }
        return Response(record)


class PublicBoards(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([_board(b) for b in public.boards(_agency(request)).prefetch_related("people__certificates")])


def _board(board):
    return {"id": board.pk, "agency": board.agency.name, "name": board.name, "location": board.location,
            "duties": board.duties, "consultation": board.consultation, "complaint_channel": board.complaint_channel,
            "sample_materials": board.sample_materials, "items": board.item_codes,
            "people": [{"name": p.name, "certificates": [c.number for c in p.certificates.all()]}
                       for p in board.people.all()]}


# The clerk's endpoints ---------------------------------------------------------------------------------


def _disclosure_record(d, *, spans=None) -> dict:
    t = selectors.timeliness(d)
    record = {
        "id": d.pk, "agency": d.agency.name, "case": d.case.display_number, "title": d.title, "number": d.number,
        "category": d.category, "status": d.status, "status_display": d.get_status_display(),
        "opened_on": d.opened_on, "due_on": d.due_on, "due_confirmed": d.due_confirmed,
        "published_at": d.published_at, "published_automatically": d.published_automatically,
        "exception_kind": d.exception_kind, "exception_reason": d.exception_reason,
        "withdrawal_kind": d.withdrawal_kind, "withdrawal_reason": d.withdrawal_reason,
        "withdrawal_opened_on": d.withdrawal_opened_on, "withdrawal_due_on": d.withdrawal_due_on,
        "withdrawn_at": d.withdrawn_at, "timeliness": t.state, "timeliness_label": t.label, "version": d.version,
        "publication": getattr(d, "publication", None) and d.publication.pk,
    }
    if spans is not None:
        record["spans"] = [{"start": s.start, "end": s.end, "category": s.category, "label": s.label,
                            "original": s.original, "replacement": s.replacement} for s in spans]
        record["masked_text"] = masking.apply(d.source_text, spans)
        record["extra_masks"], record["keep_terms"] = d.extra_masks, d.keep_terms
    return record


class Disclosures(APIView):
    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("due", str), OpenApiParameter("q", str)],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if request.user.role not in permissions.READERS:
            raise PermissionDenied("只有公示管理员、机关负责人和执法监督人员可以查看公示管理")
        params = request.query_params
        rows = selectors.disclosures(request.user, status=params.get("status", ""), due=params.get("due", ""),
                                     q=params.get("q", "")[:100])
        return Response([_disclosure_record(d) for d in rows[:500]])


class DisclosureDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """One disclosure with every masked span the clerk reviews before publishing (P15)."""
        disclosure = selectors.get_disclosure(request.user, pk)
        spans, *_ = services.prepare(disclosure)
        return Response(_disclosure_record(disclosure, spans=spans))


class DisclosureAction(APIView):
    form_class = None
    code = status.HTTP_200_OK

    def call(self, request, disclosure, data):
        raise NotImplementedError

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        disclosure = selectors.get_disclosure(request.user, pk)
        if not permissions.can_manage(request.user, disclosure.agency):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以办理")
        data = {}
        if self.form_class is not None:
            form = self.form_class(data=request.data)
            if not form.is_valid():
                raise _invalid(form)
            data = form.cleaned_data
        else:
            data = {"version": request.data.get("version")}
        self.call(request, disclosure, data)
        fresh = selectors.get_disclosure(request.user, pk)
        spans, *_ = services.prepare(fresh)
        return Response(_disclosure_record(fresh, spans=spans), status=self.code)


class Publish(DisclosureAction):
    def call(self, request, disclosure, data):
        services.publish(request.user, disclosure, version=data["version"])


class Masks(DisclosureAction):
    form_class = MaskForm

    def call(self, request, disclosure, data):
        services.set_masks(request.user, disclosure, extra_masks=data["extra_masks"], keep_terms=data["keep_terms"],
                           version=data["version"])


class Withhold(DisclosureAction):
    form_class = WithholdForm

    def call(self, request, disclosure, data):
        services.withhold(request.user, disclosure, kind=data["kind"], reason=data["reason"], version=data["version"])


class Withdrawal(DisclosureAction):
    form_class = WithdrawalForm

    def call(self, request, disclosure, data):
        services.open_withdrawal(request.user, disclosure, kind=data["kind"], reason=data["reason"],
                                 occurred_on=data["occurred_on"], withdraw_now=data["withdraw_now"],
                                 version=data["version"])


class Withdraw(DisclosureAction):
    def call(self, request, disclosure, data):
        services.withdraw(request.user, disclosure, version=data["version"])


def _policy_record(policy) -> dict:
    return {"agency": policy.agency_id, "saved": bool(policy.pk), "version": policy.version,
            **{name: getattr(policy, name) for name in services.POLICY_FIELDS}}


class Policy(APIView):
    def _agency(self, request, pk):
        from zhifa.organizations.selectors import agencies

        agency = agencies(request.user).filter(pk=pk).first()
        if agency is None or not (permissions.can_read(request.user, agency)
                                  or permissions.can_configure(request.user, agency)):
            return None
        return agency

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        agency = self._agency(request, pk)
        if agency is None:
            return problem(404, "执法主体不存在或无权查看")
        return Response(_policy_record(policy_for(agency)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request, pk):
        """Replace the agency's rules (send every field and ``version``)."""
        agency = self._agency(request, pk)
        if agency is None:
            return problem(404, "执法主体不存在或无权查看")
        if not permissions.can_configure(request.user, agency):
            raise PermissionDenied("只有本机关负责人或本区域系统管理员可以设置公示规则")
        current = policy_for(agency)
        form = PolicyForm(data=request.data, instance=current)
        if not form.is_valid():
            raise _invalid(form)
        policy = services.save_policy(request.user, agency, form.service_data(), version=request.data.get("version"))
        return Response(_policy_record(policy))


def _staff_board(board) -> dict:
    return {**_board(board), "is_published": board.is_published, "published_at": board.published_at,
            "version": board.version, "people_ids": [p.pk for p in board.people.all()]}


def _board_data(request, agency, board=None):
    """Parse a post board with the page's form; ``people`` are person ids of the agency."""
    from .forms import BoardForm

    data = dict(request.data)
    codes = data.get("item_codes", [])
    data["item_codes"] = "\n".join(codes) if isinstance(codes, list) else codes
    form = BoardForm(data=data, instance=board, agency=agency)
    if not form.is_valid():
        raise _invalid(form)
    return form


class Boards(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if request.user.role not in permissions.READERS:
            raise PermissionDenied("只有公示管理员、机关负责人和执法监督人员可以查看公示牌")
        return Response([_staff_board(b) for b in selectors.boards(request.user)])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """A new board of the caller's agency: name, duties, location, item_codes, people, … is_published."""
        agency = request.user.agency
        if not permissions.can_manage(request.user, agency):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以维护岗位信息公示牌")
        form = _board_data(request, agency)
        board = services.save_board(request.user, agency, form.service_data(), people=list(form.cleaned_data["people"]))
        return Response(_staff_board(board), status=status.HTTP_201_CREATED)


class Board(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(_staff_board(selectors.get_board(request.user, pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request, pk):
        """Replace the board (send every field and ``version``)."""
        board = selectors.get_board(request.user, pk)
        if not permissions.can_manage(request.user, board.agency):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以维护岗位信息公示牌")
        form = _board_data(request, board.agency, board)
        board = services.save_board(request.user, board.agency, form.service_data(), board=board,
                                    people=list(form.cleaned_data["people"]), version=request.data.get("version"))
        return Response(_staff_board(board))
