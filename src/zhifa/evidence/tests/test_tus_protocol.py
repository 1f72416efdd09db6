"""The tus 1.0.0 endpoint as the protocol and R3 require it, request by request (Django test client)."""

import base64
import datetime
import hashlib
import json

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.evidence import services, storage
from zhifa.evidence.models import Evidence, Upload
from zhifa.ledger import blobs
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_officers, make_user

from .conftest import (
    ELF_HEAD,
    JPEG_HEAD,
    TUS,
    av_metadata,
    encode_metadata,
    pdf_bytes,
    tus_create,
    tus_patch,
    upload_file,
    video_bytes,
)

pytestmark = pytest.mark.django_db


def problem(response):
    assert response["Content-Type"].startswith("application/problem+json")
    return json.loads(response.content)


def test_options_announce_version_extensions_and_the_size_limit(client, officer, settings):
    settings.EVIDENCE_MAX_UPLOAD = 1234567
    response = client.options("/evidence/uploads/")
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) >= {"creation", "creation-with-upload", "termination", "checksum"}
    assert response["Tus-Max-Size"] == "1234567"
    assert "sha256" in response["Tus-Checksum-Algorithm"]


def test_unsupported_tus_version_is_412(client, officer, case, people):
    client.force_login(officer)
    response = client.post("/evidence/uploads/", HTTP_TUS_RESUMABLE="0.2.2", HTTP_UPLOAD_LENGTH="10",
                           HTTP_UPLOAD_METADATA=encode_metadata(av_metadata(case, people[0])))
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert Upload.objects.count() == 0


def test_anonymous_cannot_create_uploads(client, case, people):
    response = tus_create(client, av_metadata(case, people[0]), 100)
    assert response.status_code == 403
    assert Upload.objects.count() == 0


