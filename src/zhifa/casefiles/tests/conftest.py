"""Fixtures of the case-file tests: a head, a crew, the national rules, the agency's signing key, private stores.

Every record a test puts into a case file is real: see :mod:`.records`.
"""

import pytest

from zhifa.accounts.roles import Role
from zhifa.signing import pki
from zhifa.testing import make_officers, make_user


@pytest.fixture(autouse=True)
def private_stores(settings, tmp_path):
    """Blobs, keys and unfinished uploads of each test in its own folder, never in var/."""
    settings.BLOB_DIR = tmp_path / "blobs"
    settings.KEY_DIR = tmp_path / "keys"
    settings.EVIDENCE_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def national_rules(db):
    from zhifa.catalog.defaults import load_national_defaults

    load_national_defaults()


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def signing_key(agency):
    """The agency's signing certificate (demo PKI): without it no document can be issued."""
    return pki.issue_demo_certificate(agency)


@pytest.fixture
def crew(agency):
    people = make_officers(agency, 2)
    logins = [make_user(f"crew{i}", Role.OFFICER, agency, person=p) for i, p in enumerate(people)]
    return people, logins
