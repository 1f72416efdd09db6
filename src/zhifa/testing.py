"""Builders of valid registry records for tests, benchmarks and the demo (real check characters, real dates)."""

import datetime
import itertools

from django.utils import timezone

from zhifa.core.validators import USCC_CHARSET, id_check_char, uscc_check_char

_counter = itertools.count(1)


def make_uscc(region_code: str = "340300", serial: int | None = None) -> str:
    """A valid unified social credit code of a government body (registration authority 1, kind 1)."""
    serial = next(_counter) if serial is None else serial
    org = "".join(USCC_CHARSET[(serial // 31**i) % 31] for i in range(8))[::-1]
    # The organisation code's own check character (GB 11714) is not checked by GB 32100: any charset char will do.
    first17 = "11" + region_code + org + "0"
    return first17 + uscc_check_char(first17)


def make_id_number(region_code: str = "340302", birth: datetime.date = datetime.date(1985, 6, 15), serial: int = 1) -> str:
    first17 = f"{region_code}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def make_agency(name="蚌埠市市场监督管理局", short_name="蚌市监", region_code="340300", **extra):
    from zhifa.organizations.models import Agency

    fields = {
        "name": name,
        "short_name": short_name,
        "uscc": make_uscc(region_code),
        "level": Agency.Level.CITY,
        "region_code": region_code,
        "kind": Agency.Kind.STATUTORY,
        "domain": "市场监管",
    }
    fields.update(extra)
    return Agency.objects.create(**fields)


def make_person(agency, name="张伟", post="officer", **extra):
    from zhifa.organizations.models import Person

    return Person.objects.create(agency=agency, name=name, post=post, **extra)


def make_certificate(person, number=None, *, issued_on=None, expires_on=None, **extra):
    from zhifa.organizations.models import Certificate

    today = timezone.localdate()
    return Certificate.objects.create(
        person=person,
        number=number or f"3403{next(_counter):08d}",
        category=extra.pop("category", "市场监管综合执法"),
        region_code=extra.pop("region_code", person.agency.region_code),
        issued_on=issued_on or today - datetime.timedelta(days=365),
        expires_on=expires_on or today + datetime.timedelta(days=365 * 3),
        **extra,
    )


def make_user(username, role, agency=None, region_code="", password="zhifa-demo-2026", person=None):
    from zhifa.accounts.models import User

    user = User.objects.create_user(
        username=username, password=password, role=role, agency=agency, region_code=region_code, person=person
    )
    return user


def make_officers(agency, count=2, names=("张伟", "李娜", "王强", "赵敏")):
    """``count`` officers of ``agency``, each with a valid certificate."""
    people = []
    for name in names[:count]:
        person = make_person(agency, name)
        make_certificate(person)
        people.append(person)
    return people


def make_case(head, *, officers=None, stage=None, **lead):
    """A case opened from a lead by ``head`` (a head of its agency), two certified officers assigned.

    Loads the national procedures when the database has none. ``stage`` puts the case straight
    into a stage of its procedure, for tests that start mid-way (recorded like any stage entry).
    """
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from zhifa.cases import services
    from zhifa.catalog.defaults import load_national_defaults
    from zhifa.catalog.models import RuleList

    if not RuleList.objects.filter(agency__isnull=True, kind=RuleList.Kind.PROCEDURES).exists():
        load_national_defaults()
    data = {"source": "inspection", "summary": "检查发现销售过期食品", "title": "销售过期食品案"}
    data.update(lead)
    case = services.register_lead(head, data)
    services.assign_officers(head, case, officers if officers is not None else make_officers(case.agency))
    case.refresh_from_db()
    case = services.update_case(head, case, {"violation_ended_on": timezone.localdate() - datetime.timedelta(days=30)})
    if stage is not None:
        with transaction.atomic():
            services._enter(head, case, stage, transition="测试")
            case.version += 1
            case.save()
    return case


def log_in(page, username, password=None):
    """Sign in through the login form of a Playwright ``page`` (the demo password by default)."""
    import re

    from playwright.sync_api import expect

    from zhifa.demo import data

    page.goto("/accounts/workbench/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/workbench/$"))
    page.fill("#id_username", username)
    page.fill("#id_password", password or data.PASSWORD)
    page.click("form.record button[type=submit]")
