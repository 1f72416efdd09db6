"""R8: a supervisor of the region reads any case in full — after giving a reason, journalled, for a limited
time, never changing anything — and the agency sees who looked at what and why."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.supervision.models import RecordAccess
from zhifa.testing import make_case


@pytest.fixture
def case(head, settings, tmp_path):
    settings.BLOB_DIR = tmp_path / "blobs"
    return make_case(head, title="销售过期食品案")


def open_with_reason(client, supervisor, case, reason="核查群众投诉反映的超期办案问题", purpose="complaint"):
    client.force_login(supervisor)
    return client.post(reverse("supervision:open_case", args=[case.pk]), {"purpose": purpose, "reason": reason})


def test_r8_the_case_is_closed_to_a_supervisor_until_a_reason_is_given(client, supervisor, case):
    client.force_login(supervisor)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    page = client.get(reverse("supervision:open_case", args=[case.pk]))
    assert page.status_code == 200 and "调阅理由" in page.content.decode()
    response = client.post(reverse("supervision:open_case", args=[case.pk]), {"purpose": "complaint", "reason": "看看"})
    assert response.status_code == 200
    assert "请填写调阅理由（reason），不少于5个字" in response.content.decode()
    assert not RecordAccess.objects.exists()
    assert not JournalEntry.objects.filter(kind="record.accessed").exists()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_r8_with_a_reason_the_supervisor_reads_the_case_its_documents_evidence_and_file(client, supervisor, case, head):
    from zhifa.casefiles.tests.records import photo

    item = photo(head, case, "现场照片")
    response = open_with_reason(client, supervisor, case)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "监督调阅（投诉举报核查：核查群众投诉反映的超期办案问题）" in page
    assert 'data-testid="stage-actions"' not in page or "go-" not in page  # no action a supervisor could take
    for name, args in (("documents:case", [case.pk]), ("evidence:case", [case.pk]), ("casefiles:case", [case.pk]),
                       ("evidence:detail", [item.pk]), ("evidence:content", [item.pk]), ("api-case", [case.pk]),
                       ("review:trail", [case.pk])):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    entry = JournalEntry.objects.get(kind="record.accessed", actor=supervisor, payload__contains='"record":"case"')
    payload = json.loads(entry.payload)
    assert payload["reason"] == "核查群众投诉反映的超期办案问题" and payload["category"] == "complaint"
    assert entry.subject_id == str(case.pk) and entry.agency_id == case.agency_id
    reads = JournalEntry.objects.filter(kind="record.accessed", actor=supervisor, payload__contains='"record":"evidence"')
    assert reads.count() == 2  # the item viewed and played


def test_r8_a_supervisor_changes_nothing_even_while_reading(client, supervisor, case):
    open_with_reason(client, supervisor, case)
    before = JournalEntry.objects.count()
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "filing", "version": case.version})
    assert response.status_code == 403
    assert client.post(reverse("api-case-events", args=[case.pk]), {"kind": "party_notified"}).status_code == 403
    assert JournalEntry.objects.count() == before


def test_r8_the_access_ends_after_its_hours(client, supervisor, case):
    open_with_reason(client, supervisor, case)
    RecordAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("api-case", args=[case.pk])).status_code == 404


def test_r8_a_supervisor_outside_the_region_is_refused(client, far_supervisor, case):
    client.force_login(far_supervisor)
    assert client.get(reverse("supervision:open_case", args=[case.pk])).status_code == 404
    response = client.post(reverse("supervision:open_case", args=[case.pk]),
                           {"purpose": "complaint", "reason": "核查群众投诉反映的问题"})
    assert response.status_code == 404
    api = client.post(reverse("api-supervision-case-access", args=[case.pk]),
                      {"purpose": "complaint", "reason": "核查群众投诉反映的问题"})
    assert api.status_code == 404 and api["Content-Type"].startswith("application/problem+json")
    assert not RecordAccess.objects.exists() and not JournalEntry.objects.filter(kind="record.accessed").exists()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("supervision:warnings")).status_code == 200
    assert client.get(reverse("api-supervision-cases")).json()["count"] == 0


def test_r8_the_agency_sees_who_looked_at_what_and_why(client, supervisor, case, head, users):
    from zhifa.casefiles.tests.records import photo

    item = photo(head, case, "现场照片")
    open_with_reason(client, supervisor, case)
    client.get(reverse("evidence:detail", args=[item.pk]))
    for role in (Role.AGENCY_HEAD, Role.OFFICER):
        client.force_login(users[role])
        page = client.get(reverse("supervision:accesses")).content.decode()
        assert "核查群众投诉反映的超期办案问题" in page and "supervisor" in page
        assert "现场照片" in page  # what was read during the access
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-accesses"' in case_page and "投诉举报核查" in case_page
    timeline = client.get(reverse("api-case-timeline", args=[case.pk])).content.decode()
    assert "核查群众投诉反映的超期办案问题" in timeline


def test_r8_another_agency_does_not_see_the_accesses(client, supervisor, case, other_agency):
    from zhifa.testing import make_user

    open_with_reason(client, supervisor, case)
    client.force_login(make_user("eco_head", Role.AGENCY_HEAD, other_agency))
    assert "核查群众投诉" not in client.get(reverse("supervision:accesses")).content.decode()
    assert client.get(reverse("api-supervision-accesses")).json()["count"] == 0


def test_r8_through_the_api_with_a_clear_message_for_bad_input(client, supervisor, case):
    client.force_login(supervisor)
    url = reverse("api-supervision-case-access", args=[case.pk])
    bad = client.post(url, {"purpose": "curiosity", "reason": "看"}, content_type="application/json")
    assert bad.status_code == 400
    body = bad.json()
    assert body["status"] == 400 and "purpose" in body["errors"] and "reason" in body["errors"]
    assert not RecordAccess.objects.exists()
    good = client.post(url, {"purpose": "inspection", "reason": "专项检查：行政处罚案件办理期限"},
                       content_type="application/json")
    assert good.status_code == 201 and good.json()["purpose_display"] == "专项监督检查"
    assert client.get(reverse("api-case", args=[case.pk])).status_code == 200
    assert client.get(reverse("api-supervision-accesses")).json()["results"][0]["case"] == case.pk


def test_only_supervisors_open_cases_this_way(client, users, case):
    for role in (Role.AGENCY_HEAD, Role.OFFICER, Role.ADMIN):
        client.force_login(users[role])
        assert client.post(reverse("supervision:open_case", args=[case.pk]),
                           {"purpose": "complaint", "reason": "核查群众投诉反映的问题"}).status_code == 403
    assert not RecordAccess.objects.exists()


def test_the_supervisor_s_case_list_shows_numbers_and_stages_not_parties(client, supervisor, case, head, other_agency):
    from zhifa.cases import services
    from zhifa.testing import make_id_number

    id_number = make_id_number()
    services.add_party(head, case, {"kind": "natural", "name": "张三丰", "id_number": id_number})
    client.force_login(supervisor)
    page = client.get(reverse("supervision:cases")).content.decode()
    assert case.display_number in page and "销售过期食品案" in page
    assert "张三丰" not in page and id_number not in page
    assert reverse("supervision:open_case", args=[case.pk]) in page
