"""``zhifa signing setup``: the demo PKI; ``zhifa signing check``: can every agency sign?"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.organizations.models import Agency
from zhifa.signing import pki


class Command(BaseCommand):
    help = "电子签章证书：setup 创建演示根证书并为各执法主体签发签章证书；check 检查各执法主体能否签章"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{setup,check}")
        setup = sub.add_parser("setup", help="创建演示根证书，并为尚无证书的执法主体签发演示签章证书")
        setup.add_argument(
            "--agency", action="append", metavar="USCC", help="只处理该统一社会信用代码的执法主体（可重复）"
        )
        setup.add_argument(
            "--reissue", action="store_true", help="重新签发已有的演示证书（不影响机关自有的PKCS#12证书）"
        )
        check = sub.add_parser(
            "check", help="逐一读取各执法主体的签章证书，报告其指纹、有效期或无法使用的原因"
        )
        check.add_argument("--agency", action="append", metavar="USCC")

    def handle(self, *args, action, agency=None, reissue=False, **options):
        agencies = Agency.objects.order_by("region_code", "name")
        if agency:
            agencies = agencies.filter(uscc__in=[code.strip().upper() for code in agency])
            missing = set(code.strip().upper() for code in agency) - set(
                agencies.values_list("uscc", flat=True)
            )
            if missing:
                raise CommandError(f"未找到统一社会信用代码为 {', '.join(sorted(missing))} 的执法主体")
        if action == "setup":
            self.setup(agencies, reissue)
        else:
            self.check(agencies)

    def setup(self, agencies, reissue):
        root, _, created = pki.ensure_demo_ca()
        self.stdout.write(
            f"{'已创建' if created else '已有'}演示根证书：{pki.demo_ca_dir()}（SHA-256 {pki.fingerprint(root)}）"
        )
        for agency in agencies:
            if pki.has_own_certificate(agency):
                self.stdout.write(f"{agency.name}：已放入机关自有证书，跳过")
                continue
            cert = pki.issue_demo_certificate(agency, replace=reissue)
            if cert is None:
                self.stdout.write(f"{agency.name}：已有演示证书，跳过（重新签发请加 --reissue）")
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"{agency.name}：已签发演示证书（SHA-256 {pki.fingerprint(cert)}）")
                )

    def check(self, agencies):
        failures = 0
        for agency in agencies:
            try:
                material = pki.load_material(agency)
            except pki.SigningUnavailable as exc:
                failures += 1
                self.stdout.write(self.style.ERROR(f"{agency.name}：{exc.message}"))
                continue
            cert = material.certificate
            self.stdout.write(
                f"{agency.name}：可以签章，证书 {material.source.name}，有效期至 {cert.not_valid_after_utc:%Y-%m-%d}，"
                f"SHA-256 {material.fingerprint}"
            )
        if failures:
            raise CommandError(f"{failures} 个执法主体无法签章")
