"""Checkpoints (C2SP tlog-checkpoint) signed as C2SP signed notes, with Ed25519 or SM2 — pure, no database.

A checkpoint is the text::

    <origin>\\n<tree size>\\n<base64 root hash>\\n

and a signed note is that text, a blank line, and one line per signature::

    — <key name> base64(key ID (4 bytes) ‖ signature)\\n

Key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4]. Ed25519 is signature type
0x01 (RFC 8032 over the note text). SM2 has no byte assigned by the signed-note spec, which
reserves 0xff for such types "followed by a longer identifier": its type is 0xff ‖ "zhifa-sm2-sm3",
the public key is x‖y (64 bytes), the signature r‖s (64 bytes) over the note text with SM3 and
the default identity 1234567812345678. Verifier keys are written ``<name>+<hex key ID>+<base64(type ‖ key)>``
as in the Go implementation (golang.org/x/mod/sumdb/note).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import gm

ED25519 = "ed25519"
SM2 = "sm2"
ALGORITHMS = (ED25519, SM2)
TYPES = {ED25519: b"\x01", SM2: b"\xffzhifa-sm2-sm3"}
KEY_SIZES = {ED25519: 32, SM2: 64}
MAX_SIGNATURES = 16
_NAME = re.compile(r"^[^\s+]+$")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class NoteError(ValueError):
    """A note, checkpoint or key that is malformed or whose signature does not verify."""


def check_name(name: str) -> str:
    if not name or not _NAME.match(name):
        raise NoteError(f"密钥名称“{name}”无效：不能为空，不能含空白或“+”")
    return name


def key_id(name: str, algorithm: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + TYPES[algorithm] + public).digest()[:4]


@dataclass(frozen=True)
class PublicKey:
    name: str
    algorithm: str
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.algorithm, self.public)

    def vkey(self) -> str:
        data = base64.b64encode(TYPES[self.algorithm] + self.public).decode()
        return f"{self.name}+{self.key_id.hex()}+{data}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        if self.algorithm == ED25519:
            try:
                Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
            except (InvalidSignature, ValueError):
                return False
            return True
        return gm.verify(self.public, message, signature)


@dataclass(frozen=True)
class PrivateKey:
    name: str
    algorithm: str
    private: bytes
    public: bytes

    @classmethod
    def generate(cls, name: str, algorithm: str = ED25519) -> PrivateKey:
        check_name(name)
        if algorithm == ED25519:
            key = Ed25519PrivateKey.generate()
            return cls.from_private(name, algorithm, key.private_bytes_raw())
        if algorithm == SM2:
            private, public = gm.generate()
            return cls(name, algorithm, private, public)
        raise NoteError(f"不支持的签名算法“{algorithm}”，可选：{'、'.join(ALGORITHMS)}")

    @classmethod
    def from_private(cls, name: str, algorithm: str, private: bytes) -> PrivateKey:
        check_name(name)
        if algorithm == ED25519:
            public = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
        elif algorithm == SM2:
            public = gm.public_key(private)
        else:
            raise NoteError(f"不支持的签名算法“{algorithm}”")
        return cls(name, algorithm, private, public)

    @property
    def public_key(self) -> PublicKey:
        return PublicKey(self.name, self.algorithm, self.public)

    def sign(self, message: bytes) -> bytes:
        if self.algorithm == ED25519:
            return Ed25519PrivateKey.from_private_bytes(self.private).sign(message)
        return gm.sign(self.private, message)

    def to_json(self) -> str:
        return json.dumps({"algorithm": self.algorithm, "name": self.name, "private_key": self.private.hex(),
                           "public_key": self.public.hex()}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PrivateKey:
        data = json.loads(text)
        key = cls.from_private(data["name"], data["algorithm"], bytes.fromhex(data["private_key"]))
        if key.public.hex() != data.get("public_key", key.public.hex()):
            raise NoteError("私钥文件中的公钥与私钥不匹配")
        return key


def parse_vkey(text: str) -> PublicKey:
    """A verifier key ``name+hexid+base64``; its key ID must match the key it carries."""
    parts = text.strip().split("+", 2)  # the base64 part may itself contain "+"
    if len(parts) != 3:
        raise NoteError("公钥格式应为“名称+密钥ID+Base64”")
    name, hex_id, data = parts
    check_name(name)
    try:
        raw = base64.b64decode(data, validate=True)
        wanted = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError):
        raise NoteError("公钥的密钥ID或Base64部分无法解码") from None
    for algorithm, prefix in TYPES.items():
        if raw.startswith(prefix) and len(raw) == len(prefix) + KEY_SIZES[algorithm]:
            key = PublicKey(name, algorithm, raw[len(prefix):])
            break
    else:
        raise NoteError("公钥的签名类型不受支持（应为 Ed25519 或 SM2）")
    if key.key_id != wanted:
        raise NoteError("公钥的密钥ID与公钥内容不符")
    if algorithm == SM2 and not gm.on_curve(key.public):
        raise NoteError("SM2 公钥不在曲线上")
    return key


def sign_note(text: str, keys: list[PrivateKey]) -> str:
    if not text.endswith("\n") or _CONTROL.search(text):
        raise NoteError("签名文本必须以换行结尾，且不含控制字符")
    lines = []
    for key in keys:
        signature = base64.b64encode(key.public_key.key_id + key.sign(text.encode())).decode()
        lines.append(f"\u2014 {key.name} {signature}\n")
    return text + "\n" + "".join(lines)


@dataclass(frozen=True)
class OpenedNote:
    text: str
    verified_by: tuple[PublicKey, ...]


def open_note(note: str, keys: list[PublicKey]) -> OpenedNote:
    """Verify a signed note against trusted ``keys`` (C2SP signed-note rules) and return its text."""
    if _CONTROL.search(note):
        raise NoteError("签名文本含控制字符")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise NoteError("签名文本缺少空行分隔的签名行")
    text, block = note[: split + 1], note[split + 2 :]
    known = {(k.name, k.key_id): k for k in keys}
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"签名行超过 {MAX_SIGNATURES} 个")
    verified = []
    for line in lines:
        match = re.fullmatch(r"\u2014 (\S+) (\S+)", line)
        if not match:
            raise NoteError(f"签名行格式错误：{line[:60]}")
        name, data = match.groups()
        try:
            raw = base64.b64decode(data, validate=True)
        except binascii.Error:
            raise NoteError(f"签名行的 Base64 无法解码：{name}") from None
        if len(raw) < 5:
            raise NoteError(f"签名过短：{name}")
        key = known.get((name, raw[:4]))
        if key is None:
            continue  # unknown keys are ignored, as the spec requires
        if not key.verify(text.encode(), raw[4:]):
            raise NoteError(f"密钥 {name}（{raw[:4].hex()}）的签名验证失败")
        verified.append(key)
    if not verified:
        raise NoteError("没有受信任公钥的有效签名")
    return OpenedNote(text, tuple(verified))


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        body = f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"
        return body + "".join(f"{line}\n" for line in self.extensions)


def parse_checkpoint(text: str) -> Checkpoint:
    """The body of a C2SP tlog-checkpoint: origin, decimal size, base64 root, extension lines."""
    if not text.endswith("\n"):
        raise NoteError("检查点必须以换行结尾")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("检查点至少要有来源、树大小、根哈希三行")
    origin, size, root, *extensions = lines
    if not origin:
        raise NoteError("检查点的来源行为空")
    if not re.fullmatch(r"0|[1-9][0-9]*", size):
        raise NoteError(f"检查点的树大小“{size[:30]}”不是十进制整数")
    try:
        digest = base64.b64decode(root, validate=True)
    except binascii.Error:
        raise NoteError("检查点的根哈希不是 Base64") from None
    if len(digest) != 32:
        raise NoteError("检查点的根哈希不是 32 字节")
    if any(not line for line in extensions):
        raise NoteError("检查点的扩展行不能为空")
    return Checkpoint(origin, int(size), digest, tuple(extensions))


def open_checkpoint(note: str, keys: list[PublicKey], origin: str | None = None) -> Checkpoint:
    opened = open_note(note, keys)
    checkpoint = parse_checkpoint(opened.text)
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(f"检查点来源“{checkpoint.origin}”不是本日志“{origin}”")
    return checkpoint
