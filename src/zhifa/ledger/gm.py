"""SM3 (GB/T 32905) and SM2 signatures (GB/T 32918, GM/T 0003) on top of ``gmssl`` — pure, no database.

Why a wrapper rather than ``gmssl.sm2.CryptSM2`` directly:

* ``CryptSM2.__init__`` does ``public_key.lstrip("04")`` whenever the key text starts with "04",
  which also eats the leading 0 and 4 digits of the coordinate itself (gmssl issues #66, #96).
  Keys here are always 64 raw bytes x‖y, and the attribute is set after construction, so no
  digit is ever stripped.
* ``sign_with_sm3`` draws its nonce with ``random.choice`` — not a cryptographic generator, and a
  predictable nonce gives away the private key. Nonces here come from ``secrets``.
* the signer's identity (ID_A) is a parameter, not fixed, so Z_A follows GB/T 32918.2 §5.5.
"""

import hashlib
import secrets

from gmssl import sm3 as _gmssl_sm3
from gmssl.sm2 import CryptSM2, default_ecc_table

P = int(default_ecc_table["p"], 16)
A = int(default_ecc_table["a"], 16)
B = int(default_ecc_table["b"], 16)
N = int(default_ecc_table["n"], 16)
G = default_ecc_table["g"]
# GB/T 35276 §10: the default signer identity when none was agreed.
DEFAULT_ID = b"1234567812345678"


class _GmsslSM3:
    """A hashlib-like SM3 over gmssl for builds of OpenSSL without SM3 (gmssl hashes in one go)."""

    name = "sm3"
    digest_size = 32

    def __init__(self, data: bytes = b""):
        self._parts = [data] if data else []

    def update(self, data: bytes) -> None:
        self._parts.append(bytes(data))

    def copy(self):
        clone = _GmsslSM3()
        clone._parts = list(self._parts)
        return clone

    def digest(self) -> bytes:
        return bytes.fromhex(_gmssl_sm3.sm3_hash(list(b"".join(self._parts))))

    def hexdigest(self) -> str:
        return self.digest().hex()


def new_sm3(data: bytes = b""):
    """An SM3 hasher: OpenSSL's when it has SM3 (fast, streaming), else gmssl's (same digests)."""
    try:
        return hashlib.new("sm3", data)
    except ValueError:
        return _GmsslSM3(data)


def sm3(data: bytes) -> bytes:
    return new_sm3(data).digest()


def _int(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _hex(value: int) -> str:
    return f"{value:064x}"


def on_curve(public: bytes) -> bool:
    if len(public) != 64:
        return False
    x, y = _int(public[:32]), _int(public[32:])
    if not (0 <= x < P and 0 <= y < P):
        return False
    return (y * y - (x * x * x + A * x + B)) % P == 0


def _crypt(private: bytes | None, public: bytes) -> CryptSM2:
    crypt = CryptSM2(private_key=private.hex() if private else "", public_key="")
    crypt.public_key = public.hex()  # set after __init__: never through its lstrip("04")
    return crypt


def public_key(private: bytes) -> bytes:
    """d·G as 64 bytes x‖y (no 04 prefix)."""
    d = _int(private)
    if not 1 <= d <= N - 2:
        raise ValueError("SM2 私钥超出范围 [1, n-2]")
    return bytes.fromhex(_crypt(private, b"")._kg(d, G))


def generate() -> tuple[bytes, bytes]:
    d = secrets.randbelow(N - 2) + 1
    private = d.to_bytes(32, "big")
    return private, public_key(private)


def z_value(public: bytes, uid: bytes = DEFAULT_ID) -> bytes:
    """Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5)."""
    entl = (len(uid) * 8).to_bytes(2, "big")
    return sm3(entl + uid + bytes.fromhex(default_ecc_table["a"] + default_ecc_table["b"] + G) + public)


def sign(private: bytes, message: bytes, uid: bytes = DEFAULT_ID, *, k: int | None = None) -> bytes:
    """An SM2 signature r‖s (64 bytes) of ``message`` with SM3 (GB/T 32918.2 §6.1)."""
    public = public_key(private)
    e = sm3(z_value(public, uid) + message)
    crypt = _crypt(private, public)
    while True:
        nonce = k if k is not None else secrets.randbelow(N - 1) + 1
        signature = crypt.sign(e, _hex(nonce))
        if signature is not None:
            return bytes.fromhex(signature)
        if k is not None:
            raise ValueError("该随机数 k 不能产生有效签名")


def verify(public: bytes, message: bytes, signature: bytes, uid: bytes = DEFAULT_ID) -> bool:
    """GB/T 32918.2 §7.1; False for any malformed key or signature rather than an exception."""
    if len(signature) != 64 or not on_curve(public):
        return False
    r, s = _int(signature[:32]), _int(signature[32:])
    if not (1 <= r < N and 1 <= s < N):
        return False
    e = sm3(z_value(public, uid) + message)
    return bool(_crypt(None, public).verify(signature.hex(), e))
