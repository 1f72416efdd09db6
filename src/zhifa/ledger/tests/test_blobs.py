"""R6: files are stored by the SHA-256 of their contents, once, and their fixity can be re-checked."""

import hashlib
import io
import os

import pytest

from zhifa.ledger import blobs


def test_r6_a_file_is_stored_under_its_sha256(ledger_dirs):
    digest = blobs.put(io.BytesIO(b"\xe6\x89\xa7\xe6\xb3\x95" * 1000))
    assert digest == hashlib.sha256(b"\xe6\x89\xa7\xe6\xb3\x95" * 1000).hexdigest()
    path = ledger_dirs / "blobs" / digest[:2] / digest[2:4] / digest
    assert path.read_bytes() == b"\xe6\x89\xa7\xe6\xb3\x95" * 1000
    assert blobs.exists(digest) and blobs.open_blob(digest).read()[:3] == b"\xe6\x89\xa7"
    assert not os.access(path, os.W_OK) or os.geteuid() == 0  # stored read-only


def test_r6_the_same_contents_are_stored_once(ledger_dirs):
    assert blobs.put_bytes(b"one") == blobs.put_bytes(b"one")
    files = [p for p in (ledger_dirs / "blobs").rglob("*") if p.is_file()]
    assert len(files) == 1


def test_r6_fixity_passes_for_untouched_files_and_names_the_first_altered_one(ledger_dirs):
    digests = sorted(blobs.put_bytes(f"文件{i}".encode()) for i in range(3))
    assert [p for _, p in blobs.fixity()] == [None, None, None]
    victim = blobs.path_of(digests[1])
    os.chmod(victim, 0o644)
    victim.write_bytes(b"altered")
    problems = [p for _, p in blobs.fixity() if p]
    assert len(problems) == 1 and digests[1] in problems[0].path and "内容已改变" in problems[0].message


def test_r6_a_file_outside_its_content_address_is_reported(ledger_dirs):
    blobs.put_bytes(b"x")
    (ledger_dirs / "blobs" / "stray.pdf").write_bytes(b"%PDF")
    problems = [p for _, p in blobs.fixity() if p]
    assert [p.path for p in problems] == ["stray.pdf"]


def test_r6_a_malformed_digest_is_refused():
    with pytest.raises(ValueError, match="SHA-256"):
        blobs.path_of("../../etc/passwd")
