"""R6: the national algorithms (SM3 GB/T 32905, SM2 GB/T 32918) against their published examples,
and signed notes against the reference vector of golang.org/x/mod/sumdb/note."""

import base64
import io

import pytest
from gmssl.sm2 import CryptSM2

from zhifa.ledger import digests, gm, notes
from zhifa.ledger.gm import _GmsslSM3

# GB/T 32905-2016 Appendix A.
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM3_512 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"

# GB/T 32918.5-2017 (GM/T 0003.5) Appendix A: signature on the recommended curve.
SM2_D = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
SM2_PUBLIC = bytes.fromhex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
                           "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13")
SM2_K = int("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16)
SM2_Z = "b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3"
SM2_E = "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640"
SM2_SIGNATURE = bytes.fromhex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
                              "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA")


@pytest.mark.parametrize("hasher", [gm.new_sm3, _GmsslSM3], ids=["openssl-or-gmssl", "gmssl"])
def test_r6_sm3_matches_gbt_32905_examples(hasher):
    assert hasher(b"abc").hexdigest() == SM3_ABC
    assert hasher(b"abcd" * 16).hexdigest() == SM3_512
    streamed = hasher()
    for _ in range(16):
        streamed.update(b"abcd")
    assert streamed.hexdigest() == SM3_512


def test_r6_document_digests_are_selectable_between_sha256_and_sm3(settings):
    settings.LEDGER_DOCUMENT_DIGEST = "sm3"
    assert digests.document_digest(io.BytesIO(b"abc")) == {"algorithm": "sm3", "digest": SM3_ABC}
    settings.LEDGER_DOCUMENT_DIGEST = "sha256"
    assert digests.document_digest(io.BytesIO(b"abc"))["digest"].startswith("ba7816bf")
    settings.LEDGER_DOCUMENT_DIGEST = "md5"
    with pytest.raises(ValueError, match="不支持的摘要算法"):
        digests.document_algorithm()


def test_r6_sm2_reproduces_the_gbt_32918_signature_example():
    assert gm.public_key(SM2_D) == SM2_PUBLIC
    assert gm.z_value(SM2_PUBLIC).hex() == SM2_Z
    assert gm.sm3(gm.z_value(SM2_PUBLIC) + b"message digest").hex() == SM2_E
    assert gm.sign(SM2_D, b"message digest", k=SM2_K) == SM2_SIGNATURE
    assert gm.verify(SM2_PUBLIC, b"message digest", SM2_SIGNATURE)


def test_r6_sm2_rejects_a_changed_message_signature_identity_or_key():
    assert not gm.verify(SM2_PUBLIC, b"message digesT", SM2_SIGNATURE)
    assert not gm.verify(SM2_PUBLIC, b"message digest", SM2_SIGNATURE[:-1] + b"\x00")
    assert not gm.verify(SM2_PUBLIC, b"message digest", SM2_SIGNATURE, uid=b"ALICE123@YAHOO.COM")
    _, other = gm.generate()
    assert not gm.verify(other, b"message digest", SM2_SIGNATURE)
    assert not gm.verify(SM2_PUBLIC[:-1] + b"\x00", b"message digest", SM2_SIGNATURE)  # off the curve
    assert not gm.verify(SM2_PUBLIC, b"message digest", bytes(64))  # r = s = 0


def test_r6_sm2_round_trip_with_fresh_keys_and_random_nonces():
    private, public = gm.generate()
    first, second = gm.sign(private, "检查点".encode()), gm.sign(private, "检查点".encode())
    assert first != second  # a fresh nonce each time
    assert gm.verify(public, "检查点".encode(), first) and gm.verify(public, "检查点".encode(), second)


# Scalars d whose public key x coordinate begins with the digits gmssl's lstrip("04") eats.
RISKY_KEYS = {"04": 11, "0": 6, "00": 327, "4": 65, "40": 65, "44": 138}


