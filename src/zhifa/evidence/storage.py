"""Bytes on disk: partial upload files, the resumable SHA-256, content sniffing, the move into the blob store.

Nothing here reads a whole file into memory: uploads arrive in :data:`CHUNK` pieces and are
hashed on the way. The running digest of each upload is kept in this process and saved beside the
partial file (:class:`DigestCache`, :mod:`zhifa.evidence.sha256`), so a PATCH that lands in another
worker process, or after a restart, takes it up where the last one stopped; only where the state
cannot be saved (no libcrypto) or was lost does a process re-hash the partial file once.
"""

import errno
import fcntl
import hashlib
import mimetypes
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import filetype
from django.conf import settings

from zhifa.ledger import blobs

from . import sha256

CHUNK = 1024 * 1024
SNIFF_BYTES = 8192  # what ``filetype`` looks at


def upload_dir() -> Path:
    folder = Path(getattr(settings, "EVIDENCE_UPLOAD_DIR", None) or (Path(settings.BLOB_DIR).parent / "uploads"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def partial_path(upload_id) -> Path:
    return upload_dir() / f"{upload_id}.part"


def state_path(upload_id) -> Path:
    """The saved running digest of an upload: offset (8 bytes, big-endian) and the SHA-256 state."""
    return upload_dir() / f"{upload_id}.sha256"


def max_upload() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD", 4 * 1024**3))


class Busy(Exception):
    """Another request is writing this upload right now."""


class PartialFile:
    """The partial file of one upload, locked (``flock``) against a second writer in any process."""

    def __init__(self, upload_id):
        self.path = partial_path(upload_id)
        self.handle = None

    def __enter__(self):
        self.handle = open(self.path, "r+b")  # noqa: SIM115 - closed in __exit__
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            self.handle.close()
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise Busy from error
            raise
        return self

    def __exit__(self, *exc):
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
        finally:
            self.handle.close()

    @property
    def size(self) -> int:
        return os.fstat(self.handle.fileno()).st_size

    def truncate(self, size: int):
        self.handle.truncate(size)
        self.handle.flush()


def create_partial(upload_id):
    with open(partial_path(upload_id), "xb"):
        pass


def remove_partial(upload_id):
    partial_path(upload_id).unlink(missing_ok=True)
    state_path(upload_id).unlink(missing_ok=True)


class DigestCache:
    """Running SHA-256 objects by upload id, valid only at the offset they were left at.

    In memory (LRU) for the process that wrote the last bytes, and on disk for every other one; both
    are written under the partial file's lock, so they never race a PATCH.
    """

    def __init__(self, size=256):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.rehashed_bytes = 0  # measured by the benchmark: the cost of resuming without a saved state

    def take(self, upload_id, offset: int, path: Path):
        """The digest of the first ``offset`` bytes: kept here, saved on disk, or re-hashed."""
        with self._lock:
            cached = self._items.pop(upload_id, None)
        if cached is not None and cached[0] == offset:
            return cached[1]
        saved = self._load(upload_id, offset)
        if saved is not None:
            return saved
        hasher = sha256.new()
        remaining = offset
        with open(path, "rb") as handle:
            while remaining:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    raise OSError(f"部分文件短于记录的偏移量 {offset}")
                hasher.update(chunk)
                remaining -= len(chunk)
        self.rehashed_bytes += offset
        return hasher

    def keep(self, upload_id, offset: int, hasher):
        with self._lock:
            self._items[upload_id] = (offset, hasher)
            self._items.move_to_end(upload_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        if isinstance(hasher, sha256.ResumableSHA256):
            target = state_path(upload_id)
            temporary = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_bytes(offset.to_bytes(8, "big") + hasher.state())
            os.replace(temporary, target)

    def forget(self, upload_id):
        with self._lock:
            self._items.pop(upload_id, None)
        state_path(upload_id).unlink(missing_ok=True)

    def _load(self, upload_id, offset: int):
        if not sha256.available():
            return None
        try:
            saved = state_path(upload_id).read_bytes()
        except OSError:
            return None
        if len(saved) != 8 + sha256.CTX_SIZE or int.from_bytes(saved[:8], "big") != offset:
            return None  # a state from before a rolled-back chunk, or damaged: re-hash instead
        return sha256.ResumableSHA256(saved[8:])


digests = DigestCache()


# Content sniffing ------------------------------------------------------------------------------

EXECUTABLE_TYPES = frozenset({
    "application/x-executable", "application/x-elf", "application/x-msdownload", "application/x-mach-binary",
    "application/vnd.microsoft.portable-executable", "application/x-dosexec", "application/x-sharedlib",
    "application/vnd.android.package-archive", "application/x-shockwave-flash",
})
EXECUTABLE_EXTENSIONS = frozenset({
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".ps1", ".vbs", ".js", ".jar", ".apk", ".sh", ".elf",
    ".so", ".dylib", ".app", ".cpl", ".hta",
})


def family(mime: str) -> str:
    """The coarse kind that must agree between what a file claims and what its bytes are."""
    mime = (mime or "").lower()
    if mime.startswith("image/"):
        return "image"
    if mime.startswith(("video/", "audio/")):
        return "av"  # containers (mp4, 3gp, ogg, webm) hold either; the bytes cannot always tell
    if mime == "application/pdf":
        return "pdf"
    return "other"


def declared_type(filename: str, filetype_header: str = "") -> str:
    """What the uploader claims: the declared MIME type, else the one the file name's extension implies."""
    declared = (filetype_header or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(filename or "")
    return (guessed or "").lower()


def sniff(head: bytes) -> str:
    """The MIME type the bytes show, or ``""`` when they match no known signature."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if head.startswith(b"\x7fELF"):
        return "application/x-elf"
    if head.startswith(b"MZ"):
        return "application/x-msdownload"
    if head.startswith(b"#!"):
        return "application/x-sh"
    return ""


def content_problem(filename: str, filetype_header: str, sniffed: str) -> str | None:
    """A Chinese reason why the file is refused, or ``None``: executables, and claims the bytes contradict."""
    if sniffed in EXECUTABLE_TYPES or sniffed == "application/x-sh":
        return "文件内容是可执行程序，不能作为证据上传"
    extension = Path(filename or "").suffix.lower()
    if extension in EXECUTABLE_EXTENSIONS:
        return f"不能上传扩展名为“{extension}”的可执行文件"
    claimed = declared_type(filename, filetype_header)
    labels = {"image": "图片", "av": "音视频", "pdf": "PDF文件", "other": "其他文件"}
    by_name, _ = mimetypes.guess_type(filename or "")
    for claim, source in ((claimed, "声明的文件类型"), ((by_name or "").lower(), "文件扩展名")):
        if not claim:
            continue
        if family(claim) != "other" and family(sniffed) != family(claim):
            actual = labels[family(sniffed)] if sniffed else "无法识别的内容"
            return f"{source}为{claim}（{labels[family(claim)]}），但文件内容实为{actual}：疑似伪造的文件类型"
        if family(sniffed) != "other" and family(claim) == "other" and claim not in ("application/octet-stream",):
            return f"{source}为{claim}，但文件内容实为{labels[family(sniffed)]}（{sniffed}）：疑似伪造的文件类型"
    return None


def read_head(path: Path, size=SNIFF_BYTES) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


# Into the blob store -----------------------------------------------------------------------------


def store(upload_id, digest: str) -> str:
    """Move a finished partial file into the blob store under ``digest`` (already computed on the way in).

    On the same file system this is a rename; across file systems the file is copied in chunks
    and hashed again on the way, and the copy is refused if the digest differs. Returns the digest.
    """
    source = partial_path(upload_id)
    target = blobs.path_of(digest)
    if target.exists():
        source.unlink()
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(source, 0o444)
    try:
        os.replace(source, target)
        return digest
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    fd, tmp = tempfile.mkstemp(dir=blobs.root(), prefix=".incoming-")
    try:
        hasher = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, open(source, "rb") as handle:
            while chunk := handle.read(CHUNK):
                hasher.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if hasher.hexdigest() != digest:
            raise OSError(f"复制到证据库时摘要不符：{hasher.hexdigest()} ≠ {digest}")
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    source.unlink()
    return digest
