from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

_hex64 = RegexValidator(r"^[0-9a-f]{64}$", "应为64位小写十六进制字符")


class SignedDocument(models.Model):
    """An issued PDF signed with its agency's certificate (R6, P10): what the public page can vouch for.

    The PDF itself is not kept here (the case file stores it); the row holds only what proves a copy
    genuine: the digest of the signed file, the signer certificate's fingerprint, and an unguessable
    token that the QR code printed on the document carries to the public verification page.
    """

    token = models.CharField("核验令牌", max_length=64, unique=True, editable=False)
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="signed_documents",
        verbose_name="签发机关",
    )
    title = models.CharField("文书名称", max_length=200)
    document_number = models.CharField("文书编号", max_length=100, blank=True)
    signed_at = models.DateTimeField("签发时间")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签发人"
    )
    source_sha256 = models.CharField("签章前文件SHA-256", max_length=64, validators=[_hex64])
    sha256 = models.CharField("签章后文件SHA-256", max_length=64, unique=True, validators=[_hex64])
    size = models.PositiveBigIntegerField("文件大小（字节）")
    certificate_sha256 = models.CharField("签章证书SHA-256指纹", max_length=64, validators=[_hex64])

    class Meta:
        verbose_name = "已签章文书"
        verbose_name_plural = "已签章文书"
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.document_number or self.title}（{self.agency}）"
