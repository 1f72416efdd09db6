"""Fixtures of the evidence tests: a case with a handling officer who has a login, files whose bytes are real."""

import base64
import datetime
import os

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.testing import make_case, make_officers, make_user

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
ELF_HEAD = b"\x7fELF\x02\x01\x01\x00"


def video_bytes(size=200_000):
    return MP4_HEAD + os.urandom(size - len(MP4_HEAD))


def pdf_bytes(size=20_000):
    return PDF_HEAD + os.urandom(size - len(PDF_HEAD))


@pytest.fixture(autouse=True)
def evidence_dirs(settings, tmp_path):
    """Blobs and unfinished uploads of each test in its own folder (the same file system: a rename)."""
    settings.BLOB_DIR = tmp_path / "blobs"
    settings.EVIDENCE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def people(agency):
    return make_officers(agency)


@pytest.fixture
def officer(agency, people):
    """A handling officer of ``case`` with a login."""
    return make_user("handler", Role.OFFICER, agency, person=people[0])


@pytest.fixture
def case(head, people):
    return make_case(head, officers=people)


def av_metadata(case, person, *, ended_hours_ago=1, **extra):
    end = timezone.now() - datetime.timedelta(hours=ended_hours_ago)
    data = {
        "case": str(case.pk), "filename": "执法记录仪.mp4", "filetype": "video/mp4", "title": "现场检查视频",
        "kind": "video", "captured_from": (end - datetime.timedelta(minutes=20)).isoformat(),
        "captured_to": end.isoformat(), "place": "蚌埠市龙子湖区东海大道88号", "collector": str(person.pk),
        "object_to_prove": "当事人仓库存放过期食品的事实",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def encode_metadata(metadata: dict) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items())


TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def tus_create(client, metadata, length, **headers):
    return client.post("/evidence/uploads/", HTTP_UPLOAD_LENGTH=str(length),
                       HTTP_UPLOAD_METADATA=encode_metadata(metadata), **{**TUS, **headers})


def tus_patch(client, location, data: bytes, offset: int, **headers):
    headers.setdefault("content_type", "application/offset+octet-stream")
    return client.generic("PATCH", location, data=data, HTTP_UPLOAD_OFFSET=str(offset), **{**TUS, **headers})


def upload_file(client, metadata, data: bytes, chunk=64 * 1024):
    """A complete upload through the test client; returns the final PATCH response."""
    created = tus_create(client, metadata, len(data))
    assert created.status_code == 201, created.content.decode()
    location = created["Location"]
    offset = 0
    response = None
    while offset < len(data):
        response = tus_patch(client, location, data[offset:offset + chunk], offset)
        if response.status_code != 204:
            return response
        offset = int(response["Upload-Offset"])
    return response
