from django.core.management.base import BaseCommand

from zhifa.inspections.demo import load_demo_inspections


class Command(BaseCommand):
    help = "载入双随机抽查演示数据：检查对象名录、回避登记、两个已抽取的抽查计划（其中一个已公示结果）。"

    def handle(self, *args, **options):
        made = load_demo_inspections()
        if not made:
            self.stdout.write("双随机抽查演示数据已存在（或没有随机抽查事项），未重复载入。")
            return
        self.stdout.write(f"双随机抽查：检查对象{made['targets']}个；计划{made['published']}已公示结果，"
                          f"计划{made['waiting']}待公示；共录入检查结果{made['results']}条。")
