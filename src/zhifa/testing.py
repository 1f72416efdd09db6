"""Builders of valid registry records for tests, benchmarks and the demo (real check characters, real dates)."""

import datetime
import itertools

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

    today = datetime.date.today()
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
