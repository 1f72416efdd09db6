"""Thin pages over the registry: list with search and filters, detail, create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhifa.core.feedback import add_errors

from . import selectors
from .sections import SECTIONS, FilterForm, clean_filters
from .services import ConflictError, save_qualification
from .snapshots import PRIVATE_FIELDS


def _section(key):
    try:
        return SECTIONS[key]
    except KeyError:
        raise Http404 from None


def _get(section, user, pk):
    return get_object_or_404(section.selector(user), pk=pk)


@login_required
def record_list(request, key):
    section = _section(key)
    filters = FilterForm(section, request.GET or None)
    queryset = section.selector(request.user, **clean_filters(section, request.GET))
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/list.html",
        {"section": section, "filters": filters, "page": page, "query": query.urlencode(),
         "can_create": section.can_create(request.user)},
    )


@login_required
def record_detail(request, key, pk):
    section = _section(key)
    obj = _get(section, request.user, pk)
    form = section.form(instance=obj, user=request.user)
    can_edit = section.can_edit(request.user, obj)
    rows = [(form[name].label, _display(obj, name, reveal_private=can_edit)) for name in form.Meta.fields]
    context = {"section": section, "obj": obj, "rows": rows, "can_edit": can_edit}
    if key == "agency":
        context["departments"] = selectors.departments(request.user, agency=obj)
        context["people"] = selectors.people(request.user, agency=obj)
    if key == "person":
        context["certificates"] = obj.certificates.all()
        context["qualification"] = getattr(obj, "qualification", None)
        context["trainings"] = obj.trainings.all()[:20]
        context["devices"] = obj.devices.all()
    return render(request, "organizations/detail.html", context)


def _display(obj, name, *, reveal_private: bool):
    """A field for the detail page; personal data only for those who keep the record (P15)."""
    field = obj._meta.get_field(name)
    if name in PRIVATE_FIELDS and not reveal_private:
        return "（仅管理人员可见）" if getattr(obj, name) else ""
    if field.many_to_many:
        return "、".join(str(o) for o in getattr(obj, name).all())
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def _save(request, section, form, obj=None):
    if not form.is_valid():
        return None
    try:
        if obj is None:
            return section.create(request.user, form.service_data())
        return section.update(request.user, obj, form.service_data(), version=form.cleaned_data.get("version"))
    except ValidationError as exc:
        add_errors(form, exc)
    except ConflictError as exc:
        form.add_error(None, exc.message)
    return None


@login_required
def record_create(request, key):
    section = _section(key)
    if not section.can_create(request.user):
        raise PermissionDenied(f"您无权新增{section.title}")
    form = section.form(request.POST or None, user=request.user)
    if request.method == "POST":
        obj = _save(request, section, form)
        if obj is not None:
            messages.success(request, f"已新增{section.title}：{obj}")
            return redirect("organizations:detail", key=key, pk=obj.pk)
    return render(request, "organizations/form.html", {"section": section, "form": form})


@login_required
def record_edit(request, key, pk):
    section = _section(key)
    obj = _get(section, request.user, pk)
    if not section.can_edit(request.user, obj):
        raise PermissionDenied(f"您无权修改该{section.title}")
    form = section.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST":
        saved = _save(request, section, form, obj)
        if saved is not None:
            messages.success(request, f"已保存{section.title}：{saved}")
            return redirect("organizations:detail", key=key, pk=saved.pk)
    return render(request, "organizations/form.html", {"section": section, "form": form, "obj": obj})


@login_required
def qualification_edit(request, pk):
    """A reviewer's legal qualification (L1; PL Art. 58)."""
    from .forms import QualificationForm

    person = _get(SECTIONS["person"], request.user, pk)
    if not SECTIONS["person"].can_edit(request.user, person):
        raise PermissionDenied("您无权修改该人员的审核资格")
    existing = getattr(person, "qualification", None)
    form = QualificationForm(request.POST or None, instance=existing, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            save_qualification(request.user, person, form.service_data(), version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            add_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存法制审核资格")
            return redirect("organizations:detail", key="person", pk=person.pk)
    return render(request, "organizations/form.html", {"section": SECTIONS["person"], "form": form, "obj": person,
                                                       "heading": f"{person.name} 的法制审核资格"})


@login_required
def figures(request):
    """Reviewer ratio per agency (L1), certificates expiring within 30 days (O1), people untrained this year (O2)."""
    year = timezone.localdate().year
    return render(
        request,
        "organizations/figures.html",
        {
            "ratios": selectors.reviewer_ratios(request.user),
            "expiring": selectors.expiring_certificates(request.user),
            "untrained": selectors.untrained_people(request.user, year),
            "year": year,
        },
    )
