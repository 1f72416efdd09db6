"""Case and document numbers: per agency, kind and year, from the agency's template, unique and gap-free."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from zhifa.core.models import NumberSeries, NumberTemplate
from zhifa.core.numbering import allocate, validate_template


@pytest.mark.django_db
def test_the_default_template_gives_the_familiar_form(agency):
    NumberTemplate.objects.create(agency=agency, kind="罚", domain="")
    with transaction.atomic():
        first = allocate(agency, "罚", year=2026)
        second = allocate(agency, "罚", year=2026)
    assert (first, second) == ("蚌市监罚〔2026〕1号", "蚌市监罚〔2026〕2号")


@pytest.mark.django_db
def test_series_are_separate_per_agency_kind_and_year(agency, other_agency):
    with transaction.atomic():
        assert allocate(agency, "罚", year=2026).endswith("〔2026〕1号")
        assert allocate(agency, "立", year=2026).endswith("〔2026〕1号")
        assert allocate(agency, "罚", year=2027).endswith("〔2027〕1号")
        assert allocate(other_agency, "罚", year=2026) == "蚌环罚〔2026〕1号"


@pytest.mark.django_db
def test_a_custom_template_with_domain_and_padding(agency):
    NumberTemplate.objects.create(agency=agency, kind="罚", template="{agency}{kind}字〔{year}〕第{seq}号",
                                  domain="", padding=4)
    with transaction.atomic():
        assert allocate(agency, "罚", year=2026) == "蚌市监罚字〔2026〕第0001号"


@pytest.mark.django_db
def test_a_rolled_back_transaction_returns_its_number(agency):
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate(agency, "罚", year=2026)
        raise RuntimeError("the case could not be saved")
    with transaction.atomic():
        assert allocate(agency, "罚", year=2026).endswith("1号")


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused(agency):
    with pytest.raises(RuntimeError, match="事务"):
        allocate(agency, "罚", year=2026)


@pytest.mark.parametrize(
    "template, message",
    [("{agency}〔{year}〕号", "{seq}"), ("{agency}{seq}{colour}", "未知字段")],
)
def test_bad_templates_are_explained(template, message):
    with pytest.raises(ValidationError, match=message):
        validate_template(template)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_allocations_get_fifty_consecutive_numbers(agency):
    """On PostgreSQL, 50 threads each allocate in their own transaction: no duplicate, no gap."""
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is what PostgreSQL deployments rely on")
    numbers, errors = [], []
    barrier = threading.Barrier(50)

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(allocate(agency, "罚", year=2026))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sequence = sorted(int(n.split("〕")[1].rstrip("号")) for n in numbers)
    assert sequence == list(range(1, 51))
    assert NumberSeries.objects.get(agency=agency, kind="罚", year=2026).last_value == 50


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_on_sqlite_serialise(agency, settings):
    """SQLite runs transactions as BEGIN IMMEDIATE: concurrent writers wait their turn."""
    if connection.vendor != "sqlite":
        pytest.skip("covered by the PostgreSQL test")
    numbers, errors = [], []

    def worker():
        from django.db import connections

        try:
            with transaction.atomic():
                numbers.append(allocate(agency, "罚", year=2026))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(numbers)) == 10


@pytest.mark.django_db
def test_a_template_saved_in_admin_is_validated_and_journalled(admin_client, agency):
    from zhifa.ledger.models import JournalEntry

    bad = admin_client.post("/admin/core/numbertemplate/add/", {"agency": agency.pk, "kind": "罚",
                                                                 "template": "{agency}{kind}", "domain": "", "padding": 0})
    assert bad.status_code == 200 and "{seq}" in bad.content.decode()
    good = admin_client.post("/admin/core/numbertemplate/add/", {"agency": agency.pk, "kind": "罚",
                                                                  "template": "{agency}{kind}〔{year}〕{seq}号",
                                                                  "domain": "", "padding": 0})
    assert good.status_code == 302
    assert JournalEntry.objects.filter(kind="number_template.created").count() == 1
