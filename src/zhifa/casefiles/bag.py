"""A streaming BagIt (RFC 8493) writer: the bag goes out as a .zip or .tar while it is read (R6).

Nothing of the payload is held in memory: each file is copied from the content-addressed blob
store in 1 MiB chunks straight into the archive stream. Because the store names every file by its
SHA-256, the payload manifest reuses that name instead of hashing gigabytes again — the digest
*is* the storage key, and the periodic fixity check re-hashes the stored files. The small
generated files (``casefile.json``, ``av-index.csv``) and the tag files are hashed here.

RFC 8493 §2.1.3 asks that CR, LF and ``%`` in a manifest path be percent-encoded. The names
written here never contain them (they are replaced when a name is made safe), because the
``bagit`` reference library of the Library of Congress (1.9) decodes ``%0D``/``%0A`` but not
``%25`` and would reject a conforming bag; :func:`encode_path` still applies the rule to every
line, so the manifest is correct whatever the name.
"""

import hashlib
import io
import re
import tarfile
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from zhifa.ledger import blobs

CHUNK = 1024 * 1024
BAGIT_VERSION = "1.0"
FORMATS = {"zip": "application/zip", "tar": "application/x-tar"}
# Characters that break a path on some file system, or a manifest line: replaced by "_".
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|%]')


class BagError(Exception):
    """The bag cannot be written (a payload file is missing from the store)."""


def encode_path(path: str) -> str:
    """RFC 8493 §2.1.3: percent-encode ``%``, CR and LF in a manifest path (``%`` first)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def safe_name(name: str, *, max_bytes: int = 180) -> str:
    """A file name fit for any file system and any manifest line: Chinese kept, separators replaced.

    Unicode is normalised to NFC (one spelling per name, as RFC 8493 advises), leading dots are
    removed (no hidden files), and long names are shortened by whole characters, keeping the extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = _UNSAFE.sub("_", name).strip().lstrip(".") or "未命名"
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    while len((stem + suffix).encode("utf-8")) > max_bytes and stem:
        stem = stem[:-1]
    return (stem or "未命名") + suffix


def human_size(octets: int) -> str:
    size = float(octets)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"  # pragma: no cover


@dataclass(frozen=True)
class PayloadFile:
    """One file under ``data/``: streamed from the blob store (``blob``) or generated (``content``)."""

    path: str
    size: int
    sha256: str
    blob: str = ""
    content: bytes | None = None

    @classmethod
    def from_bytes(cls, path: str, content: bytes) -> "PayloadFile":
        return cls(path, len(content), hashlib.sha256(content).hexdigest(), content=content)

    @classmethod
    def from_blob(cls, path: str, digest: str) -> "PayloadFile":
        """A stored file; its size is read from the store and its digest is its name there."""
        try:
            size = blobs.path_of(digest).stat().st_size
        except (ValueError, OSError) as exc:
            raise BagError(f"文件“{path}”（SHA-256 {digest}）不在存储中，无法导出") from exc
        return cls(path, size, digest, blob=digest)

    def chunks(self) -> Iterator[bytes]:
        if self.content is not None:
            yield self.content
            return
        with blobs.open_blob(self.blob) as handle:
            while chunk := handle.read(CHUNK):
                yield chunk


@dataclass
class Bag:
    """A bag to stream: ``name`` is its base directory, ``info`` the bag-info.txt elements in order."""

    name: str
    payload: list[PayloadFile]
    info: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        paths = [p.path for p in self.payload]
        if len(set(paths)) != len(paths):
            raise BagError("包内文件名重复")

    @property
    def octets(self) -> int:
        return sum(p.size for p in self.payload)

    @property
    def oxum(self) -> str:
        return f"{self.octets}.{len(self.payload)}"

    def tag_files(self) -> list[tuple[str, bytes]]:
        """bagit.txt, bag-info.txt and manifest-sha256.txt, then the tag manifest over the three."""
        bagit_txt = f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode()
        elements = [*self.info, ("Payload-Oxum", self.oxum), ("Bag-Size", human_size(self.octets))]
        bag_info = "".join(f"{label}: {_one_line(value)}\n" for label, value in elements).encode("utf-8")
        manifest = "".join(f"{p.sha256}  {encode_path('data/' + p.path)}\n" for p in self.payload).encode("utf-8")
        tags = [("bagit.txt", bagit_txt), ("bag-info.txt", bag_info), ("manifest-sha256.txt", manifest)]
        tagmanifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {encode_path(name)}\n" for name, data in tags)
        return [*tags, ("tagmanifest-sha256.txt", tagmanifest.encode("utf-8"))]

    def _entries(self):
        for name, data in self.tag_files():
            yield name, len(data), iter((data,))
        for item in self.payload:
            yield f"data/{item.path}", item.size, item.chunks()

    def stream(self, fmt: str) -> Iterator[bytes]:
        """The archive's bytes in order; no chunk is larger than a payload chunk plus headers."""
        if fmt not in FORMATS:
            raise ValueError(f"不支持的打包格式“{fmt}”")
        return (chunk for chunk in (self._zip() if fmt == "zip" else self._tar()) if chunk)

    def _zip(self) -> Iterator[bytes]:
        sink = _Sink()
        stamp = time.localtime()[:6]
        with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
            for name, size, chunks in self._entries():
                info = zipfile.ZipInfo(f"{self.name}/{name}", date_time=stamp)
                info.file_size = size  # lets zipfile choose ZIP64 for files over 4 GiB up front
                info.compress_type = zipfile.ZIP_STORED  # PDFs, photos and video do not compress
                info.external_attr = 0o644 << 16
                with archive.open(info, "w") as out:
                    for chunk in chunks:
                        out.write(chunk)
                        yield sink.drain()
            yield sink.drain()
        yield sink.drain()

    def _tar(self) -> Iterator[bytes]:
        written = 0
        now = int(time.time())
        for name, size, chunks in self._entries():
            info = tarfile.TarInfo(f"{self.name}/{name}")
            info.size, info.mtime, info.mode = size, now, 0o644
            header = info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
            yield header
            sent = 0
            for chunk in chunks:
                sent += len(chunk)
                yield chunk
            if sent != size:
                raise BagError(f"文件“{name}”的长度与登记的不符（{sent} ≠ {size} 字节）")
            padding = -size % tarfile.BLOCKSIZE
            yield b"\0" * padding
            written += len(header) + size + padding
        end = b"\0" * (2 * tarfile.BLOCKSIZE)
        written += len(end)
        yield end + b"\0" * (-written % tarfile.RECORDSIZE)

    def write(self, fileobj, fmt: str) -> int:
        """Write the whole bag to a binary file object; return the bytes written."""
        total = 0
        for chunk in self.stream(fmt):
            fileobj.write(chunk)
            total += len(chunk)
        return total


def _one_line(value) -> str:
    return " ".join(str(value).split())


class _Sink(io.RawIOBase):
    """An unseekable stream zipfile writes into; the bag's generator drains it after each chunk."""

    def __init__(self):
        self._chunks, self._position = [], 0

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self):
        return self._position

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data
