"""The case-file API under ``/api/v1/``: the same selectors and services as the pages.

A case outside the caller's reach is a 404; bad query values a 400 whose ``errors`` name the
parameter in Chinese; a payload file missing from the store a 409 — all RFC 9457 problem details.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem
from zhifa.organizations.api import IgnoreAcceptNegotiation

from . import register, selectors, services, views
from .forms import BagFormatForm, RegisterFilterForm


def _deadline(case):
    deadline = selectors.archive_deadline(case)
    if deadline is None:
        return None
    return {"due_on": deadline.due_on.isoformat(), "label": deadline.label, "confirmed": deadline.confirmed,
            "archived_on": deadline.archived_on.isoformat() if deadline.archived_on else None,
            "overdue": deadline.overdue, "status": deadline.status_label}


class CaseFileView(APIView):
    """The assembled case file (cover, contents, documents, evidence, AV index) and its archive deadline."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, case_pk):
        case = selectors.readable_case(request.user, case_pk)
        body = services.assemble(case).as_dict()
        manifest = services.latest_manifest(case)
        body["archive_deadline"] = _deadline(case)
        body["archive_manifest"] = None if manifest is None else {
            "sha256": manifest.sha256, "created_at": manifest.created_at.isoformat(), "retention": manifest.retention,
        }
        return Response(body)


class CaseFileBagView(APIView):
    """The case file as a BagIt (RFC 8493) bag, ``format=zip`` (default) or ``tar``; journalled as a record access."""

    content_negotiation_class = IgnoreAcceptNegotiation

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=["zip", "tar"], required=False)],
                   responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, case_pk):
        case = selectors.readable_case(request.user, case_pk)
        form = BagFormatForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        try:
            bag, filename = services.export_bag(request.user, case, form.fmt())
        except services.BagError as exc:
            return problem(409, str(exc))
        return views.bag_response(bag, filename, form.fmt())


class CaseRegisterView(APIView):
    """The case register (台账) of the caller's agency as an .xlsx workbook; ``from``, ``to``, ``status``, ``stage``."""

    content_negotiation_class = IgnoreAcceptNegotiation

    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE, required=False),
                    OpenApiParameter("to", OpenApiTypes.DATE, required=False),
                    OpenApiParameter("status", str, required=False), OpenApiParameter("stage", str, required=False)],
        responses={(200, register.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
    )
    def get(self, request):
        views._may_export_register(request.user)
        form = RegisterFilterForm.from_query(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.query_errors())
        response = HttpResponse(services.export_register(request.user, **form.filters()),
                                content_type=register.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, register.export_filename())
        return response
