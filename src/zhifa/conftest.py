"""Shared fixtures: two agencies in one city, one in another, and a user of every role."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.testing import make_agency, make_certificate, make_person, make_user


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def other_agency(db):
    """Same city, another agency: visible to the city's supervisor, not to this agency's staff."""
    return make_agency(name="蚌埠市生态环境局", short_name="蚌环", domain="生态环境")


@pytest.fixture
def far_agency(db):
    """Another city altogether (Hefei): outside the Bengbu supervisor's region."""
    return make_agency(name="合肥市市场监督管理局", short_name="合市监", region_code="340100")


@pytest.fixture
def officer_person(agency):
    person = make_person(agency, "张伟")
    make_certificate(person, "34030000000001")
    return person


@pytest.fixture
def users(agency, far_agency):
    """One user per role; the regional roles cover Bengbu (3403)."""
    return {
        Role.OFFICER: make_user("officer", Role.OFFICER, agency),
        Role.DEPT_HEAD: make_user("dept_head", Role.DEPT_HEAD, agency),
        Role.REVIEWER: make_user("reviewer", Role.REVIEWER, agency),
        Role.AGENCY_HEAD: make_user("agency_head", Role.AGENCY_HEAD, agency),
        Role.PUBLISHER: make_user("publisher", Role.PUBLISHER, agency),
        Role.SUPERVISOR: make_user("supervisor", Role.SUPERVISOR, region_code="340300"),
        Role.ADMIN: make_user("admin", Role.ADMIN, region_code="340300"),
    }


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A test's rolled-back calendar changes must not leak into the next test through the cache."""
    from zhifa.core import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Browser tests (Playwright driving Debian's Chromium), shared by every app's test_browser.py.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Without /usr/bin/chromium: skipped on a workstation, failed under CI (a CI run must drive the browser)."""
    import os

    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        message = f"未找到 {CHROMIUM}：请先安装 Debian 的 chromium 软件包（make system）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls beside one unless told.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rolled-back rows may leave the journal head where it was: no test sees another's kept pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
