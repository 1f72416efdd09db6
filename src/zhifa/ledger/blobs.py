"""The content-addressed blob store: a file's name is the SHA-256 of its contents (R6).

Files live at ``BLOB_DIR/ab/cd/<64 hex digits>``. Storing the same contents twice stores them
once; a blob is never changed in place, so re-hashing every file (``fixity``) proves none was
altered on disk. The journal records a file by this digest, never its contents.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CHUNK = 1024 * 1024
_HEX = re.compile(r"^[0-9a-f]{64}$")


def root() -> Path:
    return Path(settings.BLOB_DIR)


def path_of(digest: str) -> Path:
    if not _HEX.match(digest):
        raise ValueError(f"“{digest[:80]}”不是 64 位小写十六进制的 SHA-256 摘要")
    return root() / digest[:2] / digest[2:4] / digest


def put(fileobj) -> str:
    """Store the contents of a binary file object; return their SHA-256 (hex)."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    hasher = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=base, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := fileobj.read(CHUNK):
                hasher.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        digest = hasher.hexdigest()
        target = path_of(digest)
        if target.exists():
            os.unlink(tmp)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        return digest
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def put_bytes(data: bytes) -> str:
    import io

    return put(io.BytesIO(data))


def exists(digest: str) -> bool:
    return path_of(digest).is_file()


def open_blob(digest: str):
    return path_of(digest).open("rb")


@dataclass(frozen=True)
class FixityProblem:
    path: str
    message: str


def _sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def fixity(base: Path | None = None) -> Iterator[tuple[int, FixityProblem | None]]:
    """Re-hash every stored file in name order; yield (files checked, problem or None) per file."""
    base = base or root()
    if not base.exists():
        return
    checked = 0
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        relative = path.relative_to(base).as_posix()
        if path.name.startswith(".incoming-"):
            continue  # a write in progress or interrupted; not yet a blob
        checked += 1
        name = path.name
        if not _HEX.match(name) or relative != f"{name[:2]}/{name[2:4]}/{name}":
            yield checked, FixityProblem(relative, "文件不在内容寻址位置（名称应为其 SHA-256）")
            continue
        actual = _sha256_file(path)
        if actual != name:
            yield checked, FixityProblem(relative, f"文件内容已改变：SHA-256 现为 {actual}")
        else:
            yield checked, None
