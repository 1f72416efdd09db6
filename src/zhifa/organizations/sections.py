"""The registry's record kinds as the pages see them: how each is listed, filtered, created and edited.

One description per kind lets a single set of thin views serve all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms

from zhifa.accounts.roles import REGISTRY_EDITORS, Role

from . import forms as f
from . import selectors, services
from .models import Adviser, Agency, Certificate, Device, Person
from .permissions import can_edit_advisers, can_edit_agency, can_edit_registry, can_manage_agencies
from .selectors import scope_for


@dataclass(frozen=True)
class Column:
    label: str
    attr: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    form: type
    selector: Callable
    create: Callable
    update: Callable
    columns: tuple
    filters: dict = field(default_factory=dict)  # GET parameter → (label, choices or None for text)
    can_create: Callable = lambda user: scope_for(user).role in REGISTRY_EDITORS
    can_edit: Callable = lambda user, obj: False


def _filter_kwargs(section: Section, params) -> dict:
    kwargs = {}
    for name in section.filters:
        value = params.get(name, "").strip()
        if value:
            kwargs[name] = value
    return kwargs


def choice(model_choices):
    return [("", "全部")] + list(model_choices)


SECTIONS = {
    "agency": Section(
        key="agency", title="执法主体", form=f.AgencyForm, selector=selectors.agencies,
        create=services.create_agency, update=services.update_agency,
        columns=(Column("名称", "name"), Column("简称", "short_name"), Column("层级", "get_level_display"),
                 Column("区划", "region_code"), Column("类型", "get_kind_display"), Column("领域", "domain")),
        filters={"q": ("关键词", None), "level": ("层级", choice(Agency.Level.choices)),
                 "kind": ("主体类型", choice(Agency.Kind.choices))},
        can_create=can_manage_agencies, can_edit=can_edit_agency,
    ),
    "department": Section(
        key="department", title="内设机构", form=f.DepartmentForm, selector=selectors.departments,
        create=services.create_department, update=services.update_department,
        columns=(Column("名称", "name"), Column("执法主体", "agency"), Column("法制审核机构", "is_review_body")),
        filters={"q": ("关键词", None)},
        can_edit=lambda user, obj: can_edit_registry(user, obj.agency),
    ),
    "person": Section(
        key="person", title="人员", form=f.PersonForm, selector=selectors.people,
        create=services.create_person, update=services.update_person,
        columns=(Column("姓名", "name"), Column("执法主体", "agency"), Column("内设机构", "department"),
                 Column("岗位", "get_post_display"), Column("职务", "title"), Column("在岗", "is_active")),
        filters={"q": ("姓名或证号", None), "post": ("岗位", choice(Person.Post.choices))},
        can_edit=lambda user, obj: can_edit_registry(user, obj.agency),
    ),
    "certificate": Section(
        key="certificate", title="执法证", form=f.CertificateForm, selector=selectors.certificates,
        create=services.create_certificate, update=services.update_certificate,
        columns=(Column("证号", "number"), Column("持证人", "person"), Column("执法类别", "category"),
                 Column("有效期至", "expires_on"), Column("状态", "public_status")),
        filters={"q": ("证号、姓名或类别", None),
                 "status": ("状态", choice(Certificate.Status.choices) + [("expired", "已过期")]),
                 "expiring_within": ("到期天数内", None)},
        can_edit=lambda user, obj: can_edit_registry(user, obj.person.agency),
    ),
    "adviser": Section(
        key="adviser", title="法律顾问与公职律师库", form=f.AdviserForm, selector=selectors.advisers,
        create=services.create_adviser, update=services.update_adviser,
        columns=(Column("姓名", "name"), Column("类别", "get_kind_display"), Column("工作单位", "organisation"),
                 Column("服务区划", "region_code"), Column("专业领域", "specialties"), Column("可参与审核", "is_available")),
        filters={"q": ("关键词", None), "kind": ("类别", choice(Adviser.Kind.choices))},
        can_create=lambda user: scope_for(user).role == Role.ADMIN,
        can_edit=lambda user, obj: can_edit_advisers(user, obj.region_code),
    ),
    "training": Section(
        key="training", title="培训记录", form=f.TrainingForm, selector=selectors.trainings,
        create=services.create_training, update=services.update_training,
        columns=(Column("日期", "held_on"), Column("培训名称", "title"), Column("组织单位", "agency"),
                 Column("学时", "hours"), Column("参训人数", "attendee_count")),
        filters={"q": ("关键词", None), "year": ("年度", None)},
        can_edit=lambda user, obj: can_edit_registry(user, obj.agency),
    ),
    "device": Section(
        key="device", title="执法装备", form=f.DeviceForm, selector=selectors.devices,
        create=services.create_device, update=services.update_device,
        columns=(Column("设备编号", "serial_number"), Column("类别", "get_kind_display"), Column("型号", "model_name"),
                 Column("执法主体", "agency"), Column("持有人", "holder"), Column("状态", "get_status_display")),
        filters={"q": ("编号、型号或持有人", None), "kind": ("类别", choice(Device.Kind.choices)),
                 "status": ("状态", choice(Device.Status.choices))},
        can_edit=lambda user, obj: can_edit_registry(user, obj.agency),
    ),
}


class FilterForm(forms.Form):
    """Built per section from its ``filters``: text inputs or selects, all optional."""

    def __init__(self, section: Section, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, choices) in section.filters.items():
            if choices is None:
                self.fields[name] = forms.CharField(label=label, required=False, max_length=50)
            else:
                self.fields[name] = forms.ChoiceField(label=label, required=False, choices=choices)


def clean_filters(section: Section, params) -> dict:
    kwargs = _filter_kwargs(section, params)
    for name in ("expiring_within", "year"):
        if name in kwargs:
            value = kwargs[name]
            kwargs[name] = int(value) if value.isdigit() and len(value) <= 4 else None
            if kwargs[name] is None:
                del kwargs[name]
    return kwargs
