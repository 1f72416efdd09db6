"""The clerk's side through the API and the pages: spans, publication, withdrawal, the rules, the case panel."""

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.disclosure.models import Disclosure, DisclosurePolicy, PublishedDecision

from .factories import issue_fast

pytestmark = pytest.mark.django_db


@pytest.fixture
def disclosure(head, natural_case):
    return Disclosure.objects.get(document=issue_fast(head, natural_case))


def test_the_api_shows_every_span_then_publishes_and_withdraws(client, users, disclosure, natural_case):
    client.force_login(users[Role.PUBLISHER])
    record = client.get(f"/api/v1/disclosures/{disclosure.pk}/").json()
    party = natural_case.case_parties.get().party
    assert {"id_number", "address"} <= {s["category"] for s in record["spans"]}
    assert party.id_number not in record["masked_text"] and record["timeliness"] == "ok"
    stale = client.post(f"/api/v1/disclosures/{disclosure.pk}/publish/", {"version": record["version"] + 1},
                        content_type="application/json")
    assert stale.status_code == 409 and not PublishedDecision.objects.exists()
    published = client.post(f"/api/v1/disclosures/{disclosure.pk}/publish/", {"version": record["version"]},
                            content_type="application/json").json()
    assert published["status"] == "published" and published["publication"]
    bad = client.post(f"/api/v1/disclosures/{disclosure.pk}/withdrawal/", {"kind": "revoked", "reason": "复议撤销"},
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"]["occurred_on"] == ["请填写日期"]
    done = client.post(f"/api/v1/disclosures/{disclosure.pk}/withdrawal/", {
        "kind": "revoked", "reason": "复议撤销", "occurred_on": timezone.localdate().isoformat(), "withdraw_now": True},
        content_type="application/json").json()
    assert done["status"] == "withdrawn" and done["withdrawn_at"]
    assert client.get("/api/v1/disclosures/", {"status": "withdrawn"}).json()[0]["id"] == disclosure.pk


def test_supervisors_read_the_region_but_change_nothing(client, users, disclosure):
    client.force_login(users[Role.SUPERVISOR])
    assert client.get(f"/api/v1/disclosures/{disclosure.pk}/").status_code == 200
    assert client.post(f"/api/v1/disclosures/{disclosure.pk}/publish/", {}).status_code == 403
    assert Disclosure.objects.get(pk=disclosure.pk).status == "pending"


def test_the_rules_are_the_heads_and_the_administrators(client, users, agency):
    client.force_login(users[Role.PUBLISHER])
    current = client.get(f"/api/v1/disclosure-policies/{agency.pk}/").json()
    assert current["saved"] is False and current["penalty_days"] == 7 and current["withdrawal_days"] == 3
    assert client.put(f"/api/v1/disclosure-policies/{agency.pk}/", current, content_type="application/json"
                      ).status_code == 403
    client.force_login(users[Role.AGENCY_HEAD])
    bad = client.put(f"/api/v1/disclosure-policies/{agency.pk}/", {**current, "withdrawal_days": 0,
                                                                    "extra_patterns": "微信号|[unclosed"},
                     content_type="application/json")
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert "撤下期限（工作日）应在1至60之间" in errors["withdrawal_days"][0] and "正则表达式有误" in errors["extra_patterns"][0]
    assert not DisclosurePolicy.objects.exists()
    saved = client.put(f"/api/v1/disclosure-policies/{agency.pk}/", {**current, "withdrawal_days": 1,
                                                                      "auto_publish": True}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["withdrawal_days"] == 1 and saved.json()["auto_publish"] is True
    client.force_login(users[Role.ADMIN])
    page = client.post("/disclosure/policy/", {"agency": agency.pk, **{**current, "masked_categories": ["phone"],
                                                                       "version": saved.json()["version"]}})
    assert page.status_code == 302
    assert DisclosurePolicy.objects.get().masked_categories == ["phone"]


def test_the_case_page_shows_its_decisions_disclosure(client, users, disclosure, natural_case):
    client.force_login(users[Role.AGENCY_HEAD])
    page = client.get(f"/cases/{natural_case.pk}/").content.decode()
    assert 'data-testid="case-disclosure"' in page and "待公示" in page and disclosure.number in page


def test_the_clerks_page_refuses_bad_input_in_chinese_and_changes_nothing(client, users, disclosure):
    client.force_login(users[Role.PUBLISHER])
    response = client.post(f"/disclosure/{disclosure.pk}/withhold/", {"kind": "made_up", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "请选择不予公示的法定情形" in page and "请写明不予公示的理由和依据" in page
    assert Disclosure.objects.get(pk=disclosure.pk).status == "pending"
    detail = client.get(f"/disclosure/{disclosure.pk}/").content.decode()
    assert 'data-testid="masked-spans"' in detail and "身份证件号码" in detail


def test_post_boards_through_the_api(client, users, agency, officer_person, other_agency):
    from zhifa.testing import make_person

    client.force_login(users[Role.PUBLISHER])
    stranger = make_person(other_agency, "外单位人员")
    bad = client.post("/api/v1/disclosure-boards/", {"name": "许可窗口", "duties": "受理许可", "people": [stranger.pk],
                                                     "item_codes": ["NOPE-1"]}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"people", "item_codes"}
    made = client.post("/api/v1/disclosure-boards/", {"name": "许可窗口", "duties": "受理许可", "people": [officer_person.pk],
                                                      "is_published": True}, content_type="application/json")
    assert made.status_code == 201 and made.json()["people"][0]["name"] == "张伟"
    board = made.json()
    changed = client.put(f"/api/v1/disclosure-boards/{board['id']}/", {**board, "duties": "受理和咨询",
                                                                       "people": [officer_person.pk]},
                         content_type="application/json")
    assert changed.status_code == 200 and changed.json()["duties"] == "受理和咨询"
    stale = client.put(f"/api/v1/disclosure-boards/{board['id']}/", {**board, "people": []},
                       content_type="application/json")
    assert stale.status_code == 409
    assert client.get("/api/v1/public/boards/").json()[0]["duties"] == "受理和咨询"
