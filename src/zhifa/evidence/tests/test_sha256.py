"""The resumable SHA-256 gives FIPS 180-4's digests, and a saved state continues in another object."""

import hashlib
import os

import pytest

from zhifa.evidence import sha256

pytestmark = pytest.mark.skipif(not sha256.available(), reason="libcrypto without SHA256_* functions")


@pytest.mark.parametrize(("message", "expected"), [
    (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (b"a" * 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
])
def test_the_standard_test_vectors(message, expected):
    hasher = sha256.ResumableSHA256()
    hasher.update(message)
    assert hasher.hexdigest() == expected
    assert hasher.hexdigest() == expected, "reading the digest does not end the hash"


def test_a_state_saved_at_any_point_continues_to_the_same_digest():
    data = os.urandom(300)
    for split in range(0, len(data) + 1, 7):
        first = sha256.ResumableSHA256()
        first.update(data[:split])
        second = sha256.ResumableSHA256(first.state())
        second.update(data[split:])
        assert second.hexdigest() == hashlib.sha256(data).hexdigest(), split


def test_a_copy_is_independent():
    hasher = sha256.ResumableSHA256()
    hasher.update(b"ab")
    copy = hasher.copy()
    hasher.update(b"c")
    assert copy.hexdigest() == hashlib.sha256(b"ab").hexdigest()
    assert hasher.hexdigest() == hashlib.sha256(b"abc").hexdigest()


def test_a_state_of_the_wrong_size_is_refused():
    with pytest.raises(ValueError, match="摘要状态应为 112 字节"):
        sha256.ResumableSHA256(b"\0" * 10)