@pytest.mark.parametrize(("prefix", "d"), RISKY_KEYS.items())
def test_r6_sm2_keys_beginning_with_0_or_4_sign_and_verify(prefix, d):
    private = d.to_bytes(32, "big")
    public = gm.public_key(private)
    assert public.hex().startswith(prefix)
    signature = gm.sign(private, b"zhifa")
    assert gm.verify(public, b"zhifa", signature)
    assert notes.parse_vkey(notes.PublicKey("zhifa.test/log", notes.SM2, public).vkey()).public == public


def test_r6_gmssl_alone_would_corrupt_a_key_beginning_with_04():
    """The pitfall our wrapper avoids: CryptSM2 strips every leading 0 and 4, not just the prefix."""
    public = gm.public_key((11).to_bytes(32, "big")).hex()
    assert CryptSM2(private_key="", public_key=public).public_key != public
    assert CryptSM2(private_key="", public_key="04" + public).public_key != public


# golang.org/x/mod/sumdb/note reference vector.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"


def go_key():
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])[1:]
    return notes.PrivateKey.from_private("PeterNeumann", notes.ED25519, seed)


def test_r6_ed25519_signed_notes_match_the_go_reference_byte_for_byte():
    key = go_key()
    assert key.public_key.vkey() == GO_VKEY
    assert notes.sign_note(GO_TEXT, [key]) == GO_NOTE
    opened = notes.open_note(GO_NOTE, [notes.parse_vkey(GO_VKEY)])
    assert opened.text == GO_TEXT


def test_r6_a_changed_note_or_unknown_key_is_rejected():
    vkey = notes.parse_vkey(GO_VKEY)
    with pytest.raises(notes.NoteError, match="签名验证失败"):
        notes.open_note(GO_NOTE.replace("cryptography", "cryptographY"), [vkey])
    other = notes.PrivateKey.generate("PeterNeumann").public_key
    with pytest.raises(notes.NoteError, match="没有受信任公钥"):
        notes.open_note(GO_NOTE, [other])
    with pytest.raises(notes.NoteError):
        notes.open_note(GO_TEXT, [vkey])


@pytest.mark.parametrize("bad", [
    "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong key ID
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",  # truncated key
    "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # space in the name
    "PeterNeumann+c74f20a3",
    "PeterNeumann+zz+ARpc",
])
def test_r6_malformed_verifier_keys_are_refused(bad):
    with pytest.raises(notes.NoteError):
        notes.parse_vkey(bad)


@pytest.mark.parametrize("algorithm", notes.ALGORITHMS)
def test_r6_checkpoints_are_signed_and_opened_with_either_algorithm(algorithm):
    key = notes.PrivateKey.generate("zhifa.example/ledger", algorithm)
    checkpoint = notes.Checkpoint("zhifa.example/ledger", 12, bytes(range(32)))
    assert checkpoint.text() == f"zhifa.example/ledger\n12\n{base64.b64encode(bytes(range(32))).decode()}\n"
    note = notes.sign_note(checkpoint.text(), [key])
    # the key ID is SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]
    assert base64.b64decode(note.rsplit(" ", 1)[1])[:4] == key.public_key.key_id
    assert notes.open_checkpoint(note, [notes.parse_vkey(key.public_key.vkey())]) == checkpoint
    with pytest.raises(notes.NoteError, match="来源"):
        notes.open_checkpoint(note, [key.public_key], origin="other.example/log")
    assert notes.PrivateKey.from_json(key.to_json()) == key


def test_r6_ed25519_key_id_follows_the_signed_note_recommendation():
    key = go_key()
    import hashlib

    assert key.public_key.key_id == hashlib.sha256(b"PeterNeumann\n\x01" + key.public).digest()[:4]


@pytest.mark.parametrize(("text", "message"), [
    ("log\n12\n", "三行"), ("\n12\nAAAA\n", "来源"), ("log\n012\n" + "A" * 43 + "=\n", "十进制"),
    ("log\n12\nAAAA\n", "32 字节"), ("log\n12\n!!!\n", "Base64"), ("log\n12\n" + "A" * 43 + "=", "换行"),
])
def test_r6_malformed_checkpoints_are_refused(text, message):
    with pytest.raises(notes.NoteError, match=message):
        notes.parse_checkpoint(text)
