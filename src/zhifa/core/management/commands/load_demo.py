from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhifa.demo.loader import DemoDataError, format_table, load


def _message(exc) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "；".join(f"{field}：{'，'.join(errors)}" for field, errors in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "权限不足"


class Command(BaseCommand):
    help = (
        "载入演示辖区（蚌埠市）：司法局、市场监管、生态环境、城市管理三个执法部门和一支受委托执法队，"
        "人员、执法证、法制审核人员、顾问库、培训、装备和每个角色的登录账号。可重复运行，只补建缺少的记录。"
    )

    def handle(self, *args, **options):
        try:
            report = load()
        except (DemoDataError, ValidationError, PermissionDenied) as exc:
            raise CommandError(f"演示数据未载入，数据库未作任何更改：{_message(exc)}") from exc
        if report.total_created:
            counts = "、".join(f"{label}{n}条" for label, n in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"已载入演示数据：{counts}。"))
        else:
            self.stdout.write("演示数据已存在，未重复创建。")
        self.stdout.write("\n演示账号（所有账号密码相同）：\n" + format_table(report.logins) + "\n")
