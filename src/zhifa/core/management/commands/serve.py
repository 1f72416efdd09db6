"""``zhifa serve``: the platform's web server — gunicorn, several worker processes, threads in each.

Django's development server handles each request in a fresh thread of one process, with a new database
connection every time; a county box with two cores and a provincial cluster node both want what
production Python sites run: pre-forked workers (one per core by default), a few threads each for
requests that wait on the database or on an upload, connections kept between requests, a graceful stop
on SIGTERM. ``--dev`` keeps Django's development server (reloads on code changes) for working on Zhifa.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":") if ":" in value else ("127.0.0.1", "", value)
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise CommandError(f"监听地址“{value}”无效：端口必须是 1 至 65535 之间的数字，例如 127.0.0.1:8000")
    return host, int(port)


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise CommandError(f"环境变量 {name} 应为正整数，当前为“{value}”")
    return int(value)


def run_gunicorn(host: str, port: int, *, workers: int, threads: int, timeout: int, access_log: bool = False):
    """Serve the WSGI application until SIGTERM or SIGINT."""
    from gunicorn.app.base import BaseApplication

    from zhifa.wsgi import application

    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers, "threads": threads, "worker_class": "gthread" if threads > 1 else "sync",
        # gthread workers keep beating while a thread streams a large upload, so this bounds a hung worker
        # rather than a slow request.
        "timeout": timeout, "graceful_timeout": 30, "keepalive": 5,
        "accesslog": "-" if access_log else None, "errorlog": "-", "loglevel": "warning",
        "proc_name": "zhifa",
    }

    class Application(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    connections.close_all()  # the workers are forked from this process: no connection may be shared with them
    Application().run()


class Command(BaseCommand):
    help = "提供网页和接口服务（gunicorn：多进程、多线程、保持数据库连接）；--dev 使用 Django 开发服务器。"

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=None,
                            help="工作进程数，默认等于CPU核数（环境变量 ZHIFA_WORKERS）")
        parser.add_argument("--threads", type=int, default=None,
                            help="每个进程的线程数，默认 4（环境变量 ZHIFA_THREADS）")
        parser.add_argument("--timeout", type=int, default=120, help="无响应工作进程的重启时限（秒），默认 120")
        parser.add_argument("--access-log", action="store_true", help="在标准输出记录每个请求")
        parser.add_argument("--dev", action="store_true", help="使用 Django 开发服务器（修改代码后自动重载）")

    def handle(self, *args, address, workers, threads, timeout, access_log, dev, **options):
        host, port = _address(address)
        workers = workers if workers is not None else _env_int("ZHIFA_WORKERS", 0)
        threads = threads if threads is not None else _env_int("ZHIFA_THREADS", 4)
        if dev:
            call_command("runserver", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            return
        workers = workers or os.cpu_count() or 1
        if not 1 <= workers <= 64:
            raise CommandError(f"工作进程数（--workers）须在 1 至 64 之间，当前为 {workers}")
        if not 1 <= threads <= 64:
            raise CommandError(f"线程数（--threads）须在 1 至 64 之间，当前为 {threads}")
        if timeout < 1:
            raise CommandError(f"时限（--timeout）须为正整数秒，当前为 {timeout}")
        self.stdout.write(f"Zhifa 正在 http://{host}:{port}/ 提供服务：{workers} 个工作进程 × {threads} 个线程。按 Ctrl+C 停止。")
        self.stdout.flush()
        run_gunicorn(host, port, workers=workers, threads=threads, timeout=timeout, access_log=access_log)
