"""``zhifa ledger checkpoint | export FILE | keygen | key``: operate the record journal."""

from django.core.management.base import BaseCommand, CommandError

from zhifa.ledger import keys, notes, services
from zhifa.ledger.export import export


class Command(BaseCommand):
    help = "执法记录日志：签发检查点、导出、生成或查看签名密钥"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("checkpoint", help="日志有增长时立即签发检查点")
        out = actions.add_parser("export", help="把日志与检查点导出为 JSON Lines，供离线校验")
        out.add_argument("file", help="导出文件路径（“-”为标准输出）")
        gen = actions.add_parser("keygen", help="生成检查点签名密钥（安装时执行一次）")
        gen.add_argument("--algorithm", choices=notes.ALGORITHMS, help="签名算法（默认按配置，通常为 ed25519）")
        gen.add_argument("--name", help="密钥名称，即日志来源（默认按配置）")
        gen.add_argument("--replace", action="store_true", help="更换现有密钥（旧公钥仍受信任）")
        actions.add_parser("key", help="显示检查点签名公钥")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "checkpoint":
            checkpoint = services.issue_checkpoint()
            if checkpoint is None:
                self.stdout.write("日志自上次检查点以来没有增长，未签发新检查点")
            else:
                self.stdout.write(checkpoint.note)
        elif action == "export":
            if options["file"] == "-":
                header = export(self.stdout._out.buffer)
            else:
                with open(options["file"], "wb") as handle:
                    header = export(handle)
                self.stdout.write(f"已导出 {header['entries']} 条日志、{header['checkpoints']} 个检查点到 {options['file']}")
        elif action == "keygen":
            try:
                key = keys.generate_signing_key(options["algorithm"], options["name"], replace=options["replace"])
            except (FileExistsError, notes.NoteError) as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"已生成 {key.algorithm} 签名密钥，公钥：\n{key.public_key.vkey()}")
        elif action == "key":
            key = keys.load_signing_key()
            if key is None:
                raise CommandError("尚未生成签名密钥：请运行 zhifa ledger keygen")
            self.stdout.write(key.public_key.vkey())
