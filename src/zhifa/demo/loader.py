"""Writes the demo jurisdiction (``data``) through the registry's services, in one transaction.

Going through the services means the demo is held to the same rules as real input: every record is
validated (credit codes, ID numbers, region codes), permission-checked against the demo
administrator, and journalled. Records are found by their natural keys (agency name, ID number,
certificate number, serial number, username ...), so loading again creates only what is missing.
"""

import datetime
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.ledger.services import append
from zhifa.organizations import services
from zhifa.organizations.models import Adviser, Agency, Certificate, Department, Device, Person, Training
from zhifa.testing import make_id_number

from . import data


class DemoDataError(Exception):
    """The database holds something that contradicts the demo (e.g. a user ``admin`` of another role)."""


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    agency: str
    password: str


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    logins: list[Login] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def load(today: datetime.date | None = None) -> Report:
    """Load the demo jurisdiction; all or nothing. Dates are relative to ``today`` (default: the local date)."""
    with transaction.atomic():
        loader = _Loader(today or timezone.localdate())
        loader.run()
    return loader.report


class _Loader:
    def __init__(self, today):
        self.today = today
        self.report = Report()
        self.agencies: dict[str, Agency] = {}
        self.people: dict[tuple[str, str], Person] = {}
        self.admin = None

    def run(self):
        self._refuse_a_real_registry()
        self.admin = self._user(next(spec for spec in data.LOGINS if spec.role == Role.ADMIN), actor=None)
        for spec in data.AGENCIES:
            agency = self._agency(spec)
            departments = {d.name: self._department(agency, d) for d in spec.departments}
            self._staff(spec, agency, departments)
            for session in spec.trainings:
                self._training(spec, agency, session)
            for equipment in spec.devices:
                self._device(spec, agency, equipment)
        for adviser in data.ADVISERS:
            self._adviser(adviser)
        for spec in data.LOGINS:
            if spec.role != Role.ADMIN:
                self._user(spec, actor=self.admin)
        self.report.logins = [self._login_row(spec) for spec in data.LOGINS]

    def _refuse_a_real_registry(self):
        """The journal is append-only: demo records put into a real registry could never be taken out again."""
        demo_names = [spec.name for spec in data.AGENCIES]
        others = Agency.objects.exclude(name__in=demo_names)
        if others.exists() and not Agency.objects.filter(name__in=demo_names).exists():
            raise DemoDataError(
                f"数据库中已有其他执法主体（如“{others.first().name}”）；演示数据只能载入空数据库，"
                "以免虚构的记录进入不可删除的执法日志"
            )

    def _created(self, obj):
        self.report.created[obj._meta.verbose_name] += 1
        return obj

    # The registry, in the order an administrator would enter it.

    def _agency(self, spec: data.AgencySpec) -> Agency:
        agency = Agency.objects.filter(name=spec.name).first()
        if agency is None:
            agency = self._created(services.create_agency(self.admin, {
                "name": spec.name, "short_name": spec.short_name, "uscc": spec.uscc, "level": spec.level,
                "region_code": spec.region_code, "kind": spec.kind, "domain": spec.domain,
                "is_supervisory": spec.is_supervisory, "functions": spec.functions, "address": spec.address,
                "phone": spec.phone, "contact_person": spec.contact_person,
                "entrusting_agency": self.agencies[spec.entrusting] if spec.entrusting else None,
                "superior": self.agencies[spec.superior] if spec.superior else None,
            }))
        self.agencies[spec.key] = agency
        return agency

    def _department(self, agency, spec: data.Dept) -> Department:
        department = Department.objects.filter(agency=agency, name=spec.name).first()
        if department is None:
            department = self._created(services.create_department(self.admin, {
                "agency": agency, "name": spec.name, "functions": spec.functions, "phone": spec.phone,
                "is_review_body": spec.is_review_body,
            }))
        return department

    def _staff(self, spec: data.AgencySpec, agency, departments):
        certificates = 0
        for staff in spec.staff:
            person = self._person(agency, staff, departments)
            self.people[spec.key, staff.name] = person
            if staff.cert:
                certificates += 1
                self._certificate(spec, person, staff.cert, f"{spec.cert_prefix}{certificates:06d}")
            if staff.qualification and not hasattr(person, "qualification"):
                number, obtained_on, reviewing_since = staff.qualification
                self._created(services.save_qualification(self.admin, person, {
                    "qualification_number": number, "obtained_on": obtained_on, "reviewing_since": reviewing_since,
                }))
            if not staff.active and person.is_active:
                # Left the agency after the certificate was revoked: the journal keeps both steps.
                services.update_person(self.admin, person, {"is_active": False}, version=person.version)

    def _person(self, agency, staff: data.Staff, departments) -> Person:
        id_number = self._id_number(staff)
        person = Person.objects.filter(id_number=id_number).first()
        if person is None:
            person = self._created(services.create_person(self.admin, {
                "agency": agency, "department": departments.get(staff.department), "name": staff.name,
                "gender": staff.gender, "id_number": id_number, "post": staff.post, "title": staff.title,
                "is_active": True,
            }))
        return person

    def _id_number(self, staff: data.Staff) -> str:
        """A stable, valid ID number: birthplace, a birthday and a sequence whose parity matches the gender."""
        index = _STAFF_INDEX[staff]
        birth = datetime.date(staff.born, 1 + index % 12, 1 + (index * 7) % 28)
        serial = index * 10 + (1 if staff.gender == "M" else 2)
        return make_id_number(data.BIRTHPLACES[index % len(data.BIRTHPLACES)], birth, serial)

    def _certificate(self, spec, person, cert: data.Cert, number):
        if Certificate.objects.filter(number=number).exists():
            return
        issued_on = self.today - datetime.timedelta(days=cert.issued_days_ago)
        if cert.expires_in is None:
            expires_on = issued_on + datetime.timedelta(days=365 * data.CERTIFICATE_YEARS + 1)
        else:
            expires_on = self.today + datetime.timedelta(days=cert.expires_in)
        certificate = self._created(services.create_certificate(self.admin, {
            "person": person, "number": number, "category": spec.category, "region_code": cert.region_code,
            "issued_on": issued_on, "expires_on": expires_on, "issuer": data.CERTIFICATE_ISSUER,
        }))
        if cert.status != Certificate.Status.ACTIVE:
            services.update_certificate(self.admin, certificate, {"status": cert.status}, version=certificate.version)

    def _training(self, spec: data.AgencySpec, agency, session: data.Session):
        title = session.title.format(year=self.today.year)
        if Training.objects.filter(agency=agency, title=title, held_on__year=self.today.year).exists():
            return
        attendees = [
            self.people[spec.key, staff.name]
            for staff in spec.staff
            if staff.trained and staff.active and (not session.only or staff.name in session.only)
        ]
        held_on = max(self.today - datetime.timedelta(days=session.days_ago), self.today.replace(month=1, day=1))
        self._created(services.create_training(self.admin, {
            "agency": agency, "title": title, "held_on": held_on, "hours": session.hours,
            "organiser": session.organiser, "attendees": attendees,
        }))

    def _device(self, spec: data.AgencySpec, agency, equipment: data.Equipment):
        if Device.objects.filter(serial_number=equipment.serial_number).exists():
            return
        holder = self.people[spec.key, equipment.holder] if equipment.holder else None
        self._created(services.create_device(self.admin, {
            "agency": agency, "kind": equipment.kind, "serial_number": equipment.serial_number,
            "model_name": equipment.model_name, "status": equipment.status, "holder": holder,
            "assigned_on": self.today - datetime.timedelta(days=equipment.assigned_days_ago) if holder else None,
        }))

    def _adviser(self, spec: data.AdviserSpec):
        if Adviser.objects.filter(licence_number=spec.licence_number).exists():
            return
        self._created(services.create_adviser(self.admin, {
            "name": spec.name, "kind": spec.kind, "organisation": spec.organisation,
            "licence_number": spec.licence_number, "region_code": spec.region_code,
            "specialties": spec.specialties, "phone": spec.phone, "is_available": spec.is_available,
        }))

    # Logins. There is no user service yet; like the admin pages, the loader journals each new login.

    def _user(self, spec: data.LoginSpec, actor) -> User:
        agency = self.agencies[spec.agency] if spec.agency else None
        user = User.objects.filter(username=spec.username).first()
        if user is not None:
            if user.role != spec.role:
                raise DemoDataError(
                    f"用户“{spec.username}”已存在，角色为“{user.role_label or '无'}”，与演示数据的“{Role(spec.role).label}”不符；"
                    "请改用空数据库加载演示数据"
                )
            return user
        person = self.people.get((spec.agency, spec.person)) if spec.person else None
        user = User(
            username=spec.username, role=spec.role, agency=agency, region_code=spec.region_code, person=person,
            first_name=person.name if person else "",
            # The administrator configures through Django admin too (number templates, logins).
            is_staff=spec.role == Role.ADMIN, is_superuser=spec.role == Role.ADMIN,
        )
        user.set_password(data.PASSWORD)
        user.full_clean()
        user.save()
        append("user.created", user, actor, agency, {
            "username": user.username, "role": user.role, "agency": user.agency_id,
            "region_code": user.region_code, "person": user.person_id, "is_staff": user.is_staff,
        })
        return self._created(user)

    def _login_row(self, spec: data.LoginSpec) -> Login:
        user = User.objects.select_related("agency").get(username=spec.username)
        where = user.agency.name if user.agency else f"蚌埠市全市（区划 {spec.region_code}）"
        password = data.PASSWORD if user.check_password(data.PASSWORD) else "（已修改，非演示密码）"
        return Login(user.username, Role(user.role).label, where, password)


# Each person's position in the jurisdiction, for stable ID numbers.
_STAFF_INDEX = {staff: i for i, staff in enumerate(s for a in data.AGENCIES for s in a.staff)}


def format_table(logins: list[Login]) -> str:
    """The demo logins as a plain-text table whose columns line up in a terminal (CJK characters are double width)."""
    header = Login("用户名", "角色", "所属执法主体 / 管辖区划", "密码")
    rows = [header, *logins]
    columns = list(zip(*[(r.username, r.role, r.agency, r.password) for r in rows], strict=True))
    widths = [max(_width(cell) for cell in column) for column in columns]

    def line(cells):
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line((r.username, r.role, r.agency, r.password)) for r in rows]
    return "\n".join([body[0], rule, *body[1:]])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
