import pytest

from zhifa.accounts.roles import Role
from zhifa.testing import make_officers, make_user


@pytest.fixture(autouse=True)
def national_rules(db):
    """The shipped national procedures and lists, as every installation has them."""
    from zhifa.catalog.defaults import load_national_defaults

    load_national_defaults()


@pytest.fixture
def head(users):
    return users[Role.AGENCY_HEAD]


@pytest.fixture
def supervisor(users):
    return users[Role.SUPERVISOR]


@pytest.fixture
def crew(agency):
    """Two certified officers of the agency, each with a login."""
    people = make_officers(agency, 2)
    logins = [make_user(f"crew{i}", Role.OFFICER, agency, person=p) for i, p in enumerate(people)]
    return people, logins


@pytest.fixture
def far_supervisor(far_agency):
    return make_user("far_supervisor", Role.SUPERVISOR, region_code="340100")
