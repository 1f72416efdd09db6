"""The permission matrix (issue 2 item 4): every page and API endpoint, for every role and the public.

One realistic jurisdiction (the demo) is loaded once; each URL of the project is requested by each
role, and the status must be the one the matrix below says. A URL missing from the matrix fails the
test, so a new page or endpoint cannot ship without its row.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role

ANON = "anonymous"
ROLES = [ANON, Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.AGENCY_HEAD, Role.PUBLISHER, Role.SUPERVISOR,
         Role.ADMIN]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def resolve_all(patterns=None, prefix=""):
    """Every named URL of the project outside Django admin, as ``namespace:name``."""
    names = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names += resolve_all(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(prefix + p.name)
    return names


def _build_world():
    from django.urls import reverse as r
    from django.utils import timezone

    from zhifa.catalog import services as catalog
    from zhifa.catalog.models import DiscretionBenchmark, EnforcementItem, Power, Procedure, RuleList
    from zhifa.demo.loader import load
    from zhifa.laws.models import Law
    from zhifa.ledger.models import JournalEntry
    from zhifa.organizations.models import Adviser, Agency, Certificate, Department, Device, Person, Training
    from zhifa.signing.models import SignedDocument

    load()
    market = Agency.objects.get(short_name="蚌市监")
    call_command("load_demo_rules", stdout=io.StringIO())
    powers = RuleList.objects.get(kind=RuleList.Kind.POWERS, agency=market)
    item = EnforcementItem.objects.filter(version__rule_list=powers).first()
    draft = catalog.start_draft(catalog.SYSTEM, powers)
    draft_power = Power.objects.filter(version=draft).first()
    benchmark = DiscretionBenchmark.objects.filter(version__status="published").first()
    person = Person.objects.filter(agency=market, post="officer").first()
    reviewer = Person.objects.filter(agency=market, post="reviewer").first()
    cert = Certificate.objects.filter(person=person).first()
    doc = SignedDocument.objects.create(
        token="t" * 43, agency=market, title="行政处罚决定书", signed_at=timezone.now(),
        signed_by=User.objects.get(username="officer"), source_sha256="a" * 64, sha256="b" * 64, size=1,
        certificate_sha256="c" * 64)
    from zhifa.ledger.services import issue_checkpoint

    first_checkpoint = issue_checkpoint()
    entry = JournalEntry.objects.filter(agency=market).first()
    tier = benchmark.tiers.first()
    law = Law.objects.first()
    procedure = Procedure.objects.filter(version__status="published").first()
    timed_stage = next(st["code"] for st in procedure.definition["stages"] if st.get("deadline"))

    national_list = RuleList.objects.filter(agency__isnull=True).first()
    major_version = RuleList.objects.get(kind=RuleList.Kind.MAJOR, agency__isnull=True).versions.first()
    ids = {
        "agency": market.pk, "department": Department.objects.filter(agency=market).first().pk,
        "person": person.pk, "certificate": cert.pk, "adviser": Adviser.objects.first().pk,
        "training": Training.objects.filter(agency=market).first().pk,
        "device": Device.objects.filter(agency=market).first().pk,
        "qualification": reviewer.qualification.pk,
    }
    paths = {
        "accounts:login": r("accounts:login"), "accounts:logout": r("accounts:logout"),
        "accounts:workbench": r("accounts:workbench"),
        "organizations:figures": r("organizations:figures"),
        "organizations:qualification_edit": r("organizations:qualification_edit", args=[reviewer.pk]),
        "organizations:roster_export": r("organizations:roster_export"),
        "organizations:roster_import": r("organizations:roster_import"),
        "core:calendar": r("core:calendar"),
        "signing:verify": r("signing:verify"), "signing:document": r("signing:document", args=[doc.token]),
        "ledger:portal": r("ledger:portal"), "ledger:checkpoint": r("ledger:checkpoint"),
        "disclosure:home": r("disclosure:home"), "disclosure:officer_search": r("disclosure:officer_search"),
        "disclosure:officer_detail": r("disclosure:officer_detail", args=[cert.number]),
        "disclosure:officer_qr": r("disclosure:officer_qr", args=[cert.number]),
        "laws:list": r("laws:list"), "laws:import": r("laws:import"), "laws:citations": r("laws:citations"),
        "laws:detail": r("laws:detail", args=[law.pk]),
        "catalog:index": r("catalog:index"), "catalog:items": r("catalog:items"),
        "catalog:first_violation": r("catalog:first_violation"),
        "catalog:list": r("catalog:list", args=[powers.pk]),
        "catalog:start_draft": r("catalog:start_draft", args=[powers.pk]),
        "catalog:adopt": r("catalog:adopt", args=[national_list.pk]),
        "catalog:set_laws": r("catalog:set_laws", args=[powers.pk]),
        "catalog:version": r("catalog:version", args=[draft.pk]),
        "catalog:publish": r("catalog:publish", args=[draft.pk]),
        "catalog:discard": r("catalog:discard", args=[draft.pk]),
        "catalog:import": r("catalog:import", args=[draft.pk]),
        "catalog:export": r("catalog:export", args=[draft.pk]),
        "catalog:major_check": r("catalog:major_check", args=[major_version.pk]),
        "catalog:entry_new": r("catalog:entry_new", args=[draft.pk, "power"]),
        "catalog:entry_edit": r("catalog:entry_edit", args=[draft.pk, "power", draft_power.pk]),
        "catalog:entry_delete": r("catalog:entry_delete", args=[draft.pk, "power", draft_power.pk]),
        "catalog:item": r("catalog:item", args=[item.pk]),
        "catalog:procedure": r("catalog:procedure", args=[procedure.pk]),
        "catalog:procedure_svg": r("catalog:procedure_svg", args=[procedure.pk]),
        "catalog:benchmark": r("catalog:benchmark", args=[benchmark.pk]),
        "catalog:tier_new": r("catalog:tier_new", args=[benchmark.pk]),
        "catalog:tier_edit": r("catalog:tier_edit", args=[benchmark.pk, tier.pk]),
        "catalog:tier_delete": r("catalog:tier_delete", args=[benchmark.pk, tier.pk]),
        "schema": r("schema"), "swagger-ui": r("swagger-ui"),
        "api-deadline": r("api-deadline") + "?start=2026-09-30&days=1",
        "api-public-officer": r("api-public-officer", args=[cert.number]),
        "api-reviewer-ratios": r("api-reviewer-ratios"), "api-expiring-certificates": r("api-expiring-certificates"),
        "api-untrained-people": r("api-untrained-people"), "api-roster-export": r("api-roster-export"),
        "api-roster-import": r("api-roster-import"),
        "api-ledger-checkpoint": r("api-ledger-checkpoint"),
        "api-ledger-inclusion": r("api-ledger-inclusion", args=[entry.sequence]),
        "api-ledger-consistency": r("api-ledger-consistency") + f"?first={first_checkpoint.tree_size}",
        "api-law-list": r("api-law-list"), "api-law-import": r("api-law-import"),
        "api-article-search": r("api-article-search") + "?q=罚款",
        "api-citation-parse": r("api-citation-parse") + "?text=《食品安全法》第三十四条",
        "api-law-detail": r("api-law-detail", args=[law.pk]),
        "api-rule-lists": r("api-rule-lists"), "api-rule-list": r("api-rule-list", args=[powers.pk]),
        "api-rule-list-draft": r("api-rule-list-draft", args=[powers.pk]),
        "api-rule-list-adopt": r("api-rule-list-adopt", args=[national_list.pk]),
        "api-rule-version": r("api-rule-version", args=[draft.pk]),
        "api-rule-version-publish": r("api-rule-version-publish", args=[draft.pk]),
        "api-rule-version-excel": r("api-rule-version-excel", args=[item.version.pk]),
        "api-rule-version-is-major": r("api-rule-version-is-major", args=[major_version.pk]),
        "api-rule-entries": r("api-rule-entries", args=[draft.pk, "power"]),
        "api-rule-entry": r("api-rule-entry", args=[draft.pk, "power", draft_power.pk]),
        "api-benchmark-check": r("api-benchmark-check", args=[benchmark.pk]),
        "api-benchmark-tiers": r("api-benchmark-tiers", args=[benchmark.pk]),
        "api-benchmark-tier": r("api-benchmark-tier", args=[benchmark.pk, tier.pk]),
        "api-procedure": r("api-procedure", args=[procedure.pk]),
        "api-procedure-deadline": r("api-procedure-deadline", args=[procedure.pk])
        + f"?stage={timed_stage}&event_date=2026-09-30",
        "_market": market.pk,
        "api-first-violation": r("api-first-violation"),
    }
    for key in ("agency", "department", "person", "certificate", "adviser", "training", "device"):
        paths[f"organizations:list[{key}]"] = r("organizations:list", args=[key])
        paths[f"organizations:create[{key}]"] = r("organizations:create", args=[key])
        paths[f"organizations:detail[{key}]"] = r("organizations:detail", args=[key, ids[key]])
        paths[f"organizations:edit[{key}]"] = r("organizations:edit", args=[key, ids[key]])
    api_plural = {"agency": "agencies", "department": "departments", "person": "people", "certificate": "certificates",
                  "qualification": "qualifications", "adviser": "advisers", "training": "trainings",
                  "device": "devices"}
    for key, plural in api_plural.items():
        paths[f"api-{key}-list"] = f"/api/v1/{plural}/"
        paths[f"api-{key}-detail"] = f"/api/v1/{plural}/{ids[key]}/"
    for module in APP_ROWS:
        paths.update(module.paths(market))
    return paths


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, KEY_DIR=keys,
                                                       BLOB_DIR=keys / "blobs"), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def client_for(world, role):
    client = Client()
    if role != ANON:
        client.force_login(User.objects.get(username=str(role)))
    return client


def get_status(client, path):
    return client.get(path).status_code


# Expected GET statuses, in the order of ROLES:
#   anonymous, officer, dept_head, reviewer, agency_head, publisher, supervisor, admin
def row(anon, officer, dept_head, reviewer, agency_head, publisher, supervisor, admin):
    return (anon, officer, dept_head, reviewer, agency_head, publisher, supervisor, admin)


PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200)
STAFF_PAGE = row(302, 200, 200, 200, 200, 200, 200, 200)  # every role reads, within its scope
STAFF_API = row(403, 200, 200, 200, 200, 200, 200, 200)
KEEPER_PAGE = row(302, 403, 403, 403, 200, 403, 403, 200)  # the agency head and the administrator keep the roster
ADMIN_PAGE = row(302, 403, 403, 403, 403, 403, 403, 200)
DRAFT_PAGE = row(302, 404, 404, 404, 404, 404, 404, 200)  # drafts exist only for those who manage the list
DRAFT_API = row(403, 404, 404, 404, 404, 404, 404, 200)
POST_ONLY_PAGE = row(302, 405, 405, 405, 405, 405, 405, 405)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)
PUBLISHED_IMMUTABLE = row(302, 403, 403, 403, 403, 403, 403, 403)  # nobody edits a published version
SESSION_ONLY = row(405, 405, 405, 405, 405, 405, 405, 405)  # logout takes POST only

MATRIX = {
    "accounts:login": PUBLIC, "accounts:logout": SESSION_ONLY, "accounts:workbench": STAFF_PAGE,
    "organizations:figures": STAFF_PAGE, "organizations:qualification_edit": KEEPER_PAGE,
    "organizations:roster_export": STAFF_PAGE, "organizations:roster_import": KEEPER_PAGE,
    "core:calendar": STAFF_PAGE,
    "signing:verify": PUBLIC, "signing:document": PUBLIC,
    "ledger:portal": PUBLIC, "ledger:checkpoint": PUBLIC,
    "disclosure:home": PUBLIC, "disclosure:officer_search": PUBLIC, "disclosure:officer_detail": PUBLIC,
    "disclosure:officer_qr": PUBLIC,
    "laws:list": STAFF_PAGE, "laws:import": ADMIN_PAGE, "laws:citations": STAFF_PAGE, "laws:detail": STAFF_PAGE,
    "catalog:index": STAFF_PAGE, "catalog:items": STAFF_PAGE, "catalog:first_violation": STAFF_PAGE,
    "catalog:list": STAFF_PAGE, "catalog:start_draft": POST_ONLY_PAGE, "catalog:adopt": POST_ONLY_PAGE,
    "catalog:set_laws": POST_ONLY_PAGE, "catalog:version": DRAFT_PAGE, "catalog:publish": POST_ONLY_PAGE,
    "catalog:discard": POST_ONLY_PAGE, "catalog:import": DRAFT_PAGE, "catalog:export": DRAFT_PAGE,
    "catalog:major_check": STAFF_PAGE, "catalog:entry_new": DRAFT_PAGE, "catalog:entry_edit": DRAFT_PAGE,
    "catalog:entry_delete": POST_ONLY_PAGE, "catalog:item": STAFF_PAGE, "catalog:procedure": STAFF_PAGE,
    "catalog:procedure_svg": STAFF_PAGE, "catalog:benchmark": STAFF_PAGE, "catalog:tier_new": PUBLISHED_IMMUTABLE,
    "catalog:tier_edit": PUBLISHED_IMMUTABLE, "catalog:tier_delete": POST_ONLY_PAGE,
    "schema": PUBLIC, "swagger-ui": PUBLIC,
    "api-deadline": STAFF_API, "api-public-officer": PUBLIC,
    "api-reviewer-ratios": STAFF_API, "api-expiring-certificates": STAFF_API, "api-untrained-people": STAFF_API,
    "api-roster-export": STAFF_API, "api-roster-import": POST_ONLY_API,
    "api-ledger-checkpoint": PUBLIC, "api-ledger-inclusion": STAFF_API, "api-ledger-consistency": STAFF_API,
    "api-law-list": STAFF_API, "api-law-import": POST_ONLY_API, "api-article-search": STAFF_API,
    "api-citation-parse": POST_ONLY_API, "api-law-detail": STAFF_API,
    "api-rule-lists": STAFF_API, "api-rule-list": STAFF_API, "api-rule-list-draft": POST_ONLY_API,
    "api-rule-list-adopt": POST_ONLY_API, "api-rule-version": DRAFT_API, "api-rule-version-publish": POST_ONLY_API,
    "api-rule-version-excel": STAFF_API, "api-rule-version-is-major": POST_ONLY_API, "api-rule-entries": POST_ONLY_API,
    "api-rule-entry": DRAFT_API, "api-benchmark-check": POST_ONLY_API, "api-benchmark-tiers": POST_ONLY_API,
    "api-benchmark-tier": POST_ONLY_API, "api-procedure": STAFF_API, "api-procedure-deadline": STAFF_API,
    "api-first-violation": STAFF_API,
}
REGISTRY_PAGES = {
    # key: (create/edit policy)
    "agency": ADMIN_PAGE, "department": KEEPER_PAGE, "person": KEEPER_PAGE, "certificate": KEEPER_PAGE,
    "adviser": ADMIN_PAGE, "training": KEEPER_PAGE, "device": KEEPER_PAGE,
}
for _key, _edit in REGISTRY_PAGES.items():
    MATRIX[f"organizations:list[{_key}]"] = STAFF_PAGE
    MATRIX[f"organizations:detail[{_key}]"] = STAFF_PAGE
    MATRIX[f"organizations:create[{_key}]"] = _edit
    MATRIX[f"organizations:edit[{_key}]"] = _edit
for _key in ("agency", "department", "person", "certificate", "qualification", "adviser", "training", "device"):
    MATRIX[f"api-{_key}-list"] = STAFF_API
    MATRIX[f"api-{_key}-detail"] = STAFF_API


# Writes: an empty POST by every role. Refused roles get 403 (or 404 where the target is hidden from
# them) and change nothing; allowed roles reach validation (OK: 200 with the form's errors, 302, 400).
OK = "OK"
ALLOWED = {200, 201, 302, 400, 415}
KEEPER_WRITE = row(302, 403, 403, 403, OK, 403, 403, OK)
ADMIN_WRITE = row(302, 403, 403, 403, 403, 403, 403, OK)
DRAFT_WRITE = row(302, 404, 404, 404, 404, 404, 404, OK)
KEEPER_API = row(403, 403, 403, 403, OK, 403, 403, OK)
ADMIN_API = row(403, 403, 403, 403, 403, 403, 403, OK)
DRAFT_API_WRITE = row(403, 404, 404, 404, 404, 404, 404, OK)
ANY_STAFF_API = row(403, OK, OK, OK, OK, OK, OK, OK)

WRITES = {
    "organizations:qualification_edit": KEEPER_WRITE, "organizations:roster_import": KEEPER_WRITE,
    "core:calendar": ADMIN_WRITE, "laws:import": ADMIN_WRITE,
    "catalog:start_draft": ADMIN_WRITE, "catalog:adopt": ADMIN_WRITE, "catalog:set_laws": ADMIN_WRITE,
    "catalog:publish": DRAFT_WRITE, "catalog:discard": DRAFT_WRITE, "catalog:import": DRAFT_WRITE,
    "catalog:entry_new": DRAFT_WRITE, "catalog:entry_edit": DRAFT_WRITE, "catalog:entry_delete": DRAFT_WRITE,
    "api-roster-import": KEEPER_API, "api-law-import": ADMIN_API,
    "api-rule-list-draft": ADMIN_API, "api-rule-list-adopt": ADMIN_API,
    "api-rule-version-publish": DRAFT_API_WRITE, "api-rule-entries": DRAFT_API_WRITE,
    "api-benchmark-check": ANY_STAFF_API, "api-citation-parse": ANY_STAFF_API,
    "api-rule-version-is-major": ANY_STAFF_API,
}
for _key, _edit in REGISTRY_PAGES.items():
    _write = ADMIN_WRITE if _edit == ADMIN_PAGE else KEEPER_WRITE
    WRITES[f"organizations:create[{_key}]"] = _write
    WRITES[f"organizations:edit[{_key}]"] = _write
for _key in ("agency", "adviser"):
    WRITES[f"api-{_key}-list"] = ADMIN_API
for _key in ("department", "person", "certificate", "qualification", "training", "device"):
    WRITES[f"api-{_key}-list"] = KEEPER_API


def _app_rows():
    """Apps contribute their own rows in ``zhifa.<app>.tests.permission_rows``: ``paths(agency)``, ``MATRIX``, ``WRITES``."""
    import importlib

    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhifa."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.permission_rows"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.permission_rows":
                raise
    return modules


APP_ROWS = _app_rows()
for _module in APP_ROWS:
    MATRIX.update(_module.MATRIX)
    WRITES.update(_module.WRITES)




def test_every_url_of_the_project_has_a_row_in_the_matrix():
    named = {name.split("[")[0] for name in MATRIX}
    missing = sorted(set(resolve_all()) - named)
    assert missing == [], f"为以下地址补充权限矩阵：{missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_the_matrix_says(world, name):
    path = world[name]
    got = tuple(get_status(client_for(world, role), path) for role in ROLES)
    assert got == MATRIX[name], f"{path}: {dict(zip(ROLES, got, strict=True))}"


def _matches(expected, got):
    return got in ALLOWED if expected == OK else got == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_role_may_write_only_what_the_matrix_says(world, name):
    from zhifa.ledger.models import JournalEntry

    path = world[name].split("?")[0]
    data = {"agency": world["_market"]} if name in ("catalog:adopt", "api-rule-list-adopt") else {}
    got = {}
    for role, expected in zip(ROLES, WRITES[name], strict=True):
        before = JournalEntry.objects.count()
        status = client_for(world, role).post(path, data).status_code
        got[role] = status
        if expected != OK:
            assert JournalEntry.objects.count() == before, f"{role} changed something through {path}"
    assert all(_matches(e, got[r]) for r, e in zip(ROLES, WRITES[name], strict=True)), f"{path}: {got}"


# Query parameters every list, filter and search could be given by a careless or hostile client: out-of-range
# ids, impossible dates, a NUL byte (PostgreSQL refuses it in text), markup, huge pages.
GARBAGE = ("agency=100000000000000000000000000&page=99999999999999999999&year=99999999999&q=a%00b%3Cscript%3E"
           "&from=2026-13-45&to=%E6%98%A8%E5%A4%A9&start=0000-00-00&end=x&status=%27&stage=%22&region=999999999999"
           "&category=x&kind=x&level=x&rule=x&after=-1&next_after=!!&late=x&limit=-5&id=-1&law=1e9&days=-3"
           "&event_date=2026-02-30&first=-1&second=1e99")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_garbage_query_parameters_get_an_answer_never_a_server_error(world, name):
    """Every page and endpoint, for the public and the widest staff scopes: a 4xx or a page, never a 500."""
    path = world[name]
    path += ("&" if "?" in path else "?") + GARBAGE
    for role in (ANON, Role.AGENCY_HEAD, Role.SUPERVISOR):
        status = get_status(client_for(world, role), path)
        assert status < 500, f"{role} GET {path}: {status}"
