"""Full-text search over articles with jieba tokens (I4, I6)."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.laws import selectors
from zhifa.laws.library import load_shipped_library
from zhifa.laws.search import terms
from zhifa.laws.services import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_shipped_library(SYSTEM)


def test_segmentation_yields_words_and_their_parts():
    tokens = terms("食品安全法规定的罚款")
    assert {"食品", "安全", "罚款"} <= set(tokens)
    assert "的" not in tokens


def test_search_finds_articles_containing_every_word(library, users):
    found = selectors.search_articles(users[Role.OFFICER], "听证 笔录")
    labels = [(a.version.law.title, a.number) for a in found]
    assert ("中华人民共和国行政处罚法", 64) in labels
    assert all("听证" in a.text and "笔录" in a.text for a in found)


def test_search_is_ranked_and_may_be_limited_to_one_law(library, users):
    found = selectors.search_articles(users[Role.OFFICER], "货值金额")
    assert {a.version.law.title for a in found} == {"中华人民共和国食品安全法"}
    assert found[0].number in (122, 124)


def test_nothing_for_empty_or_unknown_queries_and_anonymous(library, users):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.search_articles(users[Role.OFFICER], "，。 的") == []
    assert selectors.search_articles(users[Role.OFFICER], "量子计算机") == []
    assert selectors.search_articles(AnonymousUser(), "罚款") == []
