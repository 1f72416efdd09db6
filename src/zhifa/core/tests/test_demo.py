"""The demo jurisdiction (issue 2 item 9): loads twice without harm and holds what the README promises."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.core.validators import is_valid_id_number, is_valid_region_code, is_valid_uscc
from zhifa.demo import data
from zhifa.demo.loader import DemoDataError, format_table, load
from zhifa.ledger.models import JournalEntry
from zhifa.ledger.services import subject_of
from zhifa.organizations import selectors
from zhifa.organizations.models import (
    Adviser,
    Agency,
    Certificate,
    Department,
    Device,
    Person,
    ReviewerQualification,
    Training,
)
from zhifa.testing import make_agency, make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_MODELS = (Agency, Department, Person, Certificate, ReviewerQualification, Adviser, Training, Device, User)


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the class in a transaction rolled back afterwards; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield load(today=TODAY)
        transaction.set_rollback(True)


def user(role):
    return User.objects.get(role=role)


class TestTheLoadedJurisdiction:
    """Read-only checks of one load (each test's changes are rolled back with its savepoint)."""

    def test_loading_twice_creates_nothing_the_second_time(self, demo):
        counts = {model: model.objects.count() for model in DEMO_MODELS}
        journal = JournalEntry.objects.count()

        again = load(today=TODAY)

        assert again.total_created == 0
        assert {model: model.objects.count() for model in DEMO_MODELS} == counts
        assert JournalEntry.objects.count() == journal
        assert [login.username for login in again.logins] == [login.username for login in demo.logins]

    def test_loading_on_a_later_day_adds_nothing_either(self, demo):
        assert load(today=TODAY + datetime.timedelta(days=40)).total_created == 0

    def test_the_jurisdiction_has_a_justice_bureau_three_agencies_and_an_entrusted_team(self, demo):
        bureau = Agency.objects.get(name="蚌埠市司法局")
        assert bureau.is_supervisory and bureau.region_code == "340300"
        agencies = {a.short_name: a for a in Agency.objects.filter(is_supervisory=False)}
        assert {"蚌市监", "蚌环", "蚌城管"} <= set(agencies)
        team = Agency.objects.get(kind=Agency.Kind.ENTRUSTED)
        assert team.entrusting_agency == agencies["蚌城管"] and team.level == Agency.Level.TOWNSHIP
        for agency in (agencies["蚌市监"], agencies["蚌环"], agencies["蚌城管"]):
            assert agency.departments.filter(name="法制科", is_review_body=True).exists(), agency
            assert agency.functions and agency.phone and agency.contact_person

    def test_about_thirty_officers_with_certificates_and_three_qualified_reviewers(self, demo):
        officers = Person.objects.filter(post=Person.Post.OFFICER)
        assert officers.count() >= 30
        assert not officers.filter(certificates__isnull=True).exists()
        categories = set(Certificate.objects.values_list("category", flat=True))
        assert categories == {"市场监管综合执法", "生态环境保护综合执法", "城市管理综合执法"}
        assert {"340300", "340302", "340303", "340304", "340311"} <= set(Certificate.objects.values_list("region_code", flat=True))
        reviewers = Person.objects.filter(post=Person.Post.REVIEWER)
        assert reviewers.count() == 3
        assert all(r.qualification.qualification_number.startswith("A") for r in reviewers)

    def test_certificates_cover_every_state_the_figures_and_portal_show(self, demo, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
        supervisor = user(Role.SUPERVISOR)
        expiring = selectors.expiring_certificates(supervisor)
        assert [c.person.name for c in expiring] == ["赵磊", "宋佳"]
        statuses = {c.person.name: c.public_status for c in Certificate.objects.select_related("person")}
        assert statuses["郑伟"] == "已过期"
        assert statuses["徐斌"] == "暂扣"
        assert statuses["沈立新"] == "注销"
        assert list(statuses.values()).count("有效") == len(statuses) - 3
        assert not Person.objects.get(name="沈立新").is_active

    def test_the_reviewer_ratio_flags_only_the_township_team(self, demo):
        ratios = selectors.reviewer_ratios(user(Role.SUPERVISOR))
        failing = [r.agency.name for r in ratios if not r.meets_minimum]
        assert failing == ["蚌埠市淮上区小蚌埠镇综合行政执法队"]
        assert len(ratios) == 4  # the justice bureau is the supervisor, not counted

    def test_most_but_not_all_people_were_trained_this_year(self, demo, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
        untrained = {p.name for p in selectors.untrained_people(user(Role.SUPERVISOR), TODAY.year)}
        assert untrained == {"孙婷", "程刚", "丁浩"}
        assert all(t.held_on.year == TODAY.year and t.held_on <= TODAY for t in Training.objects.all())
        assert all(t.attendees.exists() for t in Training.objects.all())

    def test_devices_are_held_by_people_of_their_own_agency(self, demo):
        held = Device.objects.exclude(holder=None).select_related("holder")
        assert held.filter(kind=Device.Kind.BODY_CAMERA).count() >= 10
        assert all(d.holder.agency_id == d.agency_id and d.assigned_on for d in held)
        assert Device.objects.filter(holder=None, status=Device.Status.REPAIR).exists()
        assert Device.objects.filter(holder=None, status=Device.Status.RETIRED).exists()

    def test_the_adviser_pool_serves_every_agency_of_the_city(self, demo):
        assert Adviser.objects.count() >= 4
        kinds = set(Adviser.objects.values_list("kind", flat=True))
        assert kinds == {Adviser.Kind.LEGAL_ADVISER, Adviser.Kind.PUBLIC_LAWYER}
        assert selectors.advisers(user(Role.OFFICER)).filter(region_code="340300").count() == 4

    def test_every_credit_code_id_number_and_region_code_is_valid(self, demo):
        assert all(is_valid_uscc(code) for code in Agency.objects.values_list("uscc", flat=True))
        assert Agency.objects.get(kind=Agency.Kind.ENTRUSTED).uscc.startswith("12")  # a public institution
        numbers = list(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
        assert len(numbers) == Person.objects.count()
        assert all(is_valid_id_number(n) for n in numbers)
        for person in Person.objects.exclude(gender=""):
            assert int(person.id_number[16]) % 2 == (1 if person.gender == "M" else 0), person.name
        assert all(is_valid_region_code(c) for c in Certificate.objects.values_list("region_code", flat=True))

    def test_every_role_has_a_login_with_the_demo_password(self, demo):
        client = Client()
        assert {login.role for login in demo.logins} == {role.label for role in Role}
        for role in Role:
            account = user(role)
            assert client.login(username=account.username, password=data.PASSWORD), role
            assert client.get("/accounts/workbench/").status_code == 200
            client.logout()
        assert user(Role.OFFICER).person.certificates.get().is_valid_on(TODAY)
        assert user(Role.REVIEWER).person.post == Person.Post.REVIEWER
        assert user(Role.SUPERVISOR).agency.is_supervisory
        assert user(Role.ADMIN).agency is None and user(Role.ADMIN).region_code == "340300"

    def test_each_login_sees_only_its_scope(self, demo):
        market = Agency.objects.get(short_name="蚌市监")
        assert set(selectors.agencies(user(Role.OFFICER))) == {market}
        assert {p.agency for p in selectors.people(user(Role.REVIEWER))} == {market}
        assert selectors.agencies(user(Role.SUPERVISOR)).count() == 5

    def test_every_record_is_journalled_as_a_service_would(self, demo):
        for model in DEMO_MODELS:
            for obj in model.objects.all():
                subject_type, subject_id = subject_of(obj)
                assert JournalEntry.objects.filter(subject_type=subject_type, subject_id=subject_id).exists(), obj
        admin = user(Role.ADMIN)
        assert JournalEntry.objects.filter(kind="agency.created", actor=admin).count() == Agency.objects.count()
        assert JournalEntry.objects.filter(kind="certificate.updated").count() == 2  # suspended and revoked
        payloads = [entry.payload for entry in JournalEntry.objects.filter(kind="user.created")]
        assert payloads and not any("password" in p or data.PASSWORD in p for p in payloads)  # no password, no hash

    def test_the_logins_table_lines_up_chinese_columns(self, demo):
        lines = format_table(demo.logins).splitlines()
        assert len(lines) == 2 + len(data.LOGINS)
        columns = {display_width(line[: line.index(data.PASSWORD)]) for line in lines[2:]}
        assert len(columns) == 1  # the passwords start in one screen column although the CJK cells are double width


def test_a_clash_with_existing_data_loads_nothing_and_says_why(db):
    make_user("officer", Role.PUBLISHER, agency=None, region_code="340300")
    with pytest.raises(DemoDataError, match="officer"):
        load(today=TODAY)
    assert not Agency.objects.exists() and not JournalEntry.objects.exists()
    assert User.objects.count() == 1


def test_a_registry_with_real_agencies_is_refused(db):
    make_agency(name="合肥市市场监督管理局", short_name="合市监", region_code="340100")
    with pytest.raises(DemoDataError, match="只能载入空数据库"):
        load(today=TODAY)
    assert Agency.objects.count() == 1 and not User.objects.exists() and not JournalEntry.objects.exists()


def test_the_load_demo_command_reports_a_clash_in_chinese(db):
    make_user("admin", Role.OFFICER, agency=None)
    with pytest.raises(CommandError, match="数据库未作任何更改"):
        call_command("load_demo")
    assert not Agency.objects.exists()


def test_the_demo_command_prepares_everything_and_prints_the_logins(db, settings, tmp_path, capsys):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"
    call_command("demo", "--no-serve", "--port", "8123")
    out = capsys.readouterr().out
    for spec in data.LOGINS:
        assert spec.username in out
    assert out.count(data.PASSWORD) == len(data.LOGINS)
    assert "http://127.0.0.1:8123/gs/officers/" in out
    assert (tmp_path / "static" / "zhifa" / "zhifa.css").exists()
    # Every agency can sign its documents from the start (demo CA, one certificate each).
    assert len(list((tmp_path / "keys").rglob("signer.crt.pem"))) == Agency.objects.count()
    # The demo's records are covered by a signed checkpoint from the start.
    from zhifa.ledger.models import Checkpoint

    assert Checkpoint.objects.get().tree_size == JournalEntry.objects.count()

    # A case at every stage of the general procedure, with signed documents and stored evidence.
    from zhifa.cases.models import Case
    from zhifa.catalog.defaults import national_procedures

    general = next(p for p in national_procedures() if p["code"] == "penalty_general")
    stages = {s["code"] for s in general["definition"]["stages"]}
    assert set(Case.objects.filter(procedure_code="penalty_general").values_list("stage", flat=True)) == stages
    archived = Case.objects.get(stage="archive")
    assert archived.status == Case.Status.ARCHIVED and archived.documents.filter(status="issued").count() >= 5
    assert Case.objects.filter(evidence__isnull=False).distinct().count() >= 10
    assert Case.objects.get(stage="legal_review").review_submissions.count() == 1  # waiting for the reviewer

    call_command("demo", "--no-serve")
    assert "演示数据已存在" in capsys.readouterr().out


def test_the_demo_command_refuses_an_impossible_port(db):
    with pytest.raises(CommandError, match="端口"):
        call_command("demo", "--no-serve", "--port", "70000")
    assert not Agency.objects.exists()


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
