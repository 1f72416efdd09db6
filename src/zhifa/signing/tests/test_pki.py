"""R6: set-up makes a demo PKI outside the database; production drops in each agency's own certificate."""

import datetime
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from zhifa.accounts.roles import Role
from zhifa.signing import pki
from zhifa.signing.services import sign_pdf

from .pdfs import make_pdf, pdfsig

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("signing", *args, stdout=out)
    return out.getvalue()


def own_certificate(agency, *, name=None, uscc=None, days=365, key=None, usage=True):
    """A certificate as an outside CA would issue it to the agency (self-signed here, ECDSA P-256)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    attrs = [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name or agency.name),
        x509.NameAttribute(NameOID.COMMON_NAME, name or agency.name),
    ]
    if uscc != "":
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, uscc or agency.uscc))
    subject = x509.Name(attrs)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=400 if days < 0 else 1))
        .not_valid_after(now + datetime.timedelta(days=days))
    )
    builder = builder.add_extension(
        x509.KeyUsage(
            digital_signature=usage,
            content_commitment=usage,
            key_encipherment=not usage,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        ),
        critical=True,
    )
    return builder.sign(key, hashes.SHA256()), key


def drop_p12(agency, cert, key, password=None):
    directory = pki.agency_dir(agency)
    directory.mkdir(parents=True, exist_ok=True)
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    (directory / "signer.p12").write_bytes(
        pkcs12.serialize_key_and_certificates(b"seal", key, cert, None, encryption)
    )
    return directory


def drop_pem(agency, cert, key, password=None):
    directory = pki.agency_dir(agency)
    directory.mkdir(parents=True, exist_ok=True)
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    (directory / "signer.crt.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "signer.key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    )
    return directory


def test_r6_setup_makes_a_root_and_one_certificate_per_agency(agency, other_agency, key_dir):
    output = run("setup")
    assert "已创建演示根证书" in output and "蚌埠市市场监督管理局：已签发演示证书" in output
    root = pki.demo_root()
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    for each in (agency, other_agency):
        material = pki.load_material(each)
        cert = material.certificate
        subject = {a.oid: a.value for a in cert.subject}
        assert subject[NameOID.COMMON_NAME] == each.name and subject[NameOID.ORGANIZATION_NAME] == each.name
        assert subject[NameOID.SERIAL_NUMBER] == each.uscc
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
        assert cert.issuer == root.subject
        cert.verify_directly_issued_by(root)
        assert material.chain == [root]
    key_file = pki.agency_dir(agency) / "signer.key.pem"
    assert key_file.is_relative_to(key_dir)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((pki.demo_ca_dir() / "root.key.pem").stat().st_mode) == 0o600


def test_r6_setup_is_idempotent_and_reissues_only_on_request(agency):
    run("setup")
    first = pki.load_material(agency).fingerprint
    again = run("setup")
    assert "已有演示根证书" in again and "已有演示证书，跳过" in again
    assert pki.load_material(agency).fingerprint == first
    run("setup", "--reissue", "--agency", agency.uscc.lower())
    assert pki.load_material(agency).fingerprint != first


def test_r6_setup_for_an_unknown_agency_says_so(agency):
    with pytest.raises(CommandError, match="未找到统一社会信用代码为 NOPE 的执法主体"):
        run("setup", "--agency", "nope")


def test_r6_check_reports_who_can_sign_and_fails_for_who_cannot(agency, other_agency):
    run("setup", "--agency", agency.uscc)
    with pytest.raises(CommandError, match="1 个执法主体无法签章"):
        run("check")
    output = run("check", "--agency", agency.uscc)
    assert "蚌埠市市场监督管理局：可以签章" in output and pki.load_material(agency).fingerprint in output


def test_r6_an_agencys_own_pkcs12_certificate_wins_and_signs(agency, users, tmp_path):
    run("setup")
    cert, key = own_certificate(agency)
    drop_p12(agency, cert, key, password=b"s3cret-pass")
    (pki.agency_dir(agency) / "passphrase").write_bytes(b"s3cret-pass\n")
    material = pki.load_material(agency)
    assert material.fingerprint == pki.fingerprint(cert) and material.source.name == "signer.p12"
    assert "已放入机关自有证书，跳过" in run("setup", "--reissue")
    assert pki.load_material(agency).fingerprint == pki.fingerprint(cert)  # set-up left it alone

    document = sign_pdf(users[Role.OFFICER], agency, make_pdf(), title="行政处罚决定书")
    assert document.certificate_sha256 == pki.fingerprint(cert)
    assert "Signature Validation: Signature is Valid." in pdfsig(document.pdf, tmp_path)  # ECDSA works too


def test_r6_a_wrong_passphrase_is_reported_not_raised_as_a_crash(agency):
    cert, key = own_certificate(agency)
    drop_p12(agency, cert, key, password=b"right")
    (pki.agency_dir(agency) / "passphrase").write_bytes(b"wrong")
    with pytest.raises(pki.SigningUnavailable, match="口令错误或文件损坏"):
        pki.load_material(agency)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"uscc": "91340300MA2XXXXXX1"}, "该证书不属于"),
        ({"uscc": "", "name": "某某公司"}, "该证书不属于"),
        ({"days": -1}, "不在有效期内"),
        ({"usage": False}, "不允许用于数字签名"),
    ],
)
def test_r6_a_certificate_that_does_not_fit_the_agency_is_refused(agency, kwargs, message):
    cert, key = own_certificate(agency, **kwargs)
    drop_p12(agency, cert, key)
    with pytest.raises(pki.SigningUnavailable, match=message):
        pki.load_material(agency)


def test_r6_a_certificate_naming_the_agency_only_by_name_is_accepted(agency):
    cert, key = own_certificate(agency, uscc="")
    drop_p12(agency, cert, key)
    assert pki.load_material(agency).fingerprint == pki.fingerprint(cert)


def test_r6_pem_key_and_certificate_can_be_dropped_in_too(agency):
    cert, key = own_certificate(agency)
    directory = drop_pem(agency, cert, key, password=b"pem-pass")
    (directory / "passphrase").write_text("pem-pass")
    material = pki.load_material(agency)
    assert material.fingerprint == pki.fingerprint(cert) and material.chain == []


def test_r6_a_key_that_does_not_match_the_certificate_is_refused(agency):
    cert, _ = own_certificate(agency)
    other_key = ec.generate_private_key(ec.SECP256R1())
    drop_pem(agency, cert, other_key)
    with pytest.raises(pki.SigningUnavailable, match="私钥与证书不匹配"):
        pki.load_material(agency)


def test_r6_unsupported_key_types_are_refused(agency):
    key = ed25519.Ed25519PrivateKey.generate()
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, None)
    )
    drop_p12(agency, cert, key)
    with pytest.raises(pki.SigningUnavailable, match="仅支持 RSA 与 ECDSA"):
        pki.load_material(agency)
