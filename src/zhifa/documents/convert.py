"""DOCX → PDF with LibreOffice headless, fast and safe under concurrency.

A bare ``soffice --headless --convert-to pdf`` spends about a second starting LibreOffice for a
conversion that itself takes a tenth of that. So Zhifa keeps a small pool of *warm* LibreOffice
instances, each with its own user profile (``-env:UserInstallation``), and converts by running
``soffice --convert-to`` against that profile: LibreOffice's single-instance pipe hands the request
to the running instance, which converts and answers while the new process exits at once.

- One conversion at a time per instance: a slot is taken with an exclusive ``flock``, so any number
  of threads and worker processes share the pool without two of them driving one profile.
- Each instance keeps a small document open: a headless LibreOffice that has converted a document
  for a remote request and has no document left open terminates itself.
- Every conversion has a timeout; an instance that overruns it is killed (it is restarted on the
  next use) and the caller gets :class:`ConversionError` with a Chinese message.
- ``DOCUMENTS_CONVERTER = "cold"`` converts with a fresh process and a throw-away profile each
  time (slower, nothing left running); a missing LibreOffice is :class:`ConverterMissing`.

Fonts: the templates name Noto Serif/Sans CJK SC, which LibreOffice embeds (as subsets) in the PDF.
"""

import atexit
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

DEFAULT_TIMEOUT = 60
START_TIMEOUT = 30


class ConversionError(Exception):
    """The DOCX could not be turned into a PDF; the message says why, in Chinese."""


class ConverterMissing(ConversionError):
    pass


def soffice() -> str:
    configured = getattr(settings, "DOCUMENTS_SOFFICE", "") or shutil.which("soffice") or "/usr/bin/soffice"
    if not Path(configured).exists():
        raise ConverterMissing(
            f"找不到 LibreOffice（{configured}），无法将文书转换为PDF；请安装 libreoffice-writer 和 fonts-noto-cjk"
        )
    return configured


def base_dir() -> Path:
    configured = getattr(settings, "DOCUMENTS_CONVERTER_DIR", None)
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / f"zhifa-soffice-{os.getuid()}"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def pool_size() -> int:
    return max(1, int(getattr(settings, "DOCUMENTS_CONVERTERS", 2)))


def _timeout(timeout):
    return timeout or getattr(settings, "DOCUMENTS_CONVERT_TIMEOUT", DEFAULT_TIMEOUT)


def _url(path: Path) -> str:
    return path.resolve().as_uri()


def _pipe_path(profile: Path) -> Path:
    """LibreOffice's single-instance pipe for a profile (MD5 of the profile URL in UTF-16, unpadded hex)."""
    digest = hashlib.md5(_url(profile).encode("utf-16-le")).digest()  # noqa: S324 - LibreOffice's own naming, not security
    return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(format(b, 'x') for b in digest)}"


# Warm instances ---------------------------------------------------------------------------------

_started: dict[int, int] = {}  # process-group ids of the instances this process started
_started_lock = threading.Lock()


def _alive(pid: int, profile: Path) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:  # the group leader is the soffice wrapper; its children carry the profile on their command line
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        lines = [Path(f"/proc/{p}/cmdline").read_bytes() for p in [str(pid), *children]]
    except OSError:
        return False
    return any(_url(profile).encode() in line for line in lines)


