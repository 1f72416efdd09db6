"""The public portal (P1–P16): lists, officers, decisions, withdrawals, boards, search and open data.

Anonymous, server-rendered, nothing from the internet. Every read goes through :mod:`.public`, which
sees published snapshots and published list versions only.
"""

import datetime

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from zhifa.catalog.discretion import describe_tier
from zhifa.catalog.major import STATUTORY_BASIS, STATUTORY_RULES
from zhifa.catalog.models import RuleList
from zhifa.core.pagecache import public_page
from zhifa.organizations.selectors import public_certificate

from . import opendata, public, qr
from .forms import DecisionFilterForm
from .models import Category

PAGE_SIZE = 20


@require_safe
@public_page
def home(request):
    counts = public.category_counts()
    return render(request, "disclosure/home.html", {
        "latest": public.decisions()[:8], "withdrawn": public.withdrawals()[:3],
        "categories": [(value, label, counts.get(value, 0)) for value, label in Category.choices],
        "agencies": public.agencies(),
    })


# Officers (P3) ------------------------------------------------------------------------------------


@require_safe
@public_page
def officer_search(request):
    number = request.GET.get("number", "").strip()
    error = None
    if number:
        if public_certificate(number):
            return redirect("disclosure:officer_detail", number=number)
        error = f"未查询到执法证号为“{number[:30]}”的执法人员，请核对证号"
    return render(request, "disclosure/officer_search.html", {"number": number, "error": error}, status=404 if error else 200)


@require_safe
@public_page
def officer_detail(request, number):
    cert = public_certificate(number)
    if cert is None:
        raise Http404
    return render(request, "disclosure/officer_detail.html", {"cert": cert, "qr_svg": qr.svg(qr.certificate_url(cert.number))})


@require_safe
@cache_control(max_age=3600, public=True)
def officer_qr(request, number):
    """The QR code printed on the certificate; it leads to the verification page (亮证)."""
    if public_certificate(number) is None:
        raise Http404
    return HttpResponse(qr.svg(qr.certificate_url(number), scale=6), content_type="image/svg+xml")


def _agency_param(request):
    """The agency chosen by ``?agency=``; a bad or unknown value is a 404, never a 500."""
    value = request.GET.get("agency", "")
    if not value:
        return None
    agency = public.get_agency(value)
    if agency is None:
        raise Http404("执法机关不存在")
    return agency


@require_safe
@public_page
def roster(request):
    agency, q = _agency_param(request), request.GET.get("q", "").strip()[:50]
    rows = public.roster(agency=agency, q=q)
    return render(request, "disclosure/roster.html", {
        "agency": agency, "q": q, "certificates": rows[:500], "total": rows.count(), "agencies": public.agencies(),
    })


# Agencies (P2) -------------------------------------------------------------------------------------


@require_safe
@public_page
def agency_list(request):
    return render(request, "disclosure/agencies.html", {"agencies": public.agencies()})


@require_safe
@public_page
def agency_detail(request, pk):
    agency = public.get_agency(pk)
    if agency is None:
        raise Http404("执法机关不存在")
    return render(request, "disclosure/agency.html", {
        "agency": agency, "departments": agency.departments.order_by("name"),
        "units": public.subordinate_units(agency), "boards": public.boards(agency),
        "officer_count": public.roster(agency=agency).count(),
        "latest": public.decisions(public.DecisionFilter(agency=agency.pk))[:5],
    })


# Lists (P4–P8, AV list) ---------------------------------------------------------------------------------

LISTS = {
    "powers": ("权责清单", RuleList.Kind.POWERS), "items": ("行政执法事项清单", RuleList.Kind.POWERS),
    "inspections": ("随机抽查事项清单", RuleList.Kind.POWERS), "benchmarks": ("行政处罚裁量基准", RuleList.Kind.DISCRETION),
    "review": ("重大执法决定法制审核目录清单", RuleList.Kind.MAJOR), "av": ("音像记录事项清单", RuleList.Kind.AV),
}


@require_safe
@public_page
def rule_list(request, kind):
    """One list of one agency, the version in force (own or the national default it follows)."""
    if kind not in LISTS:
        raise Http404
    title, _ = LISTS[kind]
    agency = _agency_param(request)
    context = {"kind": kind, "title": title, "agency": agency, "agencies": public.agencies(),
               "list_links": [(key, label) for key, (label, _) in LISTS.items()]}
    if agency is not None:
        if kind == "powers":
            found, rows = public.powers(agency)
        elif kind in ("items", "inspections"):
            found, rows = public.items(agency, random_only=kind == "inspections")
            if kind == "inspections" and found.version is not None:
                _, every = public.items(agency)
                context["merged_title"] = rows.count() == every.count() and rows.exists()
        elif kind == "benchmarks":
            found, rows = public.benchmarks(agency)
            rows = [(b, [(t, describe_tier(t)) for t in b.tiers.all()]) for b in rows]
        elif kind == "review":
            found, rows = public.major_rules(agency)
            context["statutory"], context["statutory_basis"] = [n for _, n, _ in STATUTORY_RULES], STATUTORY_BASIS
        else:
            found, rows = public.av_entries(agency)
        context.update({"found": found, "rows": rows})
    return render(request, "disclosure/rule_list.html", context)


