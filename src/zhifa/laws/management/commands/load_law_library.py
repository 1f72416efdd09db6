from django.core.management.base import BaseCommand

from zhifa.laws.library import load_shipped_library
from zhifa.laws.services import SYSTEM


class Command(BaseCommand):
    help = "载入随系统发布的法律法规（行政处罚法全文及演示案件引用的条文）"

    def handle(self, *args, **options):
        for version in load_shipped_library(SYSTEM):
            self.stdout.write(f"已导入《{version.law.title}》{version.articles.count()}条")
