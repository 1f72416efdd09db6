"""The organisation registry (O1, O2, O5, L1, P2, P3): agencies, departments, people and their kit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from zhifa.core.validators import validate_id_number, validate_region_code, validate_uscc

# PL (2021) took effect on this day; from then on a first-time reviewer needs the legal qualification (Art. 58).
PL_2021_EFFECTIVE = datetime.date(2021, 7, 15)


class Agency(models.Model):
    """执法主体: a body that enforces in its own name (法定 / 授权) or for another (委托)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "法定行政机关"
        AUTHORISED = "authorised", "法律法规授权组织"
        ENTRUSTED = "entrusted", "受委托组织"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="用于文书编号，如“蚌市监”")
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    region_code = models.CharField("行政区划代码", max_length=6, validators=[validate_region_code], db_index=True)
    kind = models.CharField("主体类型", max_length=12, choices=Kind.choices, default=Kind.STATUTORY)
    entrusting_agency = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="entrusted", verbose_name="委托机关"
    )
    superior = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subordinates", verbose_name="上级机关"
    )
    domain = models.CharField("执法领域", max_length=50, blank=True, help_text="如：市场监管、生态环境、城市管理、司法行政")
    is_supervisory = models.BooleanField("执法监督机构", default=False, help_text="司法行政部门，负责本区域行政执法监督")
    functions = models.TextField("职能职责", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["region_code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.uscc:
            self.uscc = self.uscc.strip().upper()
        if self.kind == self.Kind.ENTRUSTED and not self.entrusting_agency_id:
            raise ValidationError({"entrusting_agency": "受委托组织必须填写委托机关"})
        if self.kind != self.Kind.ENTRUSTED and self.entrusting_agency_id:
            raise ValidationError({"entrusting_agency": "只有受委托组织才填写委托机关"})
        if self.pk and self.superior_id == self.pk:
            raise ValidationError({"superior": "上级机关不能是本机关"})
        if self.pk and self.entrusting_agency_id == self.pk:
            raise ValidationError({"entrusting_agency": "委托机关不能是本机关"})


class Department(models.Model):
    """内设机构 of an agency, e.g. the legal department (法制科) that hosts the review body."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="departments", verbose_name="执法主体")
    name = models.CharField("名称", max_length=100)
    functions = models.TextField("职能", blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    is_review_body = models.BooleanField("法制审核机构", default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="uniq_department_name")]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone on an agency's staff; the post says whether they enforce, review or lead."""

    class Post(models.TextChoices):
        OFFICER = "officer", "执法人员"
        REVIEWER = "reviewer", "法制审核人员"
        LEADER = "leader", "负责人"
        OTHER = "other", "其他工作人员"

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="people", verbose_name="执法主体")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name="内设机构"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    id_number = models.CharField(
        "身份证号码", max_length=18, blank=True, validators=[validate_id_number], help_text="不对外公开"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    post = models.CharField("岗位", max_length=10, choices=Post.choices, default=Post.OFFICER)
    title = models.CharField("职务", max_length=50, blank=True)
    is_active = models.BooleanField("在岗", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="uniq_person_id_number"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.id_number:
            self.id_number = self.id_number.strip().upper()
        if self.department_id and self.agency_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": "内设机构必须属于该人员的执法主体"})


class Certificate(models.Model):
    """执法证 (O1, P3): verifiable by anyone by number or by the QR code printed on it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "注销"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人")
    number = models.CharField("证件编号", max_length=30, unique=True)
    category = models.CharField("执法类别", max_length=50)
    region_code = models.CharField("执法区域", max_length=6, validators=[validate_region_code])
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["number"]

    def __str__(self):
        return self.number

    def clean(self):
        if self.number:
            self.number = self.number.strip()
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "有效期至必须晚于发证日期"})

    def is_valid_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.status == self.Status.ACTIVE and self.issued_on <= day <= self.expires_on

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def public_status(self) -> str:
        """What the public page says: revoked and suspended first, then expiry."""
        if self.status != self.Status.ACTIVE:
            return self.get_status_display()
        if self.is_expired:
            return "已过期"
        if self.issued_on > timezone.localdate():
            return "尚未生效"
        return "有效"


class ReviewerQualification(models.Model):
    """A reviewer's legal qualification (L1; PL Art. 58: required of first-time reviewers since 2021-07-15)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="qualification", verbose_name="审核人员")
    qualification_number = models.CharField("法律职业资格证书编号", max_length=30, blank=True)
    obtained_on = models.DateField("取得日期", null=True, blank=True)
    reviewing_since = models.DateField("开始从事法制审核日期")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "法制审核资格"
        verbose_name_plural = "法制审核资格"

    def __str__(self):
        return f"{self.person} {self.qualification_number}"

    def clean(self):
        if self.reviewing_since and self.reviewing_since >= PL_2021_EFFECTIVE and not self.qualification_number.strip():
            raise ValidationError(
                {"qualification_number": "2021年7月15日后初次从事法制审核的人员应当取得法律职业资格（行政处罚法第五十八条）"}
            )


class Adviser(models.Model):
    """The shared pool of legal advisers and public lawyers that a region's agencies draw on (L1)."""

    class Kind(models.TextChoices):
        LEGAL_ADVISER = "legal_adviser", "法律顾问"
        PUBLIC_LAWYER = "public_lawyer", "公职律师"

    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    organisation = models.CharField("工作单位", max_length=100)
    licence_number = models.CharField("执业证号", max_length=30, unique=True)
    region_code = models.CharField("服务区划", max_length=6, validators=[validate_region_code], db_index=True)
    specialties = models.CharField("专业领域", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_available = models.BooleanField("可参与审核", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "法律顾问与公职律师"
        verbose_name_plural = "法律顾问与公职律师"
        ordering = ["region_code", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class Training(models.Model):
    """A training session and who attended it (O2: at least one a year for every officer and reviewer)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="trainings", verbose_name="组织单位")
    title = models.CharField("培训名称", max_length=200)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    organiser = models.CharField("主办方", max_length=100, blank=True)
    attendees = models.ManyToManyField(Person, related_name="trainings", verbose_name="参训人员", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def clean(self):
        if self.hours is not None and self.hours <= 0:
            raise ValidationError({"hours": "学时必须大于0"})


class Device(models.Model):
    """Enforcement equipment (O5), chiefly body cameras (执法记录仪) whose footage becomes AV records."""

    class Kind(models.TextChoices):
        BODY_CAMERA = "body_camera", "执法记录仪"
        HANDHELD = "handheld", "移动执法终端"
        CAMERA = "camera", "照相机/摄像机"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", "在用"
        REPAIR = "repair", "维修"
        RETIRED = "retired", "报废"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="devices", verbose_name="执法主体")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.BODY_CAMERA)
    serial_number = models.CharField("设备编号", max_length=50, unique=True)
    model_name = models.CharField("型号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.IN_SERVICE)
    holder = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices", verbose_name="持有人"
    )
    assigned_on = models.DateField("领用日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "执法装备"
        verbose_name_plural = "执法装备"
        ordering = ["agency", "serial_number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.serial_number}"

    def clean(self):
        if self.holder_id and self.agency_id and self.holder.agency_id != self.agency_id:
            raise ValidationError({"holder": "持有人必须是本执法主体的人员"})
        if self.holder_id and self.status == self.Status.RETIRED:
            raise ValidationError({"holder": "已报废的设备不能分配给人员"})
