import pytest

from zhifa.signing import pki
from zhifa.signing.services import sign_pdf

from .pdfs import make_pdf


@pytest.fixture(autouse=True)
def key_dir(settings, tmp_path):
    """Keys go to the test's own directory, never to var/."""
    settings.KEY_DIR = tmp_path / "keys"
    return settings.KEY_DIR


@pytest.fixture
def demo_pki(agency, other_agency, far_agency):
    """The demo root and a signing certificate for each agency, as ``zhifa signing setup`` makes them."""
    for each in (agency, other_agency, far_agency):
        pki.issue_demo_certificate(each)
    return pki.demo_ca_dir() / "root.crt.pem"


@pytest.fixture
def source_pdf():
    return make_pdf(["Administrative penalty decision", "Bengbu AMR penalty [2026] No. 12"], pages=2)


@pytest.fixture
def signed(demo_pki, users, agency, source_pdf):
    """A two-page decision signed by the agency's officer."""
    from zhifa.accounts.roles import Role

    return sign_pdf(
        users[Role.OFFICER],
        agency,
        source_pdf,
        title="行政处罚决定书（张三）",
        document_number="蚌市监罚〔2026〕12号",
    )
