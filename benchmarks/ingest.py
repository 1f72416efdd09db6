"""Benchmark of evidence ingest (R3): a 1 GiB file over tus against the real server, beside ``sha256sum``.

    .venv/bin/python benchmarks/ingest.py [--size-mib 1024] [--chunk-mib 32] [--workdir /tmp]

In a throw-away folder it

* writes a file of random bytes (``os.urandom``) and times ``sha256sum`` on it (second run: the
  file is in the page cache for both, as it is for the upload);
* migrates a throw-away SQLite database, creates an agency, a handling officer with an API token
  and a case (``zhifa.testing``), and starts the real server — ``zhifa serve`` (gunicorn, two
  worker processes of 4 threads, DEBUG off) — in a subprocess on loopback; tuspy opens a new
  connection per PATCH, so consecutive chunks land in either worker;
* uploads the file with tuspy in ``--chunk-mib`` chunks over HTTP, times it from the creation
  POST to the last PATCH's answer (which includes moving the file into the blob store and the
  evidence transaction), checks that the evidence's SHA-256 is the file's, and reads the peak
  resident memory of each worker process (``VmHWM`` in ``/proc/<pid>/status``);
* measures resuming after a restart: uploads half the file, stops the server, starts a new one and
  resumes — the first PATCH after the restart takes up the running digest saved beside the partial
  file (``zhifa.evidence.sha256``), and its time is reported beside a normal chunk's;
* deletes every file it made.

Goals: upload throughput ≥ 0.5 × ``sha256sum``'s, server peak memory < 200 MB. Figures go to
stdout; docs/benchmarks.md ("Ingest") records them. Not part of the test suite.
"""

import argparse
import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
ZHIFA = str(ROOT / ".venv" / "bin" / "zhifa")


def make_file(path: Path, size: int) -> str:
    hasher = hashlib.sha256()
    piece = 64 * 1024 * 1024
    with path.open("wb") as out:
        left = size
        while left:
            block = os.urandom(min(piece, left))
            hasher.update(block)
            out.write(block)
            left -= len(block)
    return hasher.hexdigest()


def time_sha256sum(path: Path) -> tuple[float, str]:
    subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)  # page cache warm
    start = time.perf_counter()
    out = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out.split()[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([ZHIFA, "serve", f"127.0.0.1:{port}", "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("服务器未能在30秒内启动")


def workers(server: subprocess.Popen) -> list[int]:
    """The gunicorn worker processes (children of the master)."""
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(server: subprocess.Popen):
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


def setup_world(env: dict):
    """Migrate the throw-away database and create who and what the upload needs; returns (token, case pk)."""
    subprocess.run([ZHIFA, "migrate", "--verbosity", "0"], env=env, check=True)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhifa.settings"
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from zhifa.accounts.roles import Role
    from zhifa.testing import make_agency, make_case, make_officers, make_user

    agency = make_agency()
    head = make_user("bench_head", Role.AGENCY_HEAD, agency)
    people = make_officers(agency)
    officer = make_user("bench_officer", Role.OFFICER, agency, person=people[0])
    case = make_case(head, officers=people)
    return Token.objects.create(user=officer).key, case.pk, people[0].pk


def metadata(case_pk, collector_pk):
    from django.utils import timezone

    end = timezone.now()
    return {
        "case": str(case_pk), "filename": "benchmark.bin", "title": "基准测试文件", "description": "随机字节",
        "captured_to": end.isoformat(), "collector": str(collector_pk),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", type=int, default=32)
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    args = parser.parse_args()
    size, chunk = args.size_mib * 1024 * 1024, args.chunk_mib * 1024 * 1024
    work = Path(tempfile.mkdtemp(prefix="zhifa-ingest-", dir=args.workdir))
    server = None
    try:
        source = work / "evidence.bin"
        print(f"写入 {args.size_mib} MiB 随机文件 …", flush=True)
        expected = make_file(source, size)
        hash_seconds, summed = time_sha256sum(source)
        assert summed == expected
        var = work / "var"
        env = {**os.environ, "ZHIFA_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
               "ZHIFA_DEBUG": "0", "ZHIFA_LOG_LEVEL": "ERROR"}
        env.pop("ZHIFA_BLOB_DIR", None)
        env.pop("ZHIFA_EVIDENCE_UPLOAD_DIR", None)
        token, case_pk, collector_pk = setup_world(env)
        from tusclient import client as tus

        from zhifa.evidence.models import Evidence

        port = free_port()
        server = start_server(env, port)
        pids = workers(server)
        base_memory = max(peak_memory_mb(pid) for pid in pids)
        endpoint = tus.TusClient(f"http://127.0.0.1:{port}/evidence/uploads/",
                                 headers={"Authorization": f"Token {token}"})
        server_cpu = sum(cpu_seconds(pid) for pid in pids)
        client_cpu = time.process_time()
        start = time.perf_counter()
        uploader = endpoint.uploader(file_path=str(source), chunk_size=chunk, metadata=metadata(case_pk, collector_pk))
        uploader.upload()
        upload_seconds = time.perf_counter() - start
        server_cpu = sum(cpu_seconds(pid) for pid in pids) - server_cpu
        client_cpu = time.process_time() - client_cpu
        peak = max(peak_memory_mb(pid) for pid in pids)
        stored = Evidence.objects.order_by("-pk").first()
        assert stored is not None and stored.sha256 == expected, "摘要不符"

        # Resuming in another process: half, restart, the rest.
        resume = endpoint.uploader(file_path=str(source), chunk_size=chunk, metadata=metadata(case_pk, collector_pk))
        resume.upload(stop_at=size // 2)
        stop(server)
        server = start_server(env, port)
        again = tus.TusClient(f"http://127.0.0.1:{port}/evidence/uploads/", headers={"Authorization": f"Token {token}"})
        resumed = again.uploader(file_path=str(source), chunk_size=chunk, url=resume.url)
        times = []
        while resumed.offset < size:
            t = time.perf_counter()
            resumed.upload_chunk()
            times.append(time.perf_counter() - t)
        second = Evidence.objects.order_by("-pk").first()
        assert second.pk != stored.pk and second.sha256 == expected, "续传后摘要不符"

        mb = size / 1e6
        print()
        print(f"file: {args.size_mib} MiB ({size} bytes) random, chunk {args.chunk_mib} MiB")
        print(f"sha256sum:               {hash_seconds:6.2f} s  {mb / hash_seconds:7.1f} MB/s")
        print(f"tus upload (zhifa serve): {upload_seconds:6.2f} s  {mb / upload_seconds:7.1f} MB/s")
        print(f"ratio upload / sha256sum: {hash_seconds / upload_seconds:.2f}  (goal ≥ 0.5)")
        print(f"CPU during the upload:    server {server_cpu:.2f} s, client (tuspy) {client_cpu:.2f} s")
        print(f"server peak memory VmHWM: {peak:.0f} MB per worker (at start {base_memory:.0f} MB; goal < 200 MB)")
        print(f"digest confirmed:         {stored.sha256}")
        print(f"resume in a new process:  first PATCH {times[0]:.2f} s ({size // 2 // 1024**2} MiB already in), "
              f"other PATCHes median {statistics.median(times[1:]):.2f} s")
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
