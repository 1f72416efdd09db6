"""A major penalty case in its legal-review stage, its handling officer, the review body and its reviewer."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.organizations.models import Department, ReviewerQualification
from zhifa.testing import make_case, make_officers, make_person, make_uscc, make_user


@pytest.fixture(autouse=True)
def national_rules(db, settings, tmp_path):
    """The shipped national procedures and catalogs; keys and blobs in the test's own directory."""
    from zhifa.catalog.defaults import load_national_defaults

    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"
    load_national_defaults()


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def officers(agency):
    return make_officers(agency, 3)


@pytest.fixture
def officer(agency, officers):
    return make_user("handler", Role.OFFICER, agency, person=officers[0])


def make_reviewer(agency, name="刘芳", username=None):
    body, _ = Department.objects.get_or_create(agency=agency, name="法制科", defaults={"is_review_body": True})
    person = make_person(agency, name, post="reviewer", department=body)
    ReviewerQualification.objects.create(person=person, qualification_number="A20183403000123",
                                         obtained_on=datetime.date(2018, 3, 1), reviewing_since=datetime.date(2019, 1, 1))
    user = make_user(username, Role.REVIEWER, agency, person=person) if username else None
    return person, user


@pytest.fixture
def reviewer(agency, users):
    """The agency's reviewer: the ``users`` fixture's reviewer login, tied to a qualified person of the review body."""
    person, _ = make_reviewer(agency)
    user = users[Role.REVIEWER]
    user.person = person
    user.save()
    return user


def prepare(head, case):
    cases.add_party(head, case, {"kind": "legal", "name": "蚌埠市好味来食品有限公司", "uscc": make_uscc("340300"),
                                 "legal_representative": "陈红霞", "address": "蚌埠市经济开发区兴中路9号"})
    case.refresh_from_db()
    return cases.update_case(head, case, {
        "facts": "当事人生产的蛋黄酥菌落总数不符合食品安全国家标准，货值金额48,600元。",
        "provisions_violated": "《中华人民共和国食品安全法》第三十四条第（二）项",
        "provisions_penalised": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "penalty_kinds": ["fine"], "fine_amount": Decimal("250000.00"), "circumstances": ["complex_case"],
    })


@pytest.fixture
def case(head, officers):
    """A major case (complex, PL Art. 58) sitting in the legal-review stage."""
    return prepare(head, make_case(head, officers=officers[:2], stage="legal_review"))


MATERIALS = {
    "investigation_report": {"text": "调查终结报告：经调查，当事人生产不合格蛋黄酥。"},
    "draft_decision": {"text": "拟处罚决定书草案：罚款二十五万元。"},
    "evidence_list": {"text": "1. 检验报告；2. 现场检查笔录；3. 询问笔录。"},
    "discretion_statement": {"text": "适用一般处罚阶次。"},
}


def submit(actor, case, **extra):
    from zhifa.review import services

    case.refresh_from_db()
    data = {"proposal": "拟对当事人罚款二十五万元", "discretion_statement": "一般情节", "materials": dict(MATERIALS)}
    data.update(extra)
    return services.submit(actor, case, **data)


def all_pass(**overrides):
    from zhifa.review.models import CheckPoint

    checks = {p.value: ("pass", "") for p in CheckPoint}
    checks.update(overrides)
    return checks
