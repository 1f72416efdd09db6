"""The registry pages: lists filter within scope, forms explain bad input, other agencies' records are 404."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.organizations.models import Person
from zhifa.testing import make_certificate, make_person

pytestmark = pytest.mark.django_db


def test_lists_search_and_filter_within_scope(client, users, agency, other_agency):
    make_person(agency, "张三", post="officer")
    make_person(agency, "李四", post="reviewer")
    make_person(other_agency, "张五")
    client.force_login(users[Role.OFFICER])
    page = client.get("/org/person/", {"q": "张"}).content.decode()
    assert "张三" in page and "张五" not in page and "李四" not in page
    page = client.get("/org/person/", {"post": "reviewer"}).content.decode()
    assert "李四" in page and "张三" not in page


def test_another_agencys_record_is_404_by_url(client, users, other_agency):
    outsider = make_person(other_agency, "王五")
    cert = make_certificate(outsider, "34039999")
    client.force_login(users[Role.AGENCY_HEAD])
    for url in (f"/org/person/{outsider.pk}/", f"/org/person/{outsider.pk}/edit/", f"/org/certificate/{cert.pk}/",
                f"/org/agency/{other_agency.pk}/", f"/org/person/{outsider.pk}/qualification/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/org/person/{outsider.pk}/edit/", {"name": "篡改"}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.name == "王五"


def test_a_reader_gets_403_on_forms(client, users, agency):
    person = make_person(agency, "赵六")
    client.force_login(users[Role.OFFICER])
    assert client.get("/org/person/new/").status_code == 403
    assert client.get(f"/org/person/{person.pk}/edit/").status_code == 403
    assert client.post("/org/person/new/", {"agency": agency.pk, "name": "新人"}).status_code == 403
    assert not Person.objects.filter(name="新人").exists()


def test_the_create_form_shows_chinese_errors_and_saves_nothing(client, users, agency):
    client.force_login(users[Role.AGENCY_HEAD])
    response = client.post("/org/person/new/", {"agency": agency.pk, "name": "钱七", "post": "officer",
                                                "id_number": "110105194912310021", "is_active": "on"})
    assert response.status_code == 200
    assert "校验码错误" in response.content.decode()
    assert not Person.objects.filter(name="钱七").exists()


def test_the_create_form_saves_and_redirects(client, users, agency):
    client.force_login(users[Role.AGENCY_HEAD])
    response = client.post("/org/person/new/", {"agency": agency.pk, "name": "钱七", "post": "officer",
                                                "id_number": "11010519491231002X", "is_active": "on"})
    person = Person.objects.get(name="钱七")
    assert response.status_code == 302 and response["Location"] == f"/org/person/{person.pk}/"


def test_a_stale_form_is_refused(client, users, agency):
    person = make_person(agency, "孙八")
    client.force_login(users[Role.AGENCY_HEAD])
    data = {"agency": agency.pk, "name": "孙八", "post": "officer", "title": "科长", "is_active": "on", "version": 1}
    assert client.post(f"/org/person/{person.pk}/edit/", data).status_code == 302
    response = client.post(f"/org/person/{person.pk}/edit/", {**data, "title": "处长"})
    assert "已被他人修改" in response.content.decode()
    person.refresh_from_db()
    assert person.title == "科长"


def test_unknown_sections_and_bad_filters_never_500(client, users):
    client.force_login(users[Role.SUPERVISOR])
    assert client.get("/org/nonsense/").status_code == 404
    assert client.get("/org/certificate/", {"expiring_within": "abc", "status": "zzz", "page": "-1"}).status_code == 200
    assert client.get("/org/training/", {"year": "99999999999"}).status_code == 200


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/org/person/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_figures_page(client, users, agency):
    make_person(agency, "未培训")
    client.force_login(users[Role.SUPERVISOR])
    page = client.get("/org/figures/").content.decode()
    assert "未培训" in page and agency.name in page


def test_personal_data_is_shown_only_to_those_who_keep_the_record(client, users, agency):
    person = make_person(agency, "周九", id_number="11010519491231002X", phone="13800138000")
    client.force_login(users[Role.SUPERVISOR])
    page = client.get(f"/org/person/{person.pk}/").content.decode()
    assert "11010519491231002X" not in page and "13800138000" not in page and "仅管理人员可见" in page
    client.force_login(users[Role.AGENCY_HEAD])
    assert "11010519491231002X" in client.get(f"/org/person/{person.pk}/").content.decode()


def test_dates_are_chinese_whatever_the_browser_asks_for(client, users, agency):
    make_certificate(make_person(agency, "吴十"), "DATE1")
    client.force_login(users[Role.OFFICER])
    page = client.get("/org/certificate/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "年" in page and "Dec." not in page and "Jan." not in page
