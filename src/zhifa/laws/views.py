"""The law library pages: browse and search laws and articles, parse citations, import (administrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from zhifa.core.feedback import add_errors

from . import selectors
from .citations import parse
from .forms import CitationForm, LawImportForm
from .models import Law
from .permissions import can_manage_library
from .services import import_law


@login_required
def law_list(request):
    q = request.GET.get("q", "").strip()
    query = request.GET.get("search", "").strip()
    laws = selectors.laws(request.user, q=q, level=request.GET.get("level", ""), status=request.GET.get("status", ""))
    page = Paginator(laws, 50).get_page(request.GET.get("page"))
    found = selectors.search_articles(request.user, query) if query else None
    return render(request, "laws/list.html", {
        "page": page, "q": q, "search": query, "found": found, "levels": Law.Level.choices,
        "statuses": Law.Status.choices, "can_import": can_manage_library(request.user),
    })


@login_required
def law_detail(request, pk):
    law = get_object_or_404(selectors.laws(request.user), pk=pk)
    articles = selectors.law_articles(request.user, law)
    return render(request, "laws/detail.html", {"law": law, "articles": articles, "version": law.current_version})


@login_required
def law_import(request):
    if not can_manage_library(request.user):
        raise PermissionDenied("只有系统管理员可以导入法律法规")
    form = LawImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = import_law(request.user, upload=form.cleaned_data["file"], metadata=form.metadata(),
                                 partial=form.cleaned_data["partial"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已导入《{version.law.title}》{version.articles.count()}条")
            return redirect("laws:detail", pk=version.law.pk)
    return render(request, "laws/import.html", {"form": form})


@login_required
def citations(request):
    form = CitationForm(request.GET or None)
    found = parse(form.cleaned_data["text"]) if form.is_bound and form.is_valid() else None
    return render(request, "laws/citations.html", {"form": form, "found": found})