def test_r3_av_upload_in_chunks_becomes_evidence_with_its_digest_and_a_journal_entry(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(300_000)
    before = JournalEntry.objects.filter(kind="evidence.added").count()
    response = upload_file(client, av_metadata(case, people[0]), data, chunk=50_000)
    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    evidence = Evidence.objects.get()
    assert response["Zhifa-Evidence"] == f"/evidence/{evidence.pk}/"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert blobs.path_of(evidence.sha256).read_bytes() == data
    assert (evidence.kind, evidence.content_type, evidence.size) == ("video", "video/mp4", len(data))
    assert evidence.collector == people[0] and evidence.late is False and evidence.stage == case.stage
    entry = JournalEntry.objects.filter(kind="evidence.added").last()
    assert JournalEntry.objects.filter(kind="evidence.added").count() == before + 1
    assert entry.subject_type == "cases.case" and entry.subject_id == str(case.pk)
    payload = json.loads(entry.payload)
    assert payload["sha256"] == evidence.sha256 and payload["size"] == len(data)
    assert payload["collector"] == people[0].name and payload["object_to_prove"]
    assert not list(storage.upload_dir().glob("*.part")), "the partial file was moved into the blob store"
    case.refresh_from_db()
    assert case.version > 1


def test_head_reports_offset_length_and_no_store(client, officer, case, people):
    client.force_login(officer)
    created = tus_create(client, av_metadata(case, people[0]), 100_000)
    location = created["Location"]
    assert created.status_code == 201 and location.startswith("http://testserver/evidence/uploads/")
    assert "Upload-Expires" in created
    tus_patch(client, location, video_bytes(100_000)[:30_000], 0)
    head = client.head(location, **TUS)
    assert head.status_code == 200
    assert (head["Upload-Offset"], head["Upload-Length"], head["Cache-Control"]) == ("30000", "100000", "no-store")
    assert head["Tus-Resumable"] == "1.0.0"


def test_an_incomplete_upload_is_never_evidence(client, officer, case, people):
    client.force_login(officer)
    created = tus_create(client, av_metadata(case, people[0]), 100_000)
    tus_patch(client, created["Location"], video_bytes(100_000)[:99_999], 0)
    assert Evidence.objects.count() == 0
    assert not JournalEntry.objects.filter(kind="evidence.added").exists()


def test_offset_mismatch_is_409_and_changes_nothing(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(100_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    assert tus_patch(client, location, data[:10_000], 0).status_code == 204
    response = tus_patch(client, location, data[5_000:15_000], 5_000)
    assert response.status_code == 409
    assert response["Upload-Offset"] == "10000"
    assert "10000" in problem(response)["detail"]
    assert client.head(location, **TUS)["Upload-Offset"] == "10000"


def test_patch_needs_the_offset_content_type(client, officer, case, people):
    client.force_login(officer)
    location = tus_create(client, av_metadata(case, people[0]), 1000)["Location"]
    response = tus_patch(client, location, b"x" * 10, 0, content_type="application/octet-stream")
    assert response.status_code == 415


def test_declared_size_over_the_limit_is_413(client, officer, case, people, settings):
    settings.EVIDENCE_MAX_UPLOAD = 1_000_000
    client.force_login(officer)
    response = tus_create(client, av_metadata(case, people[0]), 1_000_001)
    assert response.status_code == 413
    assert "超过上限" in problem(response)["detail"]
    assert Upload.objects.count() == 0


def test_bytes_beyond_the_declared_length_are_413_and_rolled_back(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(20_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    assert tus_patch(client, location, data[:10_000], 0).status_code == 204
    response = tus_patch(client, location, data[10_000:] + b"extra", 10_000)
    assert response.status_code == 413
    assert client.head(location, **TUS)["Upload-Offset"] == "10000"
    # The rest, exactly, still completes the upload with the right digest.
    assert tus_patch(client, location, data[10_000:], 10_000).status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_bytes_actually_received_are_capped_even_when_content_length_is_missing(officer, case, people):
    """A body without Content-Length (chunked) is read up to the upload's length, never beyond."""
    import io

    upload = services.start_upload(officer, case, length=10_000, metadata=av_metadata(case, people[0]))
    with pytest.raises(services.TooLarge):
        services.receive(officer, upload, io.BytesIO(video_bytes(10_000) + b"more"), offset=0, content_length=None)
    assert storage.partial_path(upload.pk).stat().st_size == 0


def test_a_body_larger_than_data_upload_max_memory_size_is_streamed(client, officer, case, people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(officer)
    data = video_bytes(3 * 1024 * 1024)
    response = upload_file(client, av_metadata(case, people[0]), data, chunk=len(data))
    assert response.status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_creation_with_upload_sends_the_first_bytes_with_the_post(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(20_000)
    response = client.post("/evidence/uploads/", data=data, content_type="application/offset+octet-stream",
                           HTTP_UPLOAD_LENGTH=str(len(data)),
                           HTTP_UPLOAD_METADATA=encode_metadata(av_metadata(case, people[0])), **TUS)
    assert response.status_code == 201
    assert response["Upload-Offset"] == str(len(data))
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_checksum_mismatch_is_460_and_the_chunk_is_dropped(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(20_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    good = base64.b64encode(hashlib.sha1(data[:10_000]).digest()).decode()
    assert tus_patch(client, location, data[:10_000], 0, HTTP_UPLOAD_CHECKSUM=f"sha1 {good}").status_code == 204
    bad = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    response = tus_patch(client, location, data[10_000:], 10_000, HTTP_UPLOAD_CHECKSUM=f"sha1 {bad}")
    assert response.status_code == 460
    assert client.head(location, **TUS)["Upload-Offset"] == "10000"
    unknown = tus_patch(client, location, data[10_000:], 10_000, HTTP_UPLOAD_CHECKSUM="crc32 AAAA")
    assert unknown.status_code == 400 and "Upload-Checksum" in problem(unknown)["errors"]
    assert tus_patch(client, location, data[10_000:], 10_000).status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_a_patch_landing_in_another_worker_takes_up_the_saved_digest_without_rehashing(client, officer, case, people):
    """The running digest is saved beside the partial file; another process continues from it."""
    client.force_login(officer)
    data = video_bytes(200_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    assert tus_patch(client, location, data[:120_000], 0).status_code == 204
    storage.digests._items.clear()  # as if the next PATCH reached another worker
    rehashed = storage.digests.rehashed_bytes
    assert tus_patch(client, location, data[120_000:], 120_000).status_code == 204
    assert storage.digests.rehashed_bytes == rehashed
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()
    assert not list(storage.upload_dir().iterdir()), "partial file and saved digest are gone once stored"


def test_without_a_saved_digest_the_partial_file_is_rehashed_once(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(200_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    assert tus_patch(client, location, data[:120_000], 0).status_code == 204
    storage.digests._items.clear()
    upload_id = location.rstrip("/").rsplit("/", 1)[1]
    storage.state_path(upload_id).write_bytes(b"damaged")
    rehashed = storage.digests.rehashed_bytes
    assert tus_patch(client, location, data[120_000:], 120_000).status_code == 204
    assert storage.digests.rehashed_bytes - rehashed == 120_000
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("filename", "filetype", "first_bytes", "reason"), [
    ("现场视频.mp4", "video/mp4", b"%PDF-1.7\n", "PDF"),
    ("现场视频.mp4", "video/mp4", ELF_HEAD, "可执行"),
    ("照片.jpg", "image/jpeg", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "音视频"),
    ("说明.txt", "text/plain", JPEG_HEAD, "图片"),
])
def test_forged_content_type_is_refused_and_discarded(client, officer, case, people, filename, filetype, first_bytes, reason):
    client.force_login(officer)
    data = first_bytes + b"\x00" * 20_000
    metadata = av_metadata(case, people[0], filename=filename, filetype=filetype, kind=None)
    response = upload_file(client, metadata, data, chunk=10_000)
    assert response.status_code == 415
    assert reason in problem(response)["detail"]
    assert Upload.objects.count() == 0 and Evidence.objects.count() == 0
    assert not list(storage.upload_dir().glob("*.part"))


def test_an_executable_name_is_refused_before_any_byte(client, officer, case, people):
    client.force_login(officer)
    response = tus_create(client, av_metadata(case, people[0], filename="setup.exe", filetype=""), 1000)
    assert response.status_code == 415


def test_kind_must_agree_with_the_bytes(client, officer, case, people):
    client.force_login(officer)
    metadata = av_metadata(case, people[0], filename="询问笔录.pdf", filetype="application/pdf", kind="video")
    response = tus_create(client, metadata, 1000)
    assert response.status_code == 400
    assert "kind" in problem(response)["errors"]


def test_r3_av_record_must_name_time_place_collector_and_object(client, officer, case, people):
    client.force_login(officer)
    metadata = av_metadata(case, people[0], place="", object_to_prove=None)
    response = tus_create(client, metadata, 1000)
    assert response.status_code == 400
    errors = problem(response)["errors"]
    assert set(errors) == {"place", "object_to_prove"}
    assert "采集地点" in errors["place"][0]


def test_r3_late_av_upload_without_reason_is_refused_naming_the_field(client, officer, case, people):
    client.force_login(officer)
    response = tus_create(client, av_metadata(case, people[0], ended_hours_ago=30), 1000)
    assert response.status_code == 400
    body = problem(response)
    assert "late_reason" in body["errors"]
    assert "迟延上传原因" in body["errors"]["late_reason"][0]
    assert Upload.objects.count() == 0


def test_r3_late_av_upload_with_reason_is_accepted_and_flagged(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(50_000)
    metadata = av_metadata(case, people[0], ended_hours_ago=30, late_reason="现场无网络，返回单位后上传")
    assert upload_file(client, metadata, data).status_code == 204
    evidence = Evidence.objects.get()
    assert evidence.late is True and evidence.late_reason == "现场无网络，返回单位后上传"
    payload = json.loads(JournalEntry.objects.filter(kind="evidence.added").last().payload)
    assert payload["late"] is True and payload["late_reason"] == evidence.late_reason


def test_r3_an_upload_that_turns_late_while_sending_is_kept_and_finished_with_a_reason(client, officer, case, people):
    """The bytes are in when the evidence is refused for lateness; the officer adds the reason, nothing re-sent."""
    client.force_login(officer)
    data = video_bytes(50_000)
    location = tus_create(client, av_metadata(case, people[0], ended_hours_ago=23), len(data))["Location"]
    upload = Upload.objects.get()
    end = timezone.now() - datetime.timedelta(hours=25)
    Upload.objects.filter(pk=upload.pk).update(metadata={**upload.metadata, "captured_to": end.isoformat(),
                                                         "captured_from": (end - datetime.timedelta(hours=1)).isoformat()})
    response = tus_patch(client, location, data, 0)
    assert response.status_code == 400
    assert "late_reason" in problem(response)["errors"]
    assert Evidence.objects.count() == 0
    finished = client.post(f"/evidence/uploads/{upload.pk}/finish/", {"late_reason": "上传途中超过24小时"})
    assert finished.status_code == 200, finished.content.decode()
    evidence = Evidence.objects.get()
    assert evidence.late and evidence.sha256 == hashlib.sha256(data).hexdigest()


def test_someone_elses_upload_url_is_refused(client, officer, case, people, agency, head):
    client.force_login(officer)
    data = video_bytes(20_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    colleague = make_user("colleague", Role.OFFICER, agency, person=people[1])
    client.force_login(colleague)
    assert client.head(location, **TUS).status_code == 404
    assert tus_patch(client, location, data, 0).status_code == 404
    assert client.delete(location, **TUS).status_code == 404
    client.force_login(head)  # not even the agency head
    assert tus_patch(client, location, data, 0).status_code == 404
    assert Evidence.objects.count() == 0


def test_only_those_who_may_handle_the_case_may_upload(client, agency, case, people, users):
    bystander = make_user("bystander", Role.OFFICER, agency, person=make_officers(agency, 1, names=("钱多",))[0])
    for user in (bystander, users[Role.REVIEWER], users[Role.PUBLISHER]):
        client.force_login(user)
        assert tus_create(client, av_metadata(case, people[0]), 1000).status_code == 403
    client.force_login(users[Role.SUPERVISOR])
    assert tus_create(client, av_metadata(case, people[0]), 1000).status_code == 404
    assert Upload.objects.count() == 0


def test_another_agencys_case_is_404(client, other_agency, case, people):
    stranger = make_user("stranger", Role.AGENCY_HEAD, other_agency)
    client.force_login(stranger)
    assert tus_create(client, av_metadata(case, people[0]), 1000).status_code == 404


def test_archived_case_refuses_uploads(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(20_000)
    location = tus_create(client, av_metadata(case, people[0]), len(data))["Location"]
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED)
    response = tus_patch(client, location, data, 0)
    assert response.status_code == 403
    assert "已归档" in problem(response)["detail"]
    assert Evidence.objects.count() == 0
    assert tus_create(client, av_metadata(case, people[0]), 1000).status_code == 403


def test_termination_removes_an_unfinished_upload(client, officer, case, people):
    client.force_login(officer)
    location = tus_create(client, av_metadata(case, people[0]), 20_000)["Location"]
    tus_patch(client, location, video_bytes(20_000)[:5_000], 0)
    assert client.delete(location, **TUS).status_code == 204
    assert Upload.objects.count() == 0 and not list(storage.upload_dir().glob("*.part"))
    assert client.head(location, **TUS).status_code == 404


def test_a_finished_upload_cannot_be_terminated(client, officer, case, people):
    client.force_login(officer)
    data = video_bytes(20_000)
    upload_file(client, av_metadata(case, people[0]), data)
    upload = Upload.objects.get()
    assert client.delete(f"/evidence/uploads/{upload.pk}/", **TUS).status_code == 403
    assert Evidence.objects.count() == 1


def test_stale_unfinished_uploads_expire(client, officer, case, people):
    client.force_login(officer)
    location = tus_create(client, av_metadata(case, people[0]), 20_000)["Location"]
    tus_patch(client, location, video_bytes(20_000)[:5_000], 0)
    assert services.expire_uploads() == 0
    assert services.expire_uploads(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert Upload.objects.count() == 0 and not list(storage.upload_dir().glob("*.part"))
    assert client.head(location, **TUS).status_code == 404


def test_api_token_authenticates_the_upload(client, officer, case, people):
    token = Token.objects.create(user=officer)
    data = pdf_bytes()
    metadata = av_metadata(case, people[0], filename="询问笔录.pdf", filetype="application/pdf", kind="pdf")
    response = upload_file(client.__class__(HTTP_AUTHORIZATION=f"Token {token.key}"), metadata, data)
    assert response.status_code == 204
    assert Evidence.objects.get().kind == "pdf"


def test_a_handling_head_may_upload_and_the_kind_comes_from_the_bytes(client, head, case, people):
    client.force_login(head)
    data = JPEG_HEAD + b"\x00" * 5_000
    metadata = {"case": str(case.pk), "filename": "IMG_0001.JPG", "title": "现场照片"}
    assert upload_file(client, metadata, data).status_code == 204
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.content_type) == ("photo", "image/jpeg")

