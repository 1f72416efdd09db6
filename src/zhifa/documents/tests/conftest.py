"""A realistic penalty case with two handling officers, a party and the facts the decision needs."""

from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.signing import pki
from zhifa.testing import make_case, make_id_number, make_officers, make_uscc, make_user


@pytest.fixture(autouse=True)
def _stores(settings, tmp_path):
    """Keys and blobs go to the test's own directory, never to var/."""
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"


@pytest.fixture
def demo_pki(agency, other_agency):
    for each in (agency, other_agency):
        pki.issue_demo_certificate(each)
    return pki.demo_ca_dir() / "root.crt.pem"


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def officers(agency):
    return make_officers(agency, 3)


@pytest.fixture
def officer(agency, officers):
    """A handling officer of the case (the first two officers handle it)."""
    return make_user("handler", Role.OFFICER, agency, person=officers[0])


@pytest.fixture
def bystander(agency, officers):
    """An officer of the same agency who does not handle the case."""
    return make_user("bystander", Role.OFFICER, agency, person=officers[2])


def prepare(head, case, *, natural=False):
    """Party, facts, provisions and penalty as an investigation leaves them."""
    if natural:
        party = {"kind": "natural", "name": "王小二", "id_number": make_id_number(), "address": "蚌埠市蚌山区涂山路8号"}
    else:
        party = {"kind": "legal", "name": "蚌埠市好运来食品有限公司", "uscc": make_uscc("340300"),
                 "legal_representative": "刘洋", "address": "蚌埠市龙子湖区东海大道100号"}
    cases.add_party(head, case, party)
    case.refresh_from_db()
    return cases.update_case(head, case, {
        "facts": "当事人于2026年3月1日在其经营场所销售超过保质期的“好运”牌牛奶12盒，货值金额人民币360元。",
        "provisions_violated": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "provisions_penalised": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "penalty_kinds": ["fine", "confiscation"],
        "fine_amount": Decimal("50000.00"),
        "confiscation_amount": Decimal("360.00"),
        "place": "蚌埠市龙子湖区东海大道100号",
    })


@pytest.fixture
def case(head, officers, demo_pki):
    """A general-procedure case in its decision stage, ready for a decision document."""
    made = make_case(head, officers=officers[:2], stage="decision")
    return prepare(head, made)


def fresh(case):
    case.refresh_from_db()
    return case


DECISION_FIELDS = {
    "evidence": "1. 现场检查笔录；\n2. 询问笔录；\n3. 过期牛奶照片12张。",
    "reasons": "当事人积极配合调查，依照裁量基准属一般情节。",
    "payment": "持本决定书到中国工商银行蚌埠分行各网点缴纳",
    "reconsideration_body": "蚌埠市人民政府",
    "court": "蚌埠市蚌山区人民法院",
}
TODAY = timezone.localdate()
