"""The registry's services (O1, O2, O5, L1, P2, P3): who may change what, validation, locking, journal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.organizations import services
from zhifa.organizations.models import Agency, Certificate, Person
from zhifa.testing import make_id_number, make_person, make_uscc

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def agency_data(**extra):
    data = {"name": "蚌埠市交通运输局", "short_name": "蚌交", "uscc": make_uscc("340300"), "level": "city",
            "region_code": "340300", "kind": "statutory"}
    data.update(extra)
    return data


def test_o1_an_administrator_registers_an_agency_in_the_region_and_it_is_journalled(users):
    agency = services.create_agency(users[Role.ADMIN], agency_data())
    entry = JournalEntry.objects.get(kind="agency.created", subject_id=str(agency.pk))
    assert entry.actor == users[Role.ADMIN] and "蚌埠市交通运输局" in entry.payload


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AGENCY_HEAD, Role.SUPERVISOR, Role.REVIEWER, Role.PUBLISHER])
def test_only_administrators_register_agencies(users, role):
    with pytest.raises(PermissionDenied):
        services.create_agency(users[role], agency_data())
    assert not Agency.objects.filter(name="蚌埠市交通运输局").exists()


def test_an_administrator_cannot_register_an_agency_outside_the_region(users):
    with pytest.raises(PermissionDenied):
        services.create_agency(users[Role.ADMIN], agency_data(region_code="340100", uscc=make_uscc("340100")))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("uscc", "11340300000000001X", "校验码"),
        ("region_code", "990300", "省级代码"),
        ("kind", "entrusted", "委托机关"),
    ],
)
def test_bad_agency_data_is_refused_with_the_field_named(users, field, value, message):
    with pytest.raises(ValidationError) as info:
        services.create_agency(users[Role.ADMIN], agency_data(**{field: value}))
    errors = info.value.message_dict
    key = "entrusting_agency" if field == "kind" else field
    assert any(message in m for m in errors[key])
    assert not JournalEntry.objects.filter(kind="agency.created").exists()


def test_a_duplicate_credit_code_is_refused(users, agency):
    with pytest.raises(ValidationError) as info:
        services.create_agency(users[Role.ADMIN], agency_data(uscc=agency.uscc))
    assert "uscc" in info.value.message_dict


def test_an_agency_head_keeps_the_own_roster(users, agency):
    person = services.create_person(users[Role.AGENCY_HEAD], {"agency": agency, "name": "李娜", "post": "officer",
                                                             "id_number": make_id_number()})
    cert = services.create_certificate(users[Role.AGENCY_HEAD], {
        "person": person, "number": "34030099000001", "category": "市场监管综合执法", "region_code": "340300",
        "issued_on": TODAY - datetime.timedelta(days=10), "expires_on": TODAY + datetime.timedelta(days=700)})
    assert cert.is_valid_on()
    kinds = list(JournalEntry.objects.values_list("kind", flat=True))
    assert kinds == ["person.created", "certificate.issued"]
    # Personal data enters the journal only as a marker, never in clear.
    assert make_id_number() not in JournalEntry.objects.get(kind="person.created").payload


def test_an_agency_head_cannot_touch_another_agencys_people(users, other_agency):
    with pytest.raises(PermissionDenied):
        services.create_person(users[Role.AGENCY_HEAD], {"agency": other_agency, "name": "王强"})
    outsider = make_person(other_agency, "王强")
    with pytest.raises(PermissionDenied):
        services.update_person(users[Role.AGENCY_HEAD], outsider, {"title": "科长"})


def test_a_record_cannot_be_moved_out_of_the_editors_scope(users, agency, other_agency):
    person = make_person(agency, "赵磊")
    with pytest.raises(PermissionDenied):
        services.update_person(users[Role.AGENCY_HEAD], person, {"agency": other_agency})
    person.refresh_from_db()
    assert person.agency == agency


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR])
def test_other_roles_read_but_do_not_change_the_registry(users, agency, role):
    with pytest.raises(PermissionDenied):
        services.create_person(users[role], {"agency": agency, "name": "孙悦"})


def test_duplicate_certificate_numbers_are_refused(users, officer_person):
    other = make_person(officer_person.agency, "周杰")
    with pytest.raises(ValidationError) as info:
        services.create_certificate(users[Role.AGENCY_HEAD], {
            "person": other, "number": "34030000000001", "category": "市场监管综合执法", "region_code": "340300",
            "issued_on": TODAY, "expires_on": TODAY + datetime.timedelta(days=30)})
    assert "number" in info.value.message_dict


def test_a_certificate_must_expire_after_it_is_issued(users, officer_person):
    with pytest.raises(ValidationError) as info:
        services.create_certificate(users[Role.AGENCY_HEAD], {
            "person": officer_person, "number": "34030000000002", "category": "市场监管综合执法",
            "region_code": "340300", "issued_on": TODAY, "expires_on": TODAY - datetime.timedelta(days=1)})
    assert "晚于发证日期" in info.value.message_dict["expires_on"][0]


def test_expired_suspended_and_revoked_certificates_are_not_valid(officer_person):
    cert = officer_person.certificates.get()
    assert cert.is_valid_on() and cert.public_status == "有效"
    cert.expires_on = TODAY - datetime.timedelta(days=1)
    assert not cert.is_valid_on() and cert.public_status == "已过期"
    cert.expires_on = TODAY + datetime.timedelta(days=100)
    cert.status = Certificate.Status.SUSPENDED
    assert not cert.is_valid_on() and cert.public_status == "暂扣"


def test_a_stale_edit_is_refused_and_loses_nothing(users, agency):
    person = make_person(agency, "钱敏")
    services.update_person(users[Role.AGENCY_HEAD], person, {"title": "科员"}, version=1)
    stale = Person.objects.get(pk=person.pk)
    stale.version = 1
    with pytest.raises(services.ConflictError):
        services.update_person(users[Role.ADMIN], stale, {"title": "科长"}, version=1)
    person.refresh_from_db()
    assert person.title == "科员" and person.version == 2
    change = JournalEntry.objects.get(kind="person.updated")
    assert '"title":["","科员"]' in change.payload


def test_l1_a_first_time_reviewer_after_2021_needs_the_legal_qualification(users, agency):
    reviewer = make_person(agency, "吴静", post="reviewer")
    with pytest.raises(ValidationError) as info:
        services.save_qualification(users[Role.AGENCY_HEAD], reviewer,
                                    {"qualification_number": "", "reviewing_since": datetime.date(2022, 3, 1)})
    assert "第五十八条" in info.value.message_dict["qualification_number"][0]
    # Reviewing since before the 2021 law took effect: the qualification was not yet required.
    services.save_qualification(users[Role.AGENCY_HEAD], reviewer,
                                {"qualification_number": "", "reviewing_since": datetime.date(2019, 3, 1)})


def test_o2_training_attendees_must_belong_to_the_organising_agency(users, agency, other_agency):
    outsider = make_person(other_agency, "郑浩")
    with pytest.raises(ValidationError) as info:
        services.create_training(users[Role.ADMIN], {"agency": agency, "title": "行政处罚法培训",
                                                     "held_on": TODAY, "hours": 4, "attendees": [outsider]})
    assert "郑浩" in info.value.message_dict["attendees"][0]


def test_o5_a_device_is_held_by_someone_of_the_same_agency(users, agency, other_agency):
    outsider = make_person(other_agency, "冯涛")
    with pytest.raises(ValidationError) as info:
        services.create_device(users[Role.AGENCY_HEAD], {"agency": agency, "kind": "body_camera",
                                                         "serial_number": "DSJ-0001", "holder": outsider})
    assert "持有人" in info.value.message_dict["holder"][0]
    holder = make_person(agency, "陈晨")
    device = services.create_device(users[Role.AGENCY_HEAD], {"agency": agency, "kind": "body_camera",
                                                              "serial_number": "DSJ-0001", "holder": holder,
                                                              "assigned_on": TODAY})
    services.update_device(users[Role.AGENCY_HEAD], device, {"holder": None}, version=1)
    assert JournalEntry.objects.filter(kind="device.updated").count() == 1


def test_l1_the_adviser_pool_is_kept_by_the_regions_administrator(users):
    data = {"name": "刘律师", "kind": "public_lawyer", "organisation": "蚌埠市司法局", "licence_number": "13403201910001",
            "region_code": "340300"}
    with pytest.raises(PermissionDenied):
        services.create_adviser(users[Role.AGENCY_HEAD], data)
    adviser = services.create_adviser(users[Role.ADMIN], data)
    with pytest.raises(PermissionDenied):
        services.create_adviser(users[Role.ADMIN], {**data, "licence_number": "2", "region_code": "340100"})
    assert JournalEntry.objects.filter(kind="adviser.registered", subject_id=str(adviser.pk)).exists()
