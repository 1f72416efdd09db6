"""Thin pages for the officer roster in Excel: export what the list shows, import a whole file or nothing."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from . import roster
from .sections import SECTIONS, clean_filters

EXPORT_SOURCES = ("person", "certificate")


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="名册文件", help_text="与导出名册格式相同的 .xlsx 文件",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{roster.XLSX_CONTENT_TYPE}"}),
    )


@login_required
@require_GET
def roster_export(request):
    """The roster as the person or certificate list shows it (same filters), within the user's scope."""
    source = request.GET.get("source", "person")
    if source not in EXPORT_SOURCES:
        raise Http404
    content = roster.export_roster(
        request.user, source=source, blank=bool(request.GET.get("blank")),
        **clean_filters(SECTIONS[source], request.GET),
    )
    response = HttpResponse(content, content_type=roster.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, roster.export_filename())
    return response


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    if not roster.keeps_roster(request.user):
        raise PermissionDenied("只有机关负责人和系统管理员可以导入名册")
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    invalid = None
    if request.method == "POST" and form.is_valid():
        try:
            result = roster.import_roster(request.user, form.cleaned_data["file"])
        except roster.RosterFileError as exc:
            form.add_error("file", exc.message)
        except roster.RosterInvalid as exc:
            invalid = exc
        else:
            messages.success(
                request,
                f"名册已导入（{result.rows}行）：新增人员{result.people_created}名、更新{result.people_updated}名；"
                f"新增执法证{result.certificates_created}本、更新{result.certificates_updated}本；"
                f"未变化的人员{result.people_unchanged}名、执法证{result.certificates_unchanged}本。",
            )
            return redirect("organizations:list", key="person")
    return render(
        request,
        "organizations/roster_import.html",
        {"form": form, "invalid": invalid, "columns": roster.COLUMNS, "limits": roster.limits(),
         "max_mb": roster.limits()["max_bytes"] // (1024 * 1024)},
    )
