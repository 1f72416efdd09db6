from django.core.management.base import BaseCommand

from zhifa.supervision.demo import load_demo_supervision


class Command(BaseCommand):
    help = "载入执法监督演示数据：需监督的案件、预警扫描、案卷评查方案、通报和实施任务。可重复运行，只补建缺少的部分。"

    def handle(self, *args, **options):
        made = load_demo_supervision()
        result = made["scan"]
        parts = [f"案件{len(made['cases'])}件", f"实施任务{len(made['tasks'])}项"]
        if made["plan"]:
            parts.append(f"评查方案“{made['plan'].title}”")
        if made["notice"]:
            parts.append(f"通报“{made['notice'].title}”")
        self.stdout.write(f"执法监督演示数据：新建{'、'.join(parts)}；预警扫描发现{result.findings}条"
                          f"（新发出{result.raised}条，通知{result.notified}人次）。")
