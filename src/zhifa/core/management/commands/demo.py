import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhifa.organizations.models import Certificate


class Command(BaseCommand):
    help = "一条命令体验 Zhifa：迁移数据库、收集静态文件、载入演示辖区、列出演示账号，然后在 127.0.0.1:8000 提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="监听端口（默认 8000）")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务（用于测试和部署脚本）")
        parser.add_argument("--no-worker", action="store_true", help="不同时启动后台任务进程（预警扫描、检查点、过期上传清理）")

    def handle(self, *args, addr, port, no_serve, no_worker, verbosity, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"端口必须在 1 至 65535 之间，当前为 {port}")
        quiet = max(verbosity - 1, 0)
        call_command("migrate", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.stdout.write("数据库已迁移到最新结构。")
        call_command("collectstatic", interactive=False, verbosity=quiet, stdout=self.stdout)
        call_command("load_demo", stdout=self.stdout, stderr=self.stderr)
        call_command("load_demo_rules", stdout=self.stdout, stderr=self.stderr)  # laws, national lists, powers
        call_command("signing", "setup", stdout=self.stdout)  # demo CA and a signing certificate per agency
        call_command("load_demo_cases", stdout=self.stdout)  # a case at every stage, documents signed
        call_command("load_demo_disclosure", stdout=self.stdout)  # published decisions, a withdrawal, complaints
        call_command("load_demo_inspections", stdout=self.stdout)  # 双随机: a published plan and one in progress
        call_command("load_demo_supervision", stdout=self.stdout)  # warnings, an evaluation, a notice, tasks
        call_command("ledger", "checkpoint", stdout=self.stdout)  # the first signed tree head over the demo records

        host = f"[{addr}]" if ":" in addr else addr
        base = f"http://{host}:{port}"
        self.stdout.write(f"工作台：{base}/accounts/login/    接口文档：{base}/api/docs/    公示平台：{base}/gs/")
        example = Certificate.objects.filter(person__user__username="officer").values_list("number", flat=True).first()
        if example:
            self.stdout.write(f"执法人员核验示例：{base}/gs/officers/{example}/")
        if no_serve:
            return
        if "ZHIFA_PUBLIC_BASE_URL" not in os.environ:
            settings.ZHIFA = {**settings.ZHIFA, "PUBLIC_BASE_URL": base}  # the QR codes lead to this server
        worker = None if no_worker else self._start_worker()
        try:
            call_command("serve", f"{host}:{port}", stdout=self.stdout)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)

    def _start_worker(self):
        """The Huey consumer beside the server, so warnings, checkpoints and clean-ups run in the demo too."""
        process = subprocess.Popen([sys.executable, "-m", "zhifa.cli", "worker"], env=dict(os.environ))
        self.stdout.write(f"后台任务进程已启动（pid {process.pid}）：定时预警扫描、日志检查点、过期上传清理。")
        return process
