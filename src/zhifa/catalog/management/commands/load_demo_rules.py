from django.core.management.base import BaseCommand
from django.db import transaction

from zhifa.catalog.demo import load_demo_rules
from zhifa.laws.library import load_shipped_library
from zhifa.laws.services import SYSTEM
from zhifa.organizations.models import Agency


class Command(BaseCommand):
    help = "载入演示规则：法律法规库、国家默认清单，以及各演示执法主体（市场监管、生态环境、城市管理）的权责清单；可重复运行"

    def handle(self, *args, **options):
        with transaction.atomic():
            laws = load_shipped_library(SYSTEM)
            versions = load_demo_rules(Agency.objects.order_by("pk"))
        self.stdout.write(f"已导入法律法规{len(laws)}部，发布清单{len(versions)}份")
