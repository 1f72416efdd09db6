"""The checkpoint signing key, kept in files under ``settings.KEY_DIR/ledger`` — never in the database.

``signing-key.json`` holds the private key (mode 0600); every key ever used leaves a public
``<key id>.vkey`` beside it, and those files are the keys ``zhifa verify`` trusts, so checkpoints
signed before a key change still verify. Settings (or environment variables):
``LEDGER_SIGNATURE_ALGORITHM`` / ``ZHIFA_LEDGER_SIGNATURE`` (``ed25519`` or ``sm2``) and
``LEDGER_ORIGIN`` / ``ZHIFA_LEDGER_ORIGIN`` (the log's name, default: host of the public URL + ``/ledger``).
"""

import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from .notes import ALGORITHMS, NoteError, PrivateKey, PublicKey, check_name, parse_vkey

SIGNING_FILE = "signing-key.json"
logger = logging.getLogger(__name__)


def key_dir() -> Path:
    return Path(settings.KEY_DIR) / "ledger"


def configured_algorithm() -> str:
    algorithm = getattr(settings, "LEDGER_SIGNATURE_ALGORITHM", None) or os.environ.get("ZHIFA_LEDGER_SIGNATURE", "ed25519")
    if algorithm not in ALGORITHMS:
        raise NoteError(f"签名算法“{algorithm}”不受支持，可选：{'、'.join(ALGORITHMS)}")
    return algorithm


def default_origin() -> str:
    origin = getattr(settings, "LEDGER_ORIGIN", None) or os.environ.get("ZHIFA_LEDGER_ORIGIN")
    if not origin:
        host = urlsplit(settings.ZHIFA.get("PUBLIC_BASE_URL", "")).netloc or "zhifa.localhost"
        origin = f"{host}/ledger"
    return check_name(origin)


def _write(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_signing_key() -> PrivateKey | None:
    path = key_dir() / SIGNING_FILE
    if not path.exists():
        return None
    return PrivateKey.from_json(path.read_text(encoding="utf-8"))


def generate_signing_key(algorithm: str | None = None, name: str | None = None, *, replace: bool = False) -> PrivateKey:
    """Create the signing key (set-up); ``replace`` rotates it, keeping the old public key trusted."""
    path = key_dir() / SIGNING_FILE
    if path.exists() and not replace:
        raise FileExistsError(f"签名密钥已存在：{path}（如需更换请使用 --replace）")
    key = PrivateKey.generate(name or default_origin(), algorithm or configured_algorithm())
    _write(key_dir() / f"{key.public_key.key_id.hex()}.vkey", key.public_key.vkey() + "\n", 0o644)
    _write(path, key.to_json(), 0o600)
    logger.warning("已生成日志检查点签名密钥 %s（%s）", key.public_key.vkey(), key.algorithm)
    return key


def signing_key() -> PrivateKey:
    """The key that signs checkpoints, created on first use if set-up did not create it."""
    return load_signing_key() or generate_signing_key()


def trusted_keys() -> list[PublicKey]:
    """Every public key this installation ever signed with (``*.vkey`` under the key directory)."""
    folder = key_dir()
    if not folder.exists():
        return []
    return [parse_vkey(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.vkey"))]
