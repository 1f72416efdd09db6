"""A real tus client (tuspy) against the running server: chunked, interrupted and resumed uploads (R3)."""

import hashlib
import io
import socket
from urllib.parse import urlsplit

import pytest
from rest_framework.authtoken.models import Token
from tusclient import client as tus
from tusclient.exceptions import TusCommunicationError

from zhifa.evidence.models import Evidence, Upload
from zhifa.ledger import blobs

from .conftest import av_metadata, video_bytes

pytestmark = pytest.mark.django_db(transaction=True)
CHUNK = 64 * 1024


@pytest.fixture
def tus_client(live_server, officer):
    token = Token.objects.create(user=officer)
    return tus.TusClient(live_server.url + "/evidence/uploads/", headers={"Authorization": f"Token {token.key}"})


def test_tuspy_uploads_in_chunks_is_interrupted_and_resumes_to_the_same_digest(tus_client, case, people):
    data = video_bytes(10 * CHUNK + 1234)
    metadata = av_metadata(case, people[0])
    first = tus_client.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, metadata=metadata)
    for _ in range(4):
        first.upload_chunk()
    assert first.offset == 4 * CHUNK
    # The client stops here (a dropped connection, a closed app): nothing is evidence yet.
    assert Evidence.objects.count() == 0
    assert Upload.objects.get().offset == 4 * CHUNK

    resumed = tus_client.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, url=first.url)
    assert resumed.offset == 4 * CHUNK  # asked the server with HEAD
    resumed.upload()

    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert hashlib.sha256(blobs.path_of(evidence.sha256).read_bytes()).hexdigest() == evidence.sha256
    assert evidence.size == len(data) and evidence.title == metadata["title"]


def test_a_connection_dropped_mid_chunk_keeps_what_arrived_and_resumes(live_server, tus_client, case, people):
    data = video_bytes(6 * CHUNK)
    uploader = tus_client.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, metadata=av_metadata(case, people[0]))
    uploader.upload_chunk()
    # A PATCH announcing three chunks that breaks off after a chunk and a half.
    parts = urlsplit(uploader.url)
    sent = CHUNK + CHUNK // 2
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(
            f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
            f"Authorization: {tus_client.headers['Authorization']}\r\nUpload-Offset: {CHUNK}\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {3 * CHUNK}\r\n\r\n".encode()
            + data[CHUNK:CHUNK + sent]
        )
        sock.shutdown(socket.SHUT_WR)
        sock.recv(4096)
    assert Evidence.objects.count() == 0

    resumed = tus_client.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, url=uploader.url)
    assert resumed.offset == CHUNK + sent
    resumed.upload()
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_a_stranger_cannot_resume_someone_elses_upload(live_server, tus_client, case, people, agency):
    from zhifa.accounts.roles import Role
    from zhifa.testing import make_user

    data = video_bytes(3 * CHUNK)
    uploader = tus_client.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, metadata=av_metadata(case, people[0]))
    uploader.upload_chunk()
    colleague = make_user("colleague", Role.OFFICER, agency, person=people[1])
    other = tus.TusClient(live_server.url + "/evidence/uploads/",
                          headers={"Authorization": f"Token {Token.objects.create(user=colleague).key}"})
    with pytest.raises(TusCommunicationError) as refused:
        other.uploader(file_stream=io.BytesIO(data), chunk_size=CHUNK, url=uploader.url)
    assert refused.value.status_code == 404
    assert Upload.objects.get().offset == CHUNK
