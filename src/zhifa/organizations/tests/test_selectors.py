"""Reads are scoped (role, agency, region) and the computed figures (L1, O1, O2) count what they say."""

import datetime

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.organizations import selectors
from zhifa.organizations.models import Adviser, Training
from zhifa.testing import make_certificate, make_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def staff(agency, other_agency, far_agency):
    return {a.pk: [make_person(a, f"{a.short_name}{i}") for i in range(3)] for a in (agency, other_agency, far_agency)}


def test_agency_roles_see_only_their_agency(users, staff, agency):
    for role in (Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.AGENCY_HEAD, Role.PUBLISHER):
        seen = set(selectors.people(users[role]).values_list("agency_id", flat=True))
        assert seen == {agency.pk}, role


def test_regional_roles_see_their_region_and_nothing_beyond(users, staff, agency, other_agency, far_agency):
    for role in (Role.SUPERVISOR, Role.ADMIN):
        seen = set(selectors.people(users[role]).values_list("agency_id", flat=True))
        assert seen == {agency.pk, other_agency.pk}, role
        assert far_agency not in selectors.agencies(users[role])


def test_anonymous_and_roleless_users_see_nothing(staff, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    roleless = django_user_model.objects.create_user("nobody", password="x")
    assert not selectors.people(AnonymousUser()).exists()
    assert not selectors.people(roleless).exists()


def test_l1_reviewer_ratio_against_five_percent(users, agency, other_agency):
    for i in range(30):
        make_person(agency, f"执法{i}")
    make_person(agency, "审核一", post="reviewer")
    for i in range(10):
        make_person(other_agency, f"环境{i}")
    make_person(other_agency, "审核二", post="reviewer")
    ratios = {r.agency.pk: r for r in selectors.reviewer_ratios(users[Role.SUPERVISOR])}
    market = ratios[agency.pk]
    assert (market.officers, market.reviewers, market.required) == (30, 1, 2)
    assert not market.meets_minimum  # 5% of 30 is 1.5: two reviewers are needed
    assert ratios[other_agency.pk].meets_minimum and str(ratios[other_agency.pk].ratio) == "0.1000"


def test_o1_certificates_expiring_within_thirty_days(users, agency):
    person = make_person(agency, "到期人")
    soon = make_certificate(person, "A1", expires_on=TODAY + datetime.timedelta(days=30))
    make_certificate(person, "A2", expires_on=TODAY + datetime.timedelta(days=31))
    make_certificate(person, "A3", expires_on=TODAY - datetime.timedelta(days=1))
    make_certificate(person, "A4", expires_on=TODAY + datetime.timedelta(days=5), status="revoked")
    assert list(selectors.expiring_certificates(users[Role.OFFICER])) == [soon]
    assert list(selectors.certificates(users[Role.OFFICER], status="expired").values_list("number", flat=True)) == ["A3"]


def test_o2_people_without_training_this_year(users, agency):
    trained, untrained, old = (make_person(agency, n) for n in ("学过", "没学", "去年学"))
    make_person(agency, "后勤", post="other")
    make_person(agency, "离岗", is_active=False)
    this_year = Training.objects.create(agency=agency, title="新法培训", held_on=TODAY, hours=4)
    this_year.attendees.add(trained)
    last_year = Training.objects.create(agency=agency, title="旧培训", held_on=TODAY.replace(year=TODAY.year - 1), hours=4)
    last_year.attendees.add(old)
    assert set(selectors.untrained_people(users[Role.AGENCY_HEAD])) == {untrained, old}


def test_the_adviser_pool_serves_every_agency_beneath_its_region(users, agency, far_agency):
    city = Adviser.objects.create(name="城市顾问", kind="legal_adviser", organisation="律所", licence_number="1",
                                  region_code="340300")
    province = Adviser.objects.create(name="省顾问", kind="legal_adviser", organisation="律所", licence_number="2",
                                      region_code="340000")
    Adviser.objects.create(name="合肥顾问", kind="legal_adviser", organisation="律所", licence_number="3",
                           region_code="340100")
    assert set(selectors.advisers(users[Role.OFFICER])) == {city, province}
    assert set(selectors.advisers(users[Role.SUPERVISOR])) == {city, province}


def test_public_certificate_discloses_only_the_roster_fields(officer_person):
    cert = selectors.public_certificate("34030000000001")
    assert cert.name == "张伟" and cert.is_valid and cert.status == "有效"
    assert not hasattr(cert, "id_number") and not hasattr(cert, "phone")
    assert selectors.public_certificate("") is None
    assert selectors.public_certificate("x" * 200) is None
