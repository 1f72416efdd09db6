"""``zhifa verify``: prove the journal intact — from the database, or from an export with no database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhifa.ledger import notes, offline


def _key(text: str) -> notes.PublicKey:
    path = Path(text)
    try:
        return notes.parse_vkey(path.read_text(encoding="utf-8") if path.is_file() else text)
    except notes.NoteError as exc:
        raise CommandError(f"公钥“{text[:60]}”无效：{exc}") from None


class Command(BaseCommand):
    help = "校验执法记录日志：重算默克尔树、核对签名检查点、复核存储文件；发现问题时以非零状态退出"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--export", metavar="FILE", help="校验导出文件（不连接数据库）")
        parser.add_argument("--key", action="append", default=[], metavar="VKEY",
                            help="受信任公钥（名称+密钥ID+Base64，或其文件），可多次指定")
        parser.add_argument("--no-blobs", action="store_true", help="不复核存储文件")

    def handle(self, *args, **options):
        keys = [_key(k) for k in options["key"]]
        if options["export"]:
            try:
                report = offline.verify_export(options["export"], keys or None)
            except (offline.ExportError, notes.NoteError, OSError) as exc:
                raise CommandError(f"无法读取导出文件：{exc}") from None
        else:
            from zhifa.ledger.verify import verify_database

            report = verify_database(check_blobs=not options["no_blobs"], extra_keys=keys)
        for line in report.lines():
            (self.stdout if report.ok or not line.startswith("错误") else self.stderr).write(line)
        if not report.ok:
            raise CommandError(report.problems[0].message, returncode=1)
