"""Ledger test fixtures: keys and blobs under the test's own temporary directory, never var/."""

import pytest
from django.db import transaction

from zhifa.ledger import services


@pytest.fixture(autouse=True)
def ledger_dirs(settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"
    settings.LEDGER_ORIGIN = "zhifa.test/ledger"
    settings.LEDGER_SIGNATURE_ALGORITHM = "ed25519"
    return tmp_path


@pytest.fixture
def journal(agency, users):
    """A helper that appends ``n`` events of the test agency, each in its own transaction."""
    from zhifa.accounts.roles import Role

    def write(n, kind="person.updated", agency_=None, payload=None):
        entries = []
        for i in range(n):
            with transaction.atomic():
                entries.append(services.append(kind, ("organizations.person", str(i)), users[Role.AGENCY_HEAD],
                                               agency_ or agency, payload or {"name": f"张伟{i}", "n": i}))
        return entries

    return write