def _kill_group(pgid: int):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _start(slot: int, profile: Path) -> int:
    keepalive = base_dir() / f"slot-{slot}-keepalive.txt"
    keepalive.write_text("Zhifa\n", encoding="utf-8")
    pipe = _pipe_path(profile)
    began = time.time()
    process = subprocess.Popen(
        [soffice(), "--headless", "--invisible", "--norestore", "--nologo", "--nolockcheck",
         f"-env:UserInstallation={_url(profile)}", str(keepalive)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    with _started_lock:
        _started[process.pid] = process.pid
    (base_dir() / f"slot-{slot}.pid").write_text(str(process.pid))
    deadline = began + START_TIMEOUT
    while time.time() < deadline:
        if process.poll() is not None:
            raise ConversionError(f"LibreOffice 启动后立即退出（退出码 {process.returncode}）")
        try:
            if pipe.stat().st_mtime >= began - 1 and _alive(process.pid, profile):
                time.sleep(0.05)
                return process.pid
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    _kill_group(process.pid)
    raise ConversionError(f"LibreOffice 在{START_TIMEOUT}秒内未能启动")


def _ensure_running(slot: int, profile: Path) -> int:
    pid_file = base_dir() / f"slot-{slot}.pid"
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        pid = 0
    if pid and _alive(pid, profile):
        return pid
    return _start(slot, profile)


@contextmanager
def _slot(timeout: float):
    """Take a free instance slot (an exclusive flock), waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    size = pool_size()
    start = os.getpid() % size
    while True:
        for k in range(size):
            slot = (start + k) % size
            handle = open(base_dir() / f"slot-{slot}.lock", "a+")  # noqa: SIM115 - held for the block
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield slot
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise ConversionError("文书转换服务繁忙，请稍后重试")
        time.sleep(0.02)


def _run(command, workdir: Path, timeout: float, *, on_timeout=None) -> Path:
    try:
        result = subprocess.run(command, cwd=workdir, capture_output=True, timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired as exc:
        if on_timeout:
            on_timeout()
        raise ConversionError(f"文书转换为PDF超时（超过{timeout:g}秒）") from exc
    except OSError as exc:
        raise ConverterMissing(f"无法运行 LibreOffice：{exc}") from exc
    output = workdir / "out" / "document.pdf"
    for _ in range(100):  # the forwarding process returns when the instance reports the request done
        if output.exists() and output.stat().st_size > 0:
            return output
        time.sleep(0.01)
    detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
    raise ConversionError(f"LibreOffice 未能将文书转换为PDF（退出码 {result.returncode}）：{detail or '无输出'}")


def _command(profile: Path, source: Path, outdir: Path) -> list[str]:
    return [soffice(), "--headless", "--norestore", "--nologo", f"-env:UserInstallation={_url(profile)}",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(source)]


def _seed_profile() -> Path:
    """A profile initialised once; cold conversions copy it instead of paying LibreOffice's first-run setup."""
    seed = base_dir() / "seed-profile"
    if not (seed / "user").exists():
        with tempfile.TemporaryDirectory(dir=base_dir()) as scratch:
            scratch = Path(scratch)
            (scratch / "document.txt").write_text("Zhifa", encoding="utf-8")
            profile = scratch / "profile"
            _run(_command(profile, scratch / "document.txt", scratch / "out"), scratch, START_TIMEOUT)
            (scratch / "out" / "document.pdf").rename(scratch / "out" / "ignored.pdf")
            try:
                profile.rename(seed)
            except OSError:
                pass  # another process seeded it first
    return seed


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF LibreOffice makes of ``docx``; raises :class:`ConversionError` (Chinese message) on failure."""
    timeout = _timeout(timeout)
    soffice()
    with tempfile.TemporaryDirectory(prefix="zhifa-convert-") as work:
        work = Path(work)
        source = work / "document.docx"
        source.write_bytes(docx)
        if getattr(settings, "DOCUMENTS_CONVERTER", "warm") == "cold":
            profile = work / "profile"
            shutil.copytree(_seed_profile(), profile)
            return _run(_command(profile, source, work / "out"), work, timeout).read_bytes()
        with _slot(timeout) as slot:
            profile = base_dir() / f"slot-{slot}"
            pid = _ensure_running(slot, profile)
            return _run(_command(profile, source, work / "out"), work, timeout,
                        on_timeout=lambda: _kill_group(pid)).read_bytes()


def shutdown():
    """Stop the instances this process started (tests, management commands, worker exit)."""
    with _started_lock:
        groups = list(_started)
        _started.clear()
    for pgid in groups:
        _kill_group(pgid)


atexit.register(shutdown)
