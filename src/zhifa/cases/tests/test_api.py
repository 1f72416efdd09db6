"""The whole flow through the API (I2): same forms, same services, problem details on refusal."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhifa.accounts.roles import Role
from zhifa.cases.models import Approval
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_uscc, make_user

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_from_lead_to_investigation_through_the_api(users, crew):
    people, logins = crew
    officer, head = api(logins[0]), api(users[Role.AGENCY_HEAD])
    created = officer.post("/api/v1/cases/", {"source": "complaint", "received_on": timezone.localdate().isoformat(),
                                              "summary": "举报某店销售过期食品", "title": "销售过期食品案"}, format="json")
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["stage"] == "lead" and case["deadline"]["label"] == "核查并决定是否立案"
    pk = case["id"]
    # The lead's registrar is not yet a handling officer: the head assigns the crew.
    assigned = head.post(f"/api/v1/cases/{pk}/officers/", {"officers": [p.pk for p in people], "version": case["version"]},
                         format="json")
    assert assigned.status_code == 200, assigned.json()
    case = officer.patch(f"/api/v1/cases/{pk}/", {"violation_ended_on": "2026-10-01", "facts": "销售过期牛奶20盒",
                                                  "version": assigned.json()["version"]}, format="json").json()
    assert case["facts"] == "销售过期牛奶20盒"
    party = officer.post(f"/api/v1/cases/{pk}/parties/", {"kind": "legal", "name": "蚌埠某超市有限公司",
                                                          "uscc": make_uscc(), "legal_representative": "王某",
                                                          "version": case["version"]}, format="json")
    assert party.status_code == 201 and party.json()["parties"][0]["name"] == "蚌埠某超市有限公司"
    refused = officer.post(f"/api/v1/cases/{pk}/transitions/", {"to": "filing", "version": party.json()["version"]},
                           format="json")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["missing"] == ["负责人批准：尚未报请负责人审批“立案”"]
    asked = officer.post(f"/api/v1/cases/{pk}/approvals/", {"to": "filing", "reason": "符合立案条件",
                                                            "version": party.json()["version"]}, format="json")
    assert asked.status_code == 201
    approval = Approval.objects.get()
    assert head.post(f"/api/v1/approvals/{approval.pk}/decision/", {"approve": "1", "comment": "同意"},
                     format="json").status_code == 200
    version = officer.get(f"/api/v1/cases/{pk}/").json()["version"]
    filed = officer.post(f"/api/v1/cases/{pk}/transitions/", {"to": "filing", "version": version}, format="json")
    assert filed.status_code == 200 and filed.json()["number"].startswith("蚌市监立〔")
    moved = officer.post(f"/api/v1/cases/{pk}/transitions/", {"to": "investigation", "version": filed.json()["version"]},
                         format="json")
    assert moved.json()["stage"] == "investigation"
    kinds = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/timeline/").json()]
    assert kinds[0] == "lead.registered" and kinds.count("case.transitioned") == 2


def test_a_stale_version_is_409_and_bad_input_400_naming_the_field(users):
    from zhifa.testing import make_case

    head = users[Role.AGENCY_HEAD]
    case = make_case(head)
    client = api(head)
    stale = client.patch(f"/api/v1/cases/{case.pk}/", {"facts": "x", "version": case.version - 1}, format="json")
    assert stale.status_code == 409 and stale.json()["detail"] == "该案件已被他人修改，请刷新后重试"
    bad = client.patch(f"/api/v1/cases/{case.pk}/", {"fine_amount": "很多", "version": case.version}, format="json")
    assert bad.status_code == 400 and "fine_amount" in bad.json()["errors"]
    before = JournalEntry.objects.count()
    bad_party = client.post(f"/api/v1/cases/{case.pk}/parties/", {"kind": "natural", "name": "张三",
                                                                  "id_number": "340302198506150010"}, format="json")
    assert bad_party.status_code == 400 and "id_number" in bad_party.json()["errors"]
    assert JournalEntry.objects.count() == before


def test_other_agencies_and_the_public_see_nothing(users, other_agency):
    from zhifa.testing import make_case

    case = make_case(users[Role.AGENCY_HEAD])
    stranger = api(make_user("stranger", Role.AGENCY_HEAD, other_agency))
    assert stranger.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert stranger.get("/api/v1/cases/").json() == []
    assert stranger.post(f"/api/v1/cases/{case.pk}/transitions/", {"to": "filing"}, format="json").status_code == 404
    assert APIClient().get("/api/v1/cases/").status_code in (401, 403)