@require_safe
@public_page
def item_detail(request, pk):
    """P5: an item's service guide and the flowchart of its procedure, drawn from the same definition."""
    from zhifa.catalog.flowchart import render_svg
    from zhifa.catalog.procedures import describe_deadline
    from zhifa.catalog.selectors import av_mode

    item = public.get_item(pk)
    if item is None:
        raise Http404("执法事项不存在或已不在现行清单中")
    context = {"item": item, "power": item.power, "agency": item.version.rule_list.agency, "public": True}
    procedure = public.procedure_for_item(item)
    if procedure is not None:
        definition = procedure.definition
        context.update({
            "procedure": procedure, "svg": render_svg(definition, title=procedure.name),
            "stages": [{**s, "deadline_text": describe_deadline(definition, s["deadline"]) if s.get("deadline") else ""}
                       for s in definition.get("stages", [])],
            "av_modes": {s["code"]: av_mode(context["agency"], item.procedure_code, s["code"])
                         for s in definition.get("stages", [])},
        })
    return render(request, "disclosure/item.html", context)


# Post information boards (P11) ------------------------------------------------------------------------


@require_safe
@public_page
def board_list(request):
    agency = _agency_param(request)
    return render(request, "disclosure/boards.html", {"boards": public.boards(agency), "agency": agency,
                                                      "agencies": public.agencies()})


@require_safe
@public_page
def board_detail(request, pk):
    board = public.get_board(pk)
    if board is None:
        raise Http404("公示牌不存在")
    today = timezone.localdate()
    people = [(p, next((c for c in p.certificates.all() if c.is_valid_on(today)), None)) for p in board.people.all()]
    return render(request, "disclosure/board.html", {
        "board": board, "people": people, "items": public.item_by_codes(board.agency, board.item_codes),
    })


# Decisions (P12, P13) and search ----------------------------------------------------------------------


def _cursor(value: str):
    """``2026-03-01.123`` → (date, id); anything else → None (the first page)."""
    day, _, pk = (value or "").partition(".")
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


@require_safe
@public_page
def decision_list(request):
    """P12 list and search: keyset pages (fast at any depth), a capped count."""
    form = DecisionFilterForm(request.GET or None)
    choices = {"agency_choices": list(public.agencies().values_list("pk", "name")), "category_choices": Category.choices}
    if form.is_bound and not form.is_valid():
        return render(request, "disclosure/decisions.html", {"form": form, "rows": [], **choices}, status=400)
    f = form.to_filter()
    queryset = public.decisions(f)
    cursor = _cursor(request.GET.get("after", ""))
    total, more = public.capped_count(queryset)  # cheap (it may stop at the cap), and it tells which plan pages
    rows, following = public.page(queryset, cursor, common=more, size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "disclosure/decisions.html", {
        "form": form, "rows": rows, "following": following, "total": total, "more": more, "query": query.urlencode(),
        "first_page": cursor is None, "lists": public.list_matches(f.q) if f.q and cursor is None else [],
        "searching": bool(f.q), **choices,
    })


@require_safe
@public_page
def decision_detail(request, pk):
    decision = public.get_decision(pk)
    if decision is None:
        raise Http404("该执法决定不存在")
    return render(request, "disclosure/decision.html", {"decision": decision, "history": public.history(decision)})


@require_safe
@public_page
def withdrawal_list(request):
    rows = public.withdrawals()
    return render(request, "disclosure/withdrawals.html", {"rows": rows[:200]})


# Open data (P16, I3) ---------------------------------------------------------------------------------


@require_safe
@public_page
def data_index(request):
    return render(request, "disclosure/data.html", {"datasets": list(opendata.DATASETS.items()),
                                                       "agencies": public.agencies()})


@require_safe
def data_download(request, name, fmt):
    if name not in opendata.DATASETS or fmt not in ("csv", "json"):
        raise Http404("没有该数据集")
    dataset = opendata.DATASETS[name]
    decision_filter = None
    if name == "decisions":
        form = DecisionFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            errors = "；".join(f"{form.fields[k].label if k in form.fields else ''}{'，'.join(v)}"
                              for k, v in form.errors.items())
            return HttpResponse(f"筛选条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")
        decision_filter = form.to_filter()
    records = opendata.rows(name, agency=_agency_param(request), decision_filter=decision_filter)
    if fmt == "csv":
        response = StreamingHttpResponse(opendata.csv_stream(dataset.columns, records), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(opendata.json_stream(records), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
