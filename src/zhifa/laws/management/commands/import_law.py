import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhifa.laws.importer import ImportError_, read_upload
from zhifa.laws.models import Law
from zhifa.laws.services import SYSTEM, import_law


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise CommandError(f"日期格式应为YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "导入一部法律法规（国家法律法规数据库格式的TXT或DOCX），作为其现行版本"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--level", required=True, choices=Law.Level.values)
        parser.add_argument("--issuing-body", default="")
        parser.add_argument("--promulgated", default="")
        parser.add_argument("--effective", default="")
        parser.add_argument("--short-title", action="append", default=[])
        parser.add_argument("--label", default="")
        parser.add_argument("--partial", action="store_true", help="节选条文，不检查条号连续")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            text = read_upload(file.name, file.read_bytes())
        except ImportError_ as exc:
            raise CommandError(str(exc)) from None
        metadata = {
            "level": options["level"], "issuing_body": options["issuing_body"], "label": options["label"],
            "promulgated_on": _date(options["promulgated"]), "effective_on": _date(options["effective"]),
            "short_titles": options["short_title"],
        }
        try:
            version = import_law(SYSTEM, text=text, metadata=metadata, partial=options["partial"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        chapters = len({a.chapter for a in version.articles.all() if a.chapter})
        self.stdout.write(f"已导入《{version.law.title}》：{version.articles.count()}条，{chapters}章")
