"""SHA-256 whose running state can be saved and taken up by another process.

An upload's PATCH requests may land in any worker process of the server (``zhifa serve`` runs several),
and ``hashlib`` objects cannot be saved, so without this each PATCH arriving in another process than the
last would read back and re-hash everything received so far. OpenSSL's ``SHA256_CTX`` is a plain,
documented structure (``openssl/sha.h``: eight state words, the bit count, one pending block), so the
running digest is saved as those 112 bytes beside the partial file and restored anywhere. The functions
are the same libcrypto the interpreter's ``hashlib`` uses (the same assembly, SHA instructions included).

:func:`available` is false where no libcrypto with the low-level functions can be loaded; callers then
fall back to ``hashlib`` and re-hash once per process.
"""

import ctypes
import ctypes.util
from pathlib import Path

CTX_SIZE = 112  # SHA256_CTX: h[8], Nl, Nh, data[16], num, md_len — 28 unsigned 32-bit words


def _load():
    import _hashlib  # noqa: F401 - loads the interpreter's libcrypto, so that maps names the very file

    candidates = []
    try:
        for line in Path("/proc/self/maps").read_text().splitlines():
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "libcrypto" in path and path not in candidates:
                candidates.append(path)
    except OSError:
        pass
    found = ctypes.util.find_library("crypto")
    if found:
        candidates.append(found)
    for candidate in candidates:
        try:
            lib = ctypes.CDLL(candidate)
            for name in ("SHA256_Init", "SHA256_Update", "SHA256_Final"):
                getattr(lib, name).restype = ctypes.c_int
            lib.SHA256_Update.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
            lib.SHA256_Init.argtypes = [ctypes.c_void_p]
            lib.SHA256_Final.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
            return lib
        except (OSError, AttributeError):
            continue
    return None


_lib = _load()


def available() -> bool:
    return _lib is not None


class ResumableSHA256:
    """The ``hashlib`` interface used by uploads (update, copy, digest, hexdigest) plus :meth:`state`."""

    name = "sha256"
    digest_size = 32

    def __init__(self, state: bytes | None = None):
        if _lib is None:
            raise RuntimeError("libcrypto 不可用，无法保存摘要状态")
        self._ctx = ctypes.create_string_buffer(CTX_SIZE)
        if state is None:
            _lib.SHA256_Init(self._ctx)
        elif len(state) != CTX_SIZE:
            raise ValueError(f"摘要状态应为 {CTX_SIZE} 字节，实为 {len(state)} 字节")
        else:
            ctypes.memmove(self._ctx, state, CTX_SIZE)

    def update(self, data) -> None:
        view = memoryview(data).cast("B")
        _lib.SHA256_Update(self._ctx, bytes(view) if not isinstance(data, bytes) else data, view.nbytes)

    def state(self) -> bytes:
        return self._ctx.raw

    def copy(self) -> "ResumableSHA256":
        return ResumableSHA256(self.state())

    def digest(self) -> bytes:
        out = ctypes.create_string_buffer(32)
        _lib.SHA256_Final(out, self.copy()._ctx)  # Final consumes the context: finish a copy
        return out.raw

    def hexdigest(self) -> str:
        return self.digest().hex()


def new():
    """A resumable SHA-256 where libcrypto allows, else ``hashlib``'s."""
    if available():
        return ResumableSHA256()
    import hashlib

    return hashlib.sha256()
