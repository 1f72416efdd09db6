import time

from django.core.management.base import BaseCommand

from zhifa.demo.cases import CASES, load_demo_cases


class Command(BaseCommand):
    help = "载入演示案件：市场监管局在一般程序每个环节各有案件，文书经 LibreOffice 生成并签章，证据经上传服务保存。"

    def handle(self, *args, **options):
        started = time.monotonic()
        cases = load_demo_cases()
        if not cases:
            self.stdout.write("演示案件已存在，未重复载入。")
            return
        from zhifa.review.demo import load_demo_reviews

        submissions = load_demo_reviews()
        self.stdout.write(f"已载入演示案件 {len(cases)} 件（共 {len(CASES)} 件，用时 {time.monotonic() - started:.0f} 秒），"
                          f"待法制审核 {len(submissions)} 件。")
