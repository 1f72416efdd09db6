"""Case-file pages: the assembled case file, its BagIt download and the case register (R5, R6)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from zhifa.cases.selectors import CASE_READERS

from . import register, selectors, services
from .bag import FORMATS
from .forms import BagFormatForm, RegisterFilterForm


def _error(request, status: int, message: str, errors=None):
    return render(request, "casefiles/error.html", {"code": status, "message": message, "errors": errors or []},
                  status=status)


@login_required
@require_GET
def case_file(request, case_pk):
    """The assembled case file; readers of the case only (404 otherwise)."""
    case = selectors.readable_case(request.user, case_pk)
    return render(request, "casefiles/case_file.html", {
        "case": case, "case_file": services.assemble(case), "deadline": selectors.archive_deadline(case),
        "manifest": services.latest_manifest(case),
    })


def bag_response(bag, filename, fmt):
    response = StreamingHttpResponse(bag.stream(fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def bagit(request, case_pk):
    """The case file as a BagIt bag (.zip by default, ``?format=tar``), streamed; journalled as a record access."""
    case = selectors.readable_case(request.user, case_pk)
    form = BagFormatForm(request.GET)
    if not form.is_valid():
        return _error(request, 400, "请求参数有误", [m for ms in form.errors.values() for m in ms])
    try:
        bag, filename = services.export_bag(request.user, case, form.fmt())
    except services.BagError as exc:
        return _error(request, 409, str(exc))
    return bag_response(bag, filename, form.fmt())


def _may_export_register(user):
    if not (user.agency_id and user.role in CASE_READERS):
        raise PermissionDenied("只有执法主体的工作人员可以导出本机关的案件台账")


@login_required
@require_GET
def register_page(request):
    """The register's filters and its download link."""
    _may_export_register(request.user)
    form = RegisterFilterForm.from_query(request.GET) if request.GET else RegisterFilterForm()
    return render(request, "casefiles/register.html", {"form": form, "query": request.GET.urlencode()})


@login_required
@require_GET
def register_xlsx(request):
    _may_export_register(request.user)
    form = RegisterFilterForm.from_query(request.GET)
    if not form.is_valid():
        return _error(request, 400, "台账筛选条件有误，未导出", [m for ms in form.errors.values() for m in ms])
    content = services.export_register(request.user, **form.filters())
    response = HttpResponse(content, content_type=register.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, register.export_filename())
    return response
