"""The registry API (/api/v1/): scoped reads, writes through the services, problem details for every refusal."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.organizations.models import (
    Adviser,
    Certificate,
    Department,
    Device,
    Person,
    ReviewerQualification,
    Training,
)
from zhifa.testing import make_agency, make_certificate, make_id_number, make_person, make_uscc

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MODELS = {"agencies": "agency", "departments": "department", "people": "person", "certificates": "certificate",
          "qualifications": "reviewerqualification", "advisers": "adviser", "trainings": "training",
          "devices": "device"}
READ_ONLY_ROLES = [Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR]


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def assert_problem(response, status, detail_contains=""):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"]
    assert detail_contains in body["detail"]
    return body


# One description per resource: who creates it, a valid body, a change for PATCH.


@pytest.fixture
def resources(agency, officer_person):
    reviewer = make_person(agency, "吴静", post="reviewer")
    trainee = make_person(agency, "陈晨")
    return {
        "agencies": (Role.ADMIN, {
            "name": "蚌埠市交通运输局", "short_name": "蚌交", "uscc": make_uscc("340300"), "level": "city",
            "region_code": "340300", "kind": "statutory", "domain": "交通运输"}, {"domain": "交通运输综合执法"}),
        "departments": (Role.AGENCY_HEAD, {"agency": agency.pk, "name": "法制科", "is_review_body": True},
                        {"phone": "0552-3012345"}),
        "people": (Role.AGENCY_HEAD, {"agency": agency.pk, "name": "李娜", "post": "officer",
                                      "id_number": make_id_number(serial=7)}, {"title": "科长"}),
        "certificates": (Role.AGENCY_HEAD, {
            "person": officer_person.pk, "number": "34030099000001", "category": "市场监管综合执法",
            "region_code": "340300", "issued_on": str(TODAY), "expires_on": str(TODAY + datetime.timedelta(days=900))},
            {"status": "suspended"}),
        "qualifications": (Role.AGENCY_HEAD, {"person": reviewer.pk, "qualification_number": "A20193403001",
                                              "obtained_on": "2019-12-01", "reviewing_since": "2022-03-01"},
                           {"qualification_number": "A20193403002"}),
        "advisers": (Role.ADMIN, {"name": "刘律师", "kind": "public_lawyer", "organisation": "蚌埠市司法局",
                                  "licence_number": "13403201910001", "region_code": "340300"},
                     {"is_available": False}),
        "trainings": (Role.AGENCY_HEAD, {"agency": agency.pk, "title": "行政处罚法培训", "held_on": str(TODAY),
                                         "hours": "4.0", "attendees": [trainee.pk]}, {"hours": "6.0"}),
        "devices": (Role.AGENCY_HEAD, {"agency": agency.pk, "kind": "body_camera", "serial_number": "DSJ-0001"},
                    {"holder": trainee.pk, "assigned_on": str(TODAY)}),
    }


@pytest.mark.parametrize("resource", ["agencies", "departments", "people", "certificates", "qualifications",
                                      "advisers", "trainings", "devices"])
def test_o1_every_registry_resource_is_created_read_and_edited_through_the_services(users, resources, resource):
    role, body, change = resources[resource]
    client = api(users[role])
    created = client.post(f"/api/v1/{resource}/", body, format="json")
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["version"] == 1
    url = f"/api/v1/{resource}/{record['id']}/"
    assert client.get(url).json()["id"] == record["id"]
    assert any(r["id"] == record["id"] for r in client.get(f"/api/v1/{resource}/").json()["results"])

    patched = client.patch(url, {**change, "version": 1}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["version"] == 2
    for name, value in change.items():
        assert patched.json()[name] == value

    replaced = client.put(url, {**body, **change, "version": 2}, format="json")
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["version"] == 3
    # Every change went through a service: one journal entry each.
    entries = JournalEntry.objects.filter(subject_type=f"organizations.{MODELS[resource]}", subject_id=str(record["id"]))
    kinds = list(entries.values_list("kind", flat=True))
    assert len(kinds) == 3 and kinds[1:] == [kinds[1]] * 2 and kinds[1].endswith(".updated"), kinds


def test_p15_people_lists_never_carry_id_numbers_or_phones(users, agency):
    make_person(agency, "李娜", id_number=make_id_number(serial=8), phone="13900000000")
    for role in (Role.AGENCY_HEAD, Role.ADMIN, Role.OFFICER):
        results = api(users[role]).get("/api/v1/people/").json()["results"]
        assert results and all("id_number" not in r and "phone" not in r for r in results), role


def test_p15_phone_numbers_follow_the_detail_pages_rule_on_every_resource(users, agency):
    agency.phone = "0552-3000000"
    agency.save()
    adviser = Adviser.objects.create(name="刘律师", kind="legal_adviser", organisation="律所", licence_number="L1",
                                     region_code="340300", phone="13800000000")
    for url, keeper in ((f"/api/v1/agencies/{agency.pk}/", Role.ADMIN), (f"/api/v1/advisers/{adviser.pk}/", Role.ADMIN)):
        assert "phone" in api(users[keeper]).get(url).json(), url
        # An agency head reads both but keeps neither: no phone, as on the page.
        assert "phone" not in api(users[Role.AGENCY_HEAD]).get(url).json(), url
    assert all("phone" not in r for r in api(users[Role.ADMIN]).get("/api/v1/agencies/").json()["results"])


def test_p15_only_roster_keepers_see_personal_data_of_one_person(users, agency):
    number = make_id_number(serial=9)
    person = make_person(agency, "李娜", id_number=number, phone="13900000000")
    for role in (Role.AGENCY_HEAD, Role.ADMIN):
        body = api(users[role]).get(f"/api/v1/people/{person.pk}/").json()
        assert body["id_number"] == number and body["phone"] == "13900000000", role
    for role in READ_ONLY_ROLES:
        body = api(users[role]).get(f"/api/v1/people/{person.pk}/").json()
        assert body["name"] == "李娜" and "id_number" not in body and "phone" not in body, role


def test_untrained_people_list_carries_no_personal_data(users, agency):
    make_person(agency, "王芳", id_number=make_id_number(serial=10), phone="13900000001")
    results = api(users[Role.ADMIN]).get("/api/v1/figures/untrained-people/").json()["results"]
    assert [r["name"] for r in results] == ["王芳"] and "id_number" not in results[0]


# Scope: another agency's records do not exist for the caller.


@pytest.fixture
def outsiders(other_agency):
    person = make_person(other_agency, "王五", post="reviewer")
    return {
        "agencies": other_agency,
        "departments": Department.objects.create(agency=other_agency, name="执法支队"),
        "people": person,
        "certificates": make_certificate(person, "34039999000001"),
        "qualifications": ReviewerQualification.objects.create(person=person, qualification_number="A1",
                                                               reviewing_since=datetime.date(2022, 1, 1)),
        "trainings": Training.objects.create(agency=other_agency, title="培训", held_on=TODAY, hours=2),
        "devices": Device.objects.create(agency=other_agency, serial_number="DSJ-9999"),
    }


@pytest.mark.parametrize("resource", ["agencies", "departments", "people", "certificates", "qualifications",
                                      "trainings", "devices"])
def test_another_agencys_record_is_404_and_absent_from_lists(users, outsiders, resource):
    record = outsiders[resource]
    client = api(users[Role.AGENCY_HEAD])
    assert_problem(client.get(f"/api/v1/{resource}/{record.pk}/"), 404)
    assert_problem(client.patch(f"/api/v1/{resource}/{record.pk}/", {"version": 1}, format="json"), 404)
    listed = [r["id"] for r in client.get(f"/api/v1/{resource}/").json()["results"]]
    assert record.pk not in listed
    # The region's supervisor does see it.
    assert api(users[Role.SUPERVISOR]).get(f"/api/v1/{resource}/{record.pk}/").status_code == 200


def test_a_supervisor_sees_the_region_and_nothing_beyond(users, agency, other_agency, far_agency):
    for a in (agency, other_agency, far_agency):
        make_person(a, f"{a.short_name}人员")
    names = {r["agency_name"] for r in api(users[Role.SUPERVISOR]).get("/api/v1/people/").json()["results"]}
    assert names == {agency.name, other_agency.name}
    far = Person.objects.get(agency=far_agency)
    assert_problem(api(users[Role.SUPERVISOR]).get(f"/api/v1/people/{far.pk}/"), 404)


def test_an_out_of_scope_agency_cannot_be_chosen_for_a_new_record(users, other_agency):
    response = api(users[Role.AGENCY_HEAD]).post(
        "/api/v1/people/", {"agency": other_agency.pk, "name": "越权"}, format="json")
    body = assert_problem(response, 400)
    assert "agency" in body["errors"]
    assert not Person.objects.filter(name="越权").exists()


def test_a_person_cannot_be_moved_out_of_the_editors_agency(users, agency, other_agency):
    person = make_person(agency, "赵磊")
    response = api(users[Role.AGENCY_HEAD]).patch(
        f"/api/v1/people/{person.pk}/", {"agency": other_agency.pk, "version": 1}, format="json")
    assert_problem(response, 400)
    person.refresh_from_db()
    assert person.agency == agency and person.version == 1


# Who may write.


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_roles_that_keep_no_roster_get_403_and_change_nothing(users, agency, role):
    person = make_person(agency, "赵六")
    client = api(users[role])
    body = assert_problem(client.post("/api/v1/people/", {"agency": agency.pk, "name": "新人"}, format="json"), 403)
    assert "无权" in body["detail"]
    assert_problem(client.patch(f"/api/v1/people/{person.pk}/", {"title": "处长", "version": 1}, format="json"), 403)
    assert_problem(client.post("/api/v1/devices/", {}, format="json"), 403)  # 403 before any validation
    assert not Person.objects.filter(name="新人").exists()
    person.refresh_from_db()
    assert person.title == "" and not JournalEntry.objects.exists()


WRITERS = {"agencies": {Role.ADMIN}, "advisers": {Role.ADMIN}}
ENDPOINTS = ["agencies", "departments", "people", "certificates", "qualifications", "advisers", "trainings", "devices"]


@pytest.mark.parametrize("resource", ENDPOINTS)
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix_every_role_reads_and_only_roster_keepers_write(users, role, resource):
    client = api(users[role])
    assert client.get(f"/api/v1/{resource}/").status_code == 200
    may_write = role in WRITERS.get(resource, {Role.ADMIN, Role.AGENCY_HEAD})
    # An empty body: a writer learns what is missing (400), anyone else is refused before validation (403).
    assert client.post(f"/api/v1/{resource}/", {}, format="json").status_code == (400 if may_write else 403)


@pytest.mark.parametrize("url", [*(f"/api/v1/{r}/" for r in ENDPOINTS), "/api/v1/figures/reviewer-ratios/",
                                 "/api/v1/figures/expiring-certificates/", "/api/v1/figures/untrained-people/",
                                 "/api/v1/roster/export/", "/api/v1/roster/import/"])
def test_anonymous_callers_get_nothing(db, url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/problem+json")


def test_only_the_administrator_registers_agencies_and_advisers(users, resources):
    for resource in ("agencies", "advisers"):
        _, body, _ = resources[resource]
        assert_problem(api(users[Role.AGENCY_HEAD]).post(f"/api/v1/{resource}/", body, format="json"), 403)


def test_the_administrator_cannot_register_an_agency_outside_the_region(users):
    body = {"name": "合肥市交通运输局", "short_name": "合交", "uscc": make_uscc("340100"), "level": "city",
            "region_code": "340100", "kind": "statutory"}
    assert_problem(api(users[Role.ADMIN]).post("/api/v1/agencies/", body, format="json"), 403, "管辖区划")


def test_deleting_is_not_offered(users, agency):
    person = make_person(agency, "孙八")
    assert_problem(api(users[Role.ADMIN]).delete(f"/api/v1/people/{person.pk}/"), 405)
    assert Person.objects.filter(pk=person.pk).exists()


# Optimistic locking.


def test_a_stale_version_is_409_and_loses_nothing(users, agency):
    person = make_person(agency, "钱敏")
    head, admin = api(users[Role.AGENCY_HEAD]), api(users[Role.ADMIN])
    assert head.patch(f"/api/v1/people/{person.pk}/", {"title": "科员", "version": 1}, format="json").status_code == 200
    body = assert_problem(
        admin.patch(f"/api/v1/people/{person.pk}/", {"title": "科长", "version": 1}, format="json"), 409)
    assert "已被他人修改" in body["detail"]
    person.refresh_from_db()
    assert person.title == "科员" and person.version == 2


def test_an_edit_without_a_version_is_refused(users, agency):
    person = make_person(agency, "钱敏")
    body = assert_problem(api(users[Role.AGENCY_HEAD]).patch(f"/api/v1/people/{person.pk}/", {"title": "科员"},
                                                             format="json"), 400)
    assert "版本号" in body["errors"]["version"][0]
    person.refresh_from_db()
    assert person.title == ""


# Bad input: 400 with the field named and the rule in Chinese, nothing saved.


def test_a_bad_credit_code_is_400_naming_the_rule(users, resources):
    _, body, _ = resources["agencies"]
    response = api(users[Role.ADMIN]).post("/api/v1/agencies/", {**body, "uscc": "11340300000000001X"}, format="json")
    problem = assert_problem(response, 400)
    assert any("校验码" in m for m in problem["errors"]["uscc"])
    assert not JournalEntry.objects.exists()


def test_a_bad_id_number_is_400_naming_the_rule(users, agency):
    response = api(users[Role.AGENCY_HEAD]).post(
        "/api/v1/people/", {"agency": agency.pk, "name": "钱七", "id_number": "110105194912310021"}, format="json")
    problem = assert_problem(response, 400)
    assert any("校验码错误" in m for m in problem["errors"]["id_number"])
    assert not Person.objects.filter(name="钱七").exists()


def test_every_bad_field_is_reported_at_once(users, other_agency):
    response = api(users[Role.AGENCY_HEAD]).post(
        "/api/v1/people/", {"agency": other_agency.pk, "name": "", "id_number": "123", "post": "boss"}, format="json")
    problem = assert_problem(response, 400)
    assert set(problem["errors"]) == {"agency", "name", "id_number", "post"}
    assert "18位" in problem["errors"]["id_number"][0]


def test_a_duplicate_certificate_number_is_400(users, resources, officer_person):
    _, body, _ = resources["certificates"]
    response = api(users[Role.AGENCY_HEAD]).post("/api/v1/certificates/", {**body, "number": "34030000000001"},
                                                 format="json")
    problem = assert_problem(response, 400)
    assert any("已存在" in m for m in problem["errors"]["number"])
    assert Certificate.objects.filter(number="34030000000001").count() == 1


def test_a_certificate_expiring_before_it_is_issued_is_400(users, resources):
    _, body, _ = resources["certificates"]
    bad = {**body, "issued_on": str(TODAY), "expires_on": str(TODAY - datetime.timedelta(days=1))}
    problem = assert_problem(api(users[Role.AGENCY_HEAD]).post("/api/v1/certificates/", bad, format="json"), 400)
    assert "晚于发证日期" in problem["errors"]["expires_on"][0]


def test_malformed_values_are_400_in_chinese(users, resources):
    _, body, _ = resources["certificates"]
    bad = {**body, "issued_on": "2024-02-30", "status": "lost"}
    problem = assert_problem(api(users[Role.AGENCY_HEAD]).post("/api/v1/certificates/", bad, format="json"), 400)
    assert set(problem["errors"]) == {"issued_on", "status"}
    assert "日期格式错误" in problem["errors"]["issued_on"][0]


def test_a_first_time_reviewer_after_2021_needs_the_legal_qualification(users, resources):
    _, body, _ = resources["qualifications"]
    problem = assert_problem(api(users[Role.AGENCY_HEAD]).post(
        "/api/v1/qualifications/", {**body, "qualification_number": ""}, format="json"), 400)
    assert "第五十八条" in problem["errors"]["qualification_number"][0]


def test_a_second_qualification_for_the_same_person_is_refused(users, resources):
    _, body, _ = resources["qualifications"]
    client = api(users[Role.AGENCY_HEAD])
    assert client.post("/api/v1/qualifications/", body, format="json").status_code == 201
    problem = assert_problem(client.post("/api/v1/qualifications/", body, format="json"), 400)
    assert "已登记" in problem["errors"]["person"][0]


def test_training_attendees_come_from_the_organising_agency(users, agency, other_agency):
    admin = api(users[Role.ADMIN])
    outsider = make_person(other_agency, "郑浩")
    problem = assert_problem(admin.post("/api/v1/trainings/", {
        "agency": agency.pk, "title": "培训", "held_on": str(TODAY), "hours": "2", "attendees": [outsider.pk]},
        format="json"), 400)
    assert "郑浩" in problem["errors"]["attendees"][0]


# Filters, figures.


def test_lists_take_the_pages_filters(users, agency):
    make_person(agency, "张三")
    make_person(agency, "李四", post="reviewer")
    client = api(users[Role.OFFICER])
    names = [r["name"] for r in client.get("/api/v1/people/", {"post": "reviewer"}).json()["results"]]
    assert names == ["李四"]
    names = [r["name"] for r in client.get("/api/v1/people/", {"q": "张"}).json()["results"]]
    assert names == ["张三"]


def test_bad_filters_are_400_not_500(users):
    client = api(users[Role.SUPERVISOR])
    assert "expiring_within" in assert_problem(client.get("/api/v1/certificates/", {"expiring_within": "abc"}), 400)["errors"]
    assert "post" in assert_problem(client.get("/api/v1/people/", {"post": "zzz"}), 400)["errors"]
    assert "days" in assert_problem(client.get("/api/v1/figures/expiring-certificates/", {"days": "-1"}), 400)["errors"]


def test_certificate_status_filters(users, agency):
    person = make_person(agency, "周杰")
    make_certificate(person, "A-EXPIRED", issued_on=TODAY - datetime.timedelta(days=900),
                     expires_on=TODAY - datetime.timedelta(days=1))
    make_certificate(person, "A-SOON", expires_on=TODAY + datetime.timedelta(days=10))
    make_certificate(person, "A-LATER", expires_on=TODAY + datetime.timedelta(days=100))
    client = api(users[Role.OFFICER])
    numbers = [r["number"] for r in client.get("/api/v1/certificates/", {"status": "expired"}).json()["results"]]
    assert numbers == ["A-EXPIRED"]
    expired = client.get("/api/v1/certificates/", {"status": "expired"}).json()["results"][0]
    assert expired["public_status"] == "已过期" and expired["is_valid"] is False
    numbers = [r["number"] for r in client.get("/api/v1/certificates/", {"expiring_within": 30}).json()["results"]]
    assert numbers == ["A-SOON"]


def test_o1_certificates_expiring_within_n_days(users, agency, far_agency):
    person = make_person(agency, "周杰")
    make_certificate(person, "A-SOON", expires_on=TODAY + datetime.timedelta(days=10))
    make_certificate(person, "A-MONTH", expires_on=TODAY + datetime.timedelta(days=25))
    make_certificate(make_person(far_agency, "外地"), "F-SOON", expires_on=TODAY + datetime.timedelta(days=5))
    client = api(users[Role.SUPERVISOR])
    default = [r["number"] for r in client.get("/api/v1/figures/expiring-certificates/").json()["results"]]
    assert default == ["A-SOON", "A-MONTH"]
    within = [r["number"] for r in client.get("/api/v1/figures/expiring-certificates/", {"days": 15}).json()["results"]]
    assert within == ["A-SOON"]


def test_l1_reviewer_ratio_per_agency(users, agency, other_agency):
    for i in range(21):
        make_person(agency, f"执法{i}")
    make_person(agency, "审核1", post="reviewer")
    for i in range(10):
        make_person(other_agency, f"环境{i}")
    ratios = {r["agency_name"]: r for r in api(users[Role.SUPERVISOR]).get("/api/v1/figures/reviewer-ratios/").json()}
    mine = ratios[agency.name]
    assert (mine["officers"], mine["reviewers"], mine["required"], mine["meets_minimum"]) == (21, 1, 2, False)
    assert mine["ratio"] == "0.0476" and mine["minimum"] == "0.0500"
    assert ratios[other_agency.name]["reviewers"] == 0 and not ratios[other_agency.name]["meets_minimum"]
    assert list(api(users[Role.OFFICER]).get("/api/v1/figures/reviewer-ratios/").json()[0]) and len(
        api(users[Role.OFFICER]).get("/api/v1/figures/reviewer-ratios/").json()) == 1


def test_o2_people_without_training_this_year(users, agency):
    trained, untrained = make_person(agency, "已培训"), make_person(agency, "未培训")
    make_person(agency, "离岗", is_active=False)
    training = Training.objects.create(agency=agency, title="培训", held_on=TODAY, hours=2)
    training.attendees.add(trained)
    old = Training.objects.create(agency=agency, title="旧培训", held_on=TODAY.replace(year=TODAY.year - 1), hours=2)
    old.attendees.add(untrained)
    client = api(users[Role.OFFICER])
    assert [r["name"] for r in client.get("/api/v1/figures/untrained-people/").json()["results"]] == ["未培训"]
    last_year = client.get("/api/v1/figures/untrained-people/", {"year": TODAY.year - 1}).json()["results"]
    assert [r["name"] for r in last_year] == ["已培训"]


# Authentication.


def test_systems_authenticate_with_a_token(users, agency):
    make_person(agency, "张三")
    call_command("drf_create_token", "officer", stdout=open("/dev/null", "w"))
    token = Token.objects.get(user=users[Role.OFFICER])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [r["name"] for r in client.get("/api/v1/people/").json()["results"]] == ["张三"]
    # The token carries the user's role: a reader stays a reader.
    assert_problem(client.post("/api/v1/people/", {"agency": agency.pk, "name": "新人"}, format="json"), 403)


def test_a_bad_token_or_no_credentials_get_a_problem_not_data(agency):
    make_person(agency, "张三")
    client = APIClient()
    assert client.get("/api/v1/people/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/v1/people/")
    assert response.status_code in (401, 403) and "张三" not in response.content.decode()
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_session_login_works_too(client, users, agency):
    make_person(agency, "张三")
    client.force_login(users[Role.OFFICER])
    assert client.get("/api/v1/people/").json()["count"] == 1


# Lists cost the same number of queries for 3 records as for 30.


def _populate(agency, n, start):
    for i in range(start, start + n):
        dept = Department.objects.create(agency=agency, name=f"科室{i}")
        person = make_person(agency, f"人员{i}", department=dept)
        make_certificate(person, f"N{i:06d}")
        Device.objects.create(agency=agency, serial_number=f"D{i:06d}", holder=person)
        training = Training.objects.create(agency=agency, title=f"培训{i}", held_on=TODAY, hours=1)
        training.attendees.add(person)
        reviewer = make_person(agency, f"审核{i}", post="reviewer")
        ReviewerQualification.objects.create(person=reviewer, qualification_number=f"Q{i}",
                                             reviewing_since=datetime.date(2022, 1, 1))
        make_agency(name=f"蚌埠市第{i}局", short_name=f"蚌{i}")
        Adviser.objects.create(name=f"顾问{i}", kind="legal_adviser", organisation="律所", licence_number=f"L{i}",
                               region_code="340300")


@pytest.mark.parametrize("url", ["/api/v1/agencies/", "/api/v1/departments/", "/api/v1/people/",
                                 "/api/v1/certificates/", "/api/v1/qualifications/", "/api/v1/advisers/",
                                 "/api/v1/trainings/", "/api/v1/devices/", "/api/v1/figures/reviewer-ratios/",
                                 "/api/v1/figures/expiring-certificates/?days=2000",
                                 "/api/v1/figures/untrained-people/"])
def test_list_endpoints_do_not_query_per_record(users, agency, url):
    client = api(users[Role.ADMIN])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _populate(agency, 3, 0)
    few = count()
    _populate(agency, 27, 3)
    assert count() == few


# The schema.


def test_the_openapi_schema_describes_the_registry_without_warnings(client):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/v1/people/", "/api/v1/certificates/{id}/", "/api/v1/roster/import/",
                 "/api/v1/figures/reviewer-ratios/"):
        assert path in schema["paths"], path
    mine = [m for m in (*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache) if "organizations" in m]
    assert mine == []
    assert client.get("/api/schema/").status_code == 200
