"""Every change to the organisation registry (O1, O2, O5, L1, P2, P3).

Each function checks permission, validates the whole record (a clear Chinese message per field,
nothing saved on error), refuses a stale edit (optimistic locking by ``version``) and writes the
journal in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhifa.core.errors import ConflictError
from zhifa.ledger.services import append

from .models import Adviser, Agency, Certificate, Department, Device, Person, ReviewerQualification, Training
from .permissions import can_edit_advisers, can_edit_agency, can_edit_registry, can_manage_agencies, require
from .snapshots import snapshot


def _assign(instance, data: dict):
    m2m = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


def _check_version(model, instance, version):
    current = model.objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
    if current is None:
        raise ConflictError("该记录已不存在")
    if version is not None and int(version) != current:
        raise ConflictError()
    return current


def _create(actor, instance, data, *, kind, agency):
    m2m = _assign(instance, data)
    instance.full_clean()
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    append(kind, instance, actor, agency, snapshot(instance))
    return instance


def _update(actor, instance, data, *, kind, agency_of, permission, version=None):
    model = type(instance)
    current = _check_version(model, instance, version)
    before = snapshot(model.objects.get(pk=instance.pk))
    m2m = _assign(instance, data)
    require(permission(agency_of(instance)))  # also after the change: no moving records out of scope
    instance.full_clean()
    instance.version = current + 1
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    after = snapshot(instance)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    append(kind, instance, actor, agency_of(instance), {"changes": changes, "version": instance.version})
    return instance


# Agencies — configured by the administrator of the region (O1, P2).


@transaction.atomic
def create_agency(actor, data: dict) -> Agency:
    require(can_manage_agencies(actor))
    agency = Agency()
    m2m = _assign(agency, data)
    assert not m2m
    agency.full_clean()
    require(can_edit_agency(actor, agency), "只能在本人管辖区划内新建执法主体")
    agency.save()
    append("agency.created", agency, actor, agency, snapshot(agency))
    return agency


@transaction.atomic
def update_agency(actor, agency: Agency, data: dict, version=None) -> Agency:
    require(can_edit_agency(actor, agency))
    return _update(
        actor, agency, data, kind="agency.updated", agency_of=lambda a: a,
        permission=lambda a: can_edit_agency(actor, a), version=version,
    )


def _registry_create(actor, instance, data, kind, agency_field="agency"):
    agency = data.get(agency_field)
    if agency is None:
        raise ValidationError({agency_field: "必须选择执法主体"})
    require(can_edit_registry(actor, agency))
    return _create(actor, instance, data, kind=kind, agency=agency)


def _registry_update(actor, instance, data, kind, version, agency_of=lambda o: o.agency):
    require(can_edit_registry(actor, agency_of(instance)))
    return _update(
        actor, instance, data, kind=kind, agency_of=agency_of,
        permission=lambda a: can_edit_registry(actor, a), version=version,
    )


@transaction.atomic
def create_department(actor, data: dict) -> Department:
    return _registry_create(actor, Department(), data, "department.created")


@transaction.atomic
def update_department(actor, department: Department, data: dict, version=None) -> Department:
    return _registry_update(actor, department, data, "department.updated", version)


@transaction.atomic
def create_person(actor, data: dict) -> Person:
    return _registry_create(actor, Person(), data, "person.created")


@transaction.atomic
def update_person(actor, person: Person, data: dict, version=None) -> Person:
    return _registry_update(actor, person, data, "person.updated", version)


def _person_agency(obj):
    return obj.person.agency


@transaction.atomic
def create_certificate(actor, data: dict) -> Certificate:
    person = data.get("person")
    if person is None:
        raise ValidationError({"person": "必须选择持证人"})
    require(can_edit_registry(actor, person.agency))
    return _create(actor, Certificate(), data, kind="certificate.issued", agency=person.agency)


@transaction.atomic
def update_certificate(actor, certificate: Certificate, data: dict, version=None) -> Certificate:
    return _registry_update(actor, certificate, data, "certificate.updated", version, agency_of=_person_agency)


@transaction.atomic
def save_qualification(actor, person: Person, data: dict, version=None) -> ReviewerQualification:
    require(can_edit_registry(actor, person.agency))
    existing = ReviewerQualification.objects.filter(person=person).first()
    if existing is None:
        return _create(actor, ReviewerQualification(person=person), data, kind="qualification.recorded", agency=person.agency)
    return _registry_update(actor, existing, data, "qualification.updated", version, agency_of=_person_agency)


@transaction.atomic
def create_adviser(actor, data: dict) -> Adviser:
    adviser = Adviser()
    _assign(adviser, data)
    adviser.full_clean()
    require(can_edit_advisers(actor, adviser.region_code), "只能在本人管辖区划内登记法律顾问或公职律师")
    adviser.save()
    append("adviser.registered", adviser, actor, None, snapshot(adviser))
    return adviser


@transaction.atomic
def update_adviser(actor, adviser: Adviser, data: dict, version=None) -> Adviser:
    require(can_edit_advisers(actor, adviser.region_code))
    return _update(
        actor, adviser, data, kind="adviser.updated", agency_of=lambda a: None,
        permission=lambda _: can_edit_advisers(actor, adviser.region_code), version=version,
    )


def _check_attendees(training_agency, attendees):
    outsiders = [p.name for p in attendees or () if p.agency_id != training_agency.pk]
    if outsiders:
        raise ValidationError({"attendees": f"参训人员必须是本执法主体的人员：{'、'.join(outsiders)}"})


@transaction.atomic
def create_training(actor, data: dict) -> Training:
    if data.get("agency") is not None:
        _check_attendees(data["agency"], data.get("attendees"))
    return _registry_create(actor, Training(), data, "training.recorded")


@transaction.atomic
def update_training(actor, training: Training, data: dict, version=None) -> Training:
    _check_attendees(data.get("agency", training.agency), data.get("attendees"))
    return _registry_update(actor, training, data, "training.updated", version)


@transaction.atomic
def create_device(actor, data: dict) -> Device:
    return _registry_create(actor, Device(), data, "device.registered")


@transaction.atomic
def update_device(actor, device: Device, data: dict, version=None) -> Device:
    """Also how a device changes hands: set ``holder`` and ``assigned_on``; the journal keeps the history."""
    return _registry_update(actor, device, data, "device.updated", version)
