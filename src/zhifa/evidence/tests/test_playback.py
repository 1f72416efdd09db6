"""Playback, download and the API: Range requests, journalled record access (R8), scoping, immutability."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.evidence import selectors, services
from zhifa.evidence.models import Evidence, EvidenceAccess
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_user

from .conftest import av_metadata, upload_file, video_bytes

pytestmark = pytest.mark.django_db
SIZE = 100_000


@pytest.fixture
def data():
    return video_bytes(SIZE)


@pytest.fixture
def evidence(client, officer, case, people, data):
    client.force_login(officer)
    assert upload_file(client, av_metadata(case, people[0]), data).status_code == 204
    return Evidence.objects.get()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def accesses(evidence):
    return [json.loads(e.payload) for e in JournalEntry.objects.filter(kind="record.accessed").order_by("sequence")
            if json.loads(e.payload)["evidence"] == evidence.pk]


def test_first_bytes(client, evidence, data):
    response = client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert response["Accept-Ranges"] == "bytes" and response["Content-Length"] == "100"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == data[:100]


def test_suffix_range(client, evidence, data):
    response = client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE="bytes=-500")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 500}-{SIZE - 1}/{SIZE}"
    assert body(response) == data[-500:]


def test_open_range(client, evidence, data):
    response = client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE=f"bytes={SIZE - 10}-")
    assert response.status_code == 206
    assert body(response) == data[-10:]
    past_end = client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE=f"bytes=10-{SIZE * 2}")
    assert past_end["Content-Range"] == f"bytes 10-{SIZE - 1}/{SIZE}"


def test_unsatisfiable_range_is_416(client, evidence):
    response = client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE=f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


def test_no_range_or_several_ranges_get_the_whole_file(client, evidence, data):
    for headers in ({}, {"HTTP_RANGE": "bytes=0-1,5-6"}, {"HTTP_RANGE": "bytes=0-1", "HTTP_IF_RANGE": '"stale"'}):
        response = client.get(f"/evidence/{evidence.pk}/content/", **headers)
        assert response.status_code == 200
        assert response["Accept-Ranges"] == "bytes" and int(response["Content-Length"]) == SIZE
        assert hashlib.sha256(body(response)).hexdigest() == evidence.sha256


def test_r8_opening_playing_and_downloading_are_journalled_once_per_window(client, evidence, officer):
    page = client.get(f"/evidence/{evidence.pk}/")
    assert page.status_code == 200
    assert f'<video controls preload="metadata" src="/evidence/{evidence.pk}/content/"'.encode() in page.content
    for start in range(0, SIZE, 10_000):  # the player seeks through the file
        client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE=f"bytes={start}-{start + 9_999}")
    download = client.get(f"/evidence/{evidence.pk}/content/?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    client.get(f"/evidence/{evidence.pk}/")  # a reload within the window
    logged = accesses(evidence)
    assert [(e["purpose"], e["range"]) for e in logged] == [("view", ""), ("playback", "0-9999"),
                                                            ("download", f"0-{SIZE - 1}")]
    entry = JournalEntry.objects.filter(kind="record.accessed").last()
    assert entry.actor_id == officer.pk and entry.subject_id == str(evidence.case_id)
    assert EvidenceAccess.objects.filter(evidence=evidence).count() == 3


def test_r8_an_access_after_the_window_is_journalled_again(client, evidence):
    client.get(f"/evidence/{evidence.pk}/")
    EvidenceAccess.objects.update(at=timezone.now() - services.ACCESS_DEDUP - datetime.timedelta(seconds=1))
    client.get(f"/evidence/{evidence.pk}/")
    assert [e["purpose"] for e in accesses(evidence)] == ["view", "view"]


def test_r8_each_reader_is_journalled(client, evidence, users):
    for role in (Role.REVIEWER, Role.DEPT_HEAD):
        client.force_login(users[role])
        assert client.get(f"/evidence/{evidence.pk}/content/", HTTP_RANGE="bytes=0-0").status_code == 206
    assert len(accesses(evidence)) == 2


def test_another_agencys_user_gets_404_everywhere(client, evidence, other_agency, users):
    stranger = make_user("stranger", Role.AGENCY_HEAD, other_agency)
    for user in (stranger, users[Role.SUPERVISOR]):
        client.force_login(user)
        for path in (f"/evidence/{evidence.pk}/", f"/evidence/{evidence.pk}/content/",
                     f"/evidence/case/{evidence.case_id}/", f"/evidence/case/{evidence.case_id}/upload/",
                     f"/api/v1/evidence/{evidence.pk}/", f"/api/v1/evidence/{evidence.pk}/content/",
                     f"/api/v1/cases/{evidence.case_id}/evidence/"):
            assert client.get(path).status_code == 404, path
    assert accesses(evidence) == []


def test_api_lists_and_details_the_evidence_and_serves_ranges(client, evidence, data):
    listed = client.get(f"/api/v1/cases/{evidence.case_id}/evidence/").json()
    assert listed["count"] == 1 and listed["results"][0]["sha256"] == evidence.sha256
    detail = client.get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert detail["collector_name"] == evidence.collector.name and detail["is_av"] is True
    content = client.get(detail["content_url"], HTTP_RANGE="bytes=0-9", HTTP_ACCEPT="video/mp4")
    assert content.status_code == 206 and body(content) == data[:10]
    assert [e["purpose"] for e in accesses(evidence)] == ["playback"]


def test_stored_evidence_is_never_edited_or_deleted(evidence):
    evidence.title = "改过的名称"
    with pytest.raises(ValidationError):
        evidence.save()
    with pytest.raises(ValidationError):
        evidence.delete()
    assert Evidence.objects.get().title == "现场检查视频"


def test_a_wrong_item_is_withdrawn_with_a_reason_kept_and_journalled(client, evidence, officer):
    refused = client.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 302
    assert Evidence.objects.get().withdrawn_at is None
    client.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": "误传了其他案件的视频"})
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawn_by == officer
    assert json.loads(JournalEntry.objects.filter(kind="evidence.withdrawn").get().payload)["reason"] == "误传了其他案件的视频"
    assert selectors.case_evidence(evidence.case) == []
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200  # still on file


def test_api_withdrawal_by_a_reader_is_403(client, evidence, users):
    client.force_login(users[Role.REVIEWER])
    response = client.post(f"/api/v1/evidence/{evidence.pk}/withdraw/", {"reason": "无理由"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert Evidence.objects.get().withdrawn_at is None


def test_case_evidence_selector_gives_the_case_file_what_it_lists(evidence, people):
    [item] = selectors.case_evidence(evidence.case)
    assert (item.title, item.kind, item.is_av, item.sha256, item.size) == (
        "现场检查视频", "video", True, evidence.sha256, SIZE)
    assert item.collector == people[0].name and item.device == "" and item.late is False
    assert item.place and item.object_to_prove and item.captured_from < item.captured_to
    assert item.content_type == "video/mp4" and item.original_name == "执法记录仪.mp4"


def test_case_page_include_and_upload_page(client, evidence, officer):
    listing = client.get(f"/evidence/case/{evidence.case_id}/")
    assert listing.status_code == 200 and "现场检查视频".encode() in listing.content
    page = client.get(f"/evidence/case/{evidence.case_id}/upload/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'accept="image/*,video/*,audio/*' in content and "capture" in content
    assert "evidence/tus.js" in content and 'name="late_reason"' in content
