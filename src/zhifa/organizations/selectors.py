"""Every read of the organisation registry, narrowed by the reader's scope (role, agency, region)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_ancestors

from .models import Adviser, Agency, Certificate, Department, Device, Person, Training


def agencies(user, *, q: str = "", level: str = "", kind: str = "", domain: str = ""):
    qs = scope_for(user).filter(Agency.objects.select_related("superior"), path="")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(uscc__icontains=q.upper()))
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if domain:
        qs = qs.filter(domain=domain)
    return qs


def get_agency(user, pk) -> Agency:
    return get_object_or_404(agencies(user), pk=pk)


def departments(user, *, agency=None, q: str = ""):
    qs = scope_for(user).filter(Department.objects.select_related("agency"))
    if agency:
        qs = qs.filter(agency=agency)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


def people(user, *, q: str = "", agency=None, department=None, post: str = "", active: bool | None = None):
    qs = scope_for(user).filter(Person.objects.select_related("agency", "department"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(certificates__number__icontains=q)).distinct()
    if agency:
        qs = qs.filter(agency=agency)
    if department:
        qs = qs.filter(department=department)
    if post:
        qs = qs.filter(post=post)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def certificates(user, *, q: str = "", agency=None, status: str = "", expiring_within: int | None = None):
    qs = scope_for(user).filter(Certificate.objects.select_related("person", "person__agency"), path="person__agency")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(person__name__icontains=q) | Q(category__icontains=q))
    if agency:
        qs = qs.filter(person__agency=agency)
    today = timezone.localdate()
    if status == "expired":
        qs = qs.filter(expires_on__lt=today)
    elif status:
        qs = qs.filter(status=status)
    if expiring_within is not None:
        qs = qs.filter(
            status=Certificate.Status.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=expiring_within),
        )
    return qs


def advisers(user, *, q: str = "", kind: str = "", available: bool | None = None):
    """The shared pool: a region's advisers serve every agency beneath that region."""
    scope = scope_for(user)
    qs = Adviser.objects.all()
    if scope.agency_id is not None:
        code = Agency.objects.values_list("region_code", flat=True).get(pk=scope.agency_id)
        qs = qs.filter(region_code__in=region_ancestors(code))
    elif scope.region_prefix is not None:
        prefix = scope.region_prefix
        qs = qs.filter(Q(region_code__startswith=prefix) | Q(region_code__in=region_ancestors(prefix)))
    else:
        return qs.none()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organisation__icontains=q) | Q(specialties__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if available is not None:
        qs = qs.filter(is_available=available)
    return qs


def trainings(user, *, q: str = "", agency=None, year: int | None = None):
    qs = scope_for(user).filter(Training.objects.select_related("agency")).annotate(attendee_count=Count("attendees")).order_by("-held_on", "pk")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organiser__icontains=q))
    if agency:
        qs = qs.filter(agency=agency)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs


def devices(user, *, q: str = "", agency=None, kind: str = "", status: str = ""):
    qs = scope_for(user).filter(Device.objects.select_related("agency", "holder"))
    if q:
        qs = qs.filter(Q(serial_number__icontains=q) | Q(model_name__icontains=q) | Q(holder__name__icontains=q))
    if agency:
        qs = qs.filter(agency=agency)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


# Computed figures (L1, O1, O2).


@dataclass(frozen=True)
class ReviewerRatio:
    agency: Agency
    officers: int
    reviewers: int
    minimum: Decimal

    @property
    def ratio(self) -> Decimal | None:
        if not self.officers:
            return None
        return (Decimal(self.reviewers) / Decimal(self.officers)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def meets_minimum(self) -> bool:
        return self.officers == 0 or self.reviewers >= self.required

    @property
    def required(self) -> int:
        """Fewest reviewers that satisfy the minimum share (rounded up: 5% of 30 officers is 2)."""
        needed = self.minimum * self.officers
        return int(needed) + (0 if needed == int(needed) else 1)


def reviewer_ratios(user):
    """Reviewers ÷ officers per agency against the minimum share (L1, default 5%)."""
    minimum = Decimal(settings.ZHIFA["REVIEWER_RATIO_MIN"])
    active = Q(people__is_active=True)
    qs = (
        agencies(user)
        .filter(is_supervisory=False)
        .annotate(
            n_officers=Count("people", filter=active & Q(people__post=Person.Post.OFFICER)),
            n_reviewers=Count("people", filter=active & Q(people__post=Person.Post.REVIEWER)),
        )
    )
    return [ReviewerRatio(a, a.n_officers, a.n_reviewers, minimum) for a in qs]


def expiring_certificates(user, days: int | None = None):
    days = settings.ZHIFA["CERTIFICATE_EXPIRY_WARNING_DAYS"] if days is None else days
    return certificates(user, expiring_within=days).order_by("expires_on")


def untrained_people(user, year: int | None = None):
    """Active officers and reviewers with no training recorded in ``year`` (O2: at least one a year)."""
    year = year or timezone.localdate().year
    trained = Training.objects.filter(attendees=OuterRef("pk"), held_on__year=year)
    return (
        people(user, active=True)
        .filter(post__in=[Person.Post.OFFICER, Person.Post.REVIEWER])
        .exclude(Exists(trained))
    )


# The public portal (P3): a certificate and only what the roster discloses.


@dataclass(frozen=True)
class PublicCertificate:
    number: str
    name: str
    agency: str
    category: str
    region_code: str
    issued_on: datetime.date
    expires_on: datetime.date
    status: str
    is_valid: bool


def public_certificate(number: str) -> PublicCertificate | None:
    number = (number or "").strip()
    if not number or len(number) > 30:
        return None
    cert = Certificate.objects.select_related("person__agency").filter(number=number).first()
    if cert is None:
        return None
    return PublicCertificate(
        number=cert.number,
        name=cert.person.name,
        agency=cert.person.agency.name,
        category=cert.category,
        region_code=cert.region_code,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        status=cert.public_status,
        is_valid=cert.is_valid_on(),
    )
