"""Cases in their decision stage, the people who handle and disclose them."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.testing import make_case, make_officers, make_user

from .factories import prepare


@pytest.fixture(autouse=True)
def _stores(settings, tmp_path):
    """Keys and blobs go to the test's own directory, never to var/."""
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def publisher(users):
    return users[Role.PUBLISHER]


@pytest.fixture
def officers(agency):
    return make_officers(agency, 2)


@pytest.fixture
def officer(agency, officers):
    return make_user("handler", Role.OFFICER, agency, person=officers[0])


@pytest.fixture
def case(head, officers):
    """A general-procedure penalty case of a company, in its decision stage."""
    return prepare(head, make_case(head, officers=officers, stage="decision"))


@pytest.fixture
def natural_case(head, officers):
    """The same for a natural person (王小二) whose identity number, address and phone are on file."""
    return prepare(head, make_case(head, officers=officers, stage="decision"), natural=True, phone="13905521234")
