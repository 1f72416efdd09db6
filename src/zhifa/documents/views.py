"""Pages of a case's documents: list, draft from a template, edit or upload the draft, issue, correct, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhifa.cases import permissions
from zhifa.cases.selectors import get_case
from zhifa.core.errors import ConflictError
from zhifa.ledger import blobs

from . import selectors, services
from .forms import CorrectionForm, UploadForm, VersionForm, fields_form_class, initial_fields
from .models import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_handler(user, case):
    if not permissions.can_handle(user, case):
        raise PermissionDenied("只有本案办案人员或本机关负责人可以制作和签发文书")


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _refuse(request, exc) -> bool:
    """Refusals that are not a form's fault: a stale page, an archived case, a missing converter or key."""
    if isinstance(exc, ConflictError | services.DocumentUnavailable):
        messages.error(request, exc.message)
    elif isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or "您无权进行此操作")
    else:
        return False
    return True


@login_required
def case_documents(request, case_pk):
    case = get_case(request.user, case_pk)
    return render(request, "documents/case.html", {
        "case": case, "documents": selectors.case_documents(request.user, case),
        "stage_templates": selectors.templates_for_stage(case),
        "procedure_templates": selectors.templates_for_procedure(case),
        "can_handle": permissions.can_handle(request.user, case) and not case.is_read_only,
    })


@login_required
def new(request, case_pk, code):
    case = get_case(request.user, case_pk)
    _require_handler(request.user, case)
    template = services.DocumentTemplate.objects.filter(code=code, is_active=True).first()
    if template is None:
        raise Http404("没有该文书模板")
    form_class = fields_form_class(template)
    form = form_class(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            document = services.create_draft(request.user, case, code, data, version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, f"已生成《{document.title}》草稿，可下载修改或直接签发")
            return redirect("documents:detail", document.pk)
    return render(request, "documents/new.html", {"case": case, "template": template, "form": form})


@login_required
def detail(request, pk):
    document = selectors.get_document(request.user, pk)
    case = document.case
    handler = permissions.can_handle(request.user, case) and not case.is_read_only
    context = {"document": document, "case": case, "can_handle": handler, "version": case.version}
    if handler and document.status == Document.Status.DRAFT:
        form_class = fields_form_class(document.template)
        context["form"] = form_class(initial={**initial_fields(document.template, document.fields), "version": case.version})
        context["upload_form"] = UploadForm(initial={"version": case.version})
    if handler and document.status == Document.Status.ISSUED and not hasattr(document, "superseded_by"):
        context["correction_form"] = CorrectionForm(initial={"version": case.version})
    context["history"] = _history(document)
    return render(request, "documents/detail.html", context)


def _history(document):
    chain, current = [], document
    while current.supersedes_id:
        current = current.supersedes
        chain.append(current)
    later = Document.objects.filter(supersedes=document).first()
    return {"earlier": chain, "later": later}


def _post_target(request, pk):
    document = selectors.get_document(request.user, pk)
    _require_handler(request.user, document.case)
    return document


@login_required
@require_POST
def redraft(request, pk):
    document = _post_target(request, pk)
    form = fields_form_class(document.template)(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_draft(request.user, document, data, version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            _refuse(request, exc)
            return redirect("documents:detail", document.pk)
        else:
            messages.success(request, "草稿已按修改内容重新生成")
            return redirect("documents:detail", document.pk)
    return render(request, "documents/detail.html", {
        "document": document, "case": document.case, "can_handle": True, "form": form,
        "upload_form": UploadForm(initial={"version": document.case.version}), "history": _history(document),
    }, status=400)


@login_required
@require_POST
def upload(request, pk):
    document = _post_target(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_draft(request.user, document, form.cleaned_data["file"].read(),
                                  version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            _refuse(request, exc)
            return redirect("documents:detail", document.pk)
        else:
            messages.success(request, "已将上传的修改稿作为待签发草稿")
            return redirect("documents:detail", document.pk)
    for error in form.errors.get("file", []) + form.non_field_errors():
        messages.error(request, f"上传文件：{error}")
    return redirect("documents:detail", document.pk)


def _simple_post(request, pk, action, done):
    document = _post_target(request, pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        result = action(document, version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except (ConflictError, PermissionDenied, services.DocumentUnavailable) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, done)
        return result
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def issue(request, pk):
    def action(document, version):
        issued = services.issue(request.user, document, version=version)
        return redirect("documents:detail", issued.pk)

    return _simple_post(request, pk, action, "文书已签发：已编号、转为PDF并加盖电子签章")


@login_required
@require_POST
def discard(request, pk):
    def action(document, version):
        services.discard_draft(request.user, document, version=version)
        return redirect("documents:case", document.case_id)

    return _simple_post(request, pk, action, "草稿已删除")


@login_required
@require_POST
def correct(request, pk):
    document = _post_target(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, f"更正理由：{error}")
        return redirect("documents:detail", document.pk)
    try:
        draft = services.start_correction(request.user, document, reason=form.cleaned_data["reason"],
                                          version=form.cleaned_data.get("version"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except (ConflictError, PermissionDenied) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, f"已生成《{draft.title}》更正版本草稿（第{draft.revision}版），签发后原文书标记为已被更正")
        return redirect("documents:detail", draft.pk)
    return redirect("documents:detail", document.pk)


@login_required
def draft_file(request, pk):
    document = selectors.get_document(request.user, pk)
    name = f"{document.title}-草稿.docx" if document.status == Document.Status.DRAFT else f"{document.title}-签发前草稿.docx"
    return FileResponse(blobs.open_blob(document.draft_sha256), content_type=DOCX,
                        headers={"Content-Disposition": content_disposition_header(True, name)})


@login_required
def pdf(request, pk):
    document = selectors.get_document(request.user, pk)
    if not document.is_issued:
        raise Http404("文书尚未签发")
    services.record_access(request.user, document, what="pdf")
    name = f"{document.title}{('-' + document.number) if document.number else ''}.pdf"
    return FileResponse(blobs.open_blob(document.pdf_sha256), content_type="application/pdf",
                        headers={"Content-Disposition": content_disposition_header(request.GET.get("download") == "1", name)})
