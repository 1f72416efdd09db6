"""Signing keys (R6): the demo PKI made at set-up, and the loader that reads an agency's key and certificate.

Everything lives under ``settings.KEY_DIR / "signing"``, outside the database, so that a database
dump never carries a private key::

    demo-ca/root.crt.pem, root.key.pem         demo root CA (``zhifa signing setup``)
    agencies/<USCC>/signer.p12                  the agency's own certificate (production; wins)
    agencies/<USCC>/signer.crt.pem, signer.key.pem [, chain.pem]
    agencies/<USCC>/passphrase                  optional, for an encrypted key or PKCS#12 file

The directory is named by the agency's unified social credit code, which the certificate must
carry too (``serialNumber`` or ``organizationIdentifier``; failing both, ``O`` must be the agency's
name): a certificate dropped into the wrong directory is refused, never used.
"""

import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

DEMO_ROOT_NAME = "Zhifa 演示根证书（仅供测试，不得用于生产）"
ROOT_VALIDITY = datetime.timedelta(days=3650)
SIGNER_VALIDITY = datetime.timedelta(days=3 * 365)
P12_NAME = "signer.p12"
CERT_NAME = "signer.crt.pem"
KEY_NAME = "signer.key.pem"
CHAIN_NAME = "chain.pem"
PASSPHRASE_NAME = "passphrase"


class SigningUnavailable(Exception):
    """The agency has no usable signing key: a configuration matter for the administrator, not bad input."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def signing_dir() -> Path:
    return Path(settings.KEY_DIR) / "signing"


def demo_ca_dir() -> Path:
    return signing_dir() / "demo-ca"


def agency_dir(agency) -> Path:
    return signing_dir() / "agencies" / agency.uscc


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER encoding, lower-case hex: how documents name their signer."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass(frozen=True)
class SignerMaterial:
    """An agency's private key, its certificate and the chain above it, as read from ``KEY_DIR``."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    chain: list[x509.Certificate] = field(default_factory=list)
    source: Path | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)

    def pyhanko_signer(self):
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        def der(cert):
            return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

        key = self.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return SimpleSigner(
            signing_cert=der(self.certificate),
            signing_key=asn1_keys.PrivateKeyInfo.load(key),
            cert_registry=SimpleCertificateStore.from_certs([der(c) for c in self.chain]),
        )


# Writing key material.


def _write(path: Path, data: bytes, *, private=False):
    """Write atomically; private keys are readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _now():
    return datetime.datetime.now(datetime.UTC)


def ensure_demo_ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey, bool]:
    """The demo root CA, created on first use; returns (certificate, key, created)."""
    cert_path, key_path = demo_ca_dir() / "root.crt.pem", demo_ca_dir() / "root.key.pem"
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return cert, key, False
    key = _new_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zhifa 演示"),
            x509.NameAttribute(NameOID.COMMON_NAME, DEMO_ROOT_NAME),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(key_path, _key_pem(key), private=True)
    _write(cert_path, _pem(cert))
    return cert, key, True


def demo_root() -> x509.Certificate | None:
    path = demo_ca_dir() / "root.crt.pem"
    return x509.load_pem_x509_certificate(path.read_bytes()) if path.exists() else None


def has_own_certificate(agency) -> bool:
    """A PKCS#12 file dropped in by the administrator: set-up leaves it alone."""
    return (agency_dir(agency) / P12_NAME).exists()


def issue_demo_certificate(agency, *, replace=False) -> x509.Certificate | None:
    """Issue the agency a signing certificate under the demo root; None if it already has one."""
    directory = agency_dir(agency)
    if not replace and ((directory / CERT_NAME).exists() or has_own_certificate(agency)):
        return None
    root_cert, root_key, _ = ensure_demo_ca()
    key = _new_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name),
            x509.NameAttribute(NameOID.COMMON_NAME, agency.name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, agency.uscc),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(min(now + SIGNER_VALIDITY, root_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    _write(directory / KEY_NAME, _key_pem(key), private=True)
    _write(directory / CHAIN_NAME, _pem(root_cert))
    _write(directory / CERT_NAME, _pem(cert))
    return cert


# Reading key material.


def _passphrase(directory: Path) -> bytes | None:
    path = directory / PASSPHRASE_NAME
    return path.read_bytes().rstrip(b"\r\n") if path.exists() else None


def _names_agency(cert: x509.Certificate, agency) -> bool:
    subject = cert.subject
    identifiers = [
        a.value
        for oid in (NameOID.SERIAL_NUMBER, NameOID.ORGANIZATION_IDENTIFIER)
        for a in subject.get_attributes_for_oid(oid)
    ]
    if identifiers:
        return any(agency.uscc in str(value).upper() for value in identifiers)
    return any(a.value == agency.name for a in subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))


def _check(material: SignerMaterial, agency) -> SignerMaterial:
    cert = material.certificate
    if cert.public_key().public_numbers() != material.private_key.public_key().public_numbers():
        raise SigningUnavailable(f"“{agency.name}”的签章私钥与证书不匹配")
    now = _now()
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise SigningUnavailable(
            f"“{agency.name}”的签章证书不在有效期内（{cert.not_valid_before_utc:%Y-%m-%d} 至 {cert.not_valid_after_utc:%Y-%m-%d}）"
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise SigningUnavailable(f"“{agency.name}”的证书不允许用于数字签名（密钥用法）")
    if not _names_agency(cert, agency):
        raise SigningUnavailable(
            f"该证书不属于“{agency.name}”：证书主题中的统一社会信用代码或单位名称与本机关不符"
        )
    return material


def load_material(agency) -> SignerMaterial:
    """The agency's signing key and certificate; :class:`SigningUnavailable` says why there is none."""
    directory = agency_dir(agency)
    password = _passphrase(directory)
    try:
        if (directory / P12_NAME).exists():
            key, cert, extra = pkcs12.load_key_and_certificates((directory / P12_NAME).read_bytes(), password)
            if key is None or cert is None:
                raise SigningUnavailable(f"“{agency.name}”的PKCS#12文件中缺少私钥或证书")
            material = SignerMaterial(cert, key, list(extra or []), directory / P12_NAME)
        elif (directory / CERT_NAME).exists() and (directory / KEY_NAME).exists():
            cert = x509.load_pem_x509_certificate((directory / CERT_NAME).read_bytes())
            key = serialization.load_pem_private_key((directory / KEY_NAME).read_bytes(), password=password)
            chain_path = directory / CHAIN_NAME
            chain = x509.load_pem_x509_certificates(chain_path.read_bytes()) if chain_path.exists() else []
            material = SignerMaterial(cert, key, chain, directory / CERT_NAME)
        else:
            raise SigningUnavailable(
                f"“{agency.name}”尚未配置签章证书：请管理员运行“zhifa signing setup”，或将本机关证书放入 {directory}"
            )
    except (ValueError, TypeError) as exc:
        raise SigningUnavailable(
            f"无法读取“{agency.name}”的签章证书或私钥（口令错误或文件损坏）：{exc}"
        ) from exc
    if not isinstance(material.private_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningUnavailable(f"“{agency.name}”的签章私钥类型不受支持（仅支持 RSA 与 ECDSA）")
    return _check(material, agency)
