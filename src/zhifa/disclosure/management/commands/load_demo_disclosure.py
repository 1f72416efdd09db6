from django.core.management.base import BaseCommand

from zhifa.disclosure.demo import load_demo_disclosure


class Command(BaseCommand):
    help = "载入演示公示数据：公示规则、脱敏后公示的执法决定、一件撤下、岗位信息公示牌、投诉举报和年度报告草稿。"

    def handle(self, *args, **options):
        made = load_demo_disclosure()
        if not made:
            self.stdout.write("演示公示数据已存在，未重复载入。")
            return
        self.stdout.write(f"已公示执法决定 {made['published']} 件（其中1件已撤下），待公示 {made['pending']} 件；"
                          f"投诉举报 {made['complaints']} 件；{made['report']}草稿已生成。")
