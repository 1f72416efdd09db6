import pytest

from zhifa.catalog.defaults import load_national_defaults
from zhifa.catalog.models import RuleList
from zhifa.laws.library import load_shipped_library
from zhifa.laws.services import SYSTEM as LAW_SYSTEM


@pytest.fixture
def national(db):
    """The shipped law library and every national default list, as `make demo` loads them."""
    load_shipped_library(LAW_SYSTEM)
    return {v.rule_list.kind: v for v in load_national_defaults()}


@pytest.fixture
def national_discretion(db):
    return load_national_defaults([RuleList.Kind.DISCRETION])[0]


@pytest.fixture
def national_major(db):
    return load_national_defaults([RuleList.Kind.MAJOR])[0]


@pytest.fixture
def national_procedures(db):
    return load_national_defaults([RuleList.Kind.PROCEDURES])[0]
