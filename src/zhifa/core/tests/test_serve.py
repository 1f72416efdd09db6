"""``zhifa serve`` runs the platform under gunicorn: worker processes, threads, a clean stop."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_answers_pages_from_its_workers_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = dict(os.environ, ZHIFA_VAR_DIR=str(tmp_path), ZHIFA_DEBUG="0")
    env.pop("DATABASE_URL", None)
    zhifa = Path(sys.executable).parent / "zhifa"
    server = subprocess.Popen([str(zhifa), "serve", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(150):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        assert response.status == 200
        assert "登录" in response.read().decode()
        assert response.headers["Server"].startswith("gunicorn")
        workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=40)
    assert server.returncode == 0, output
    assert "2 个工作进程 × 2 个线程" in output


@pytest.mark.parametrize("args, message", [
    (["127.0.0.1:99999"], "端口必须是 1 至 65535"),
    (["localhost:http"], "端口必须是 1 至 65535"),
    (["--workers", "0", "127.0.0.1:8000"], None),  # 0 means one per CPU
    (["--workers", "500", "127.0.0.1:8000"], "工作进程数（--workers）须在 1 至 64 之间"),
    (["--threads", "0", "127.0.0.1:8000"], "线程数（--threads）须在 1 至 64 之间"),
    (["--timeout", "0", "127.0.0.1:8000"], "时限（--timeout）须为正整数秒"),
])
def test_bad_arguments_are_refused_with_the_rule(args, message, monkeypatch):
    from zhifa.core.management.commands import serve

    started = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda *a, **k: started.append((a, k)))
    if message is None:
        call_command("serve", *args)
        assert started[0][1]["workers"] == (os.cpu_count() or 1)
        return
    with pytest.raises(CommandError, match=message):
        call_command("serve", *args)
    assert not started


def test_worker_and_thread_counts_come_from_the_environment_and_bad_values_are_named(monkeypatch):
    from zhifa.core.management.commands import serve

    started = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda *a, **k: started.append(k))
    monkeypatch.setenv("ZHIFA_WORKERS", "3")
    monkeypatch.setenv("ZHIFA_THREADS", "2")
    call_command("serve", "127.0.0.1:8000")
    assert (started[0]["workers"], started[0]["threads"]) == (3, 2)
    monkeypatch.setenv("ZHIFA_WORKERS", "many")
    with pytest.raises(CommandError, match="环境变量 ZHIFA_WORKERS 应为正整数"):
        call_command("serve", "127.0.0.1:8000")
