from django.core.management.base import BaseCommand
from django.db import transaction

from zhifa.catalog.defaults import load_national_defaults


class Command(BaseCommand):
    help = "载入国家默认清单：五类执法流程、音像记录事项清单、重大执法决定法制审核目录、裁量基准示例"

    def handle(self, *args, **options):
        with transaction.atomic():
            versions = load_national_defaults()
        for version in versions:
            self.stdout.write(f"已发布：{version.rule_list.name} 第{version.number}版")
        if not versions:
            self.stdout.write("国家默认清单均已存在")
