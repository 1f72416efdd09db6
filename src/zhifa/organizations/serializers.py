"""How registry records travel over the API.

Serializers parse and type the request (with the model fields' own validators, so every bad field is
reported at once). The rules — uniqueness, cross-field checks, permissions — belong to the models and
services and run in the service's transaction, so the API and the pages never disagree about what is valid.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from . import selectors
from .forms import AgencyForm, CertificateForm, DepartmentForm, DeviceForm, PersonForm, TrainingForm
from .models import Adviser, Agency, Certificate, Department, Device, Person, ReviewerQualification, Training
from .snapshots import PRIVATE_FIELDS

PRIVATE_HELP = "个人信息：只在单条记录的应答中、且只向有权修改该记录的用户返回；列表中从不返回"
VERSION_HELP = "乐观锁版本号：读取时返回当前版本；修改（PUT/PATCH）时必须原样提交，记录已被他人修改时返回 409。"


def form_choices(form_class, name):
    """The records a user may pick for ``name`` on the page's form: one definition for pages and API."""

    def choices(user):
        return form_class(user=user).fields[name].queryset

    return choices


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record chosen by id among ``choices(user)``; one outside the scope is answered as nonexistent."""

    def __init__(self, *, choices, **kwargs):
        self.choices_for = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.choices_for(self.context["request"].user)


def related(form_class, name, **kwargs):
    """The API field for the form's related field ``name``: same choices, label and optionality."""
    model_field = form_class._meta.model._meta.get_field(name)
    kwargs.setdefault("label", model_field.verbose_name)
    if model_field.many_to_many:
        kwargs.update(many=True, required=False)
    elif model_field.null:
        kwargs.update(required=False, allow_null=True)
    return ScopedRelatedField(
        choices=form_choices(form_class, name), queryset=model_field.related_model.objects.none(), **kwargs
    )


class RegistrySerializer(serializers.ModelSerializer):
    """Base of every registry serializer: typed parsing, a ``version`` for optimistic locking, no rules of its own."""

    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # The model's own field validators report with the other field errors; uniqueness is left to the
        # service's full_clean, inside its transaction, with the model's message.
        kwargs["validators"] = [v for v in kwargs.get("validators", []) if not isinstance(v, UniqueValidator)]
        return field_class, kwargs

    def get_validators(self):
        return []

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["修改时必须提交读取记录时得到的版本号（version），以免覆盖他人的修改"]})
        return attrs

    def service_data(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k != "version"}

    def to_representation(self, instance):
        """Personal data (``PRIVATE_FIELDS``) only in single-record answers, to those who keep the record (P15).

        The same rule as the detail pages: the view passes ``reveal_private(obj)``; lists never pass it.
        """
        data = super().to_representation(instance)
        reveal = self.context.get("reveal_private")
        if reveal is None or not reveal(instance):
            for name in PRIVATE_FIELDS & set(data):
                del data[name]
        return data


class AgencySerializer(RegistrySerializer):
    """执法主体 (O1, P2)."""

    entrusting_agency = related(AgencyForm, "entrusting_agency")
    superior = related(AgencyForm, "superior")

    class Meta:
        model = Agency
        fields = [
            "id", "name", "short_name", "uscc", "level", "region_code", "kind", "entrusting_agency", "superior",
            "domain", "is_supervisory", "functions", "address", "phone", "contact_person", "email", "website",
            "version", "created_at", "updated_at",
        ]
        extra_kwargs = {"phone": {"help_text": PRIVATE_HELP}}


class DepartmentSerializer(RegistrySerializer):
    """内设机构."""

    agency = related(DepartmentForm, "agency")
    agency_name = serializers.CharField(source="agency.name", read_only=True, label="执法主体名称")

    class Meta:
        model = Department
        fields = ["id", "agency", "agency_name", "name", "functions", "phone", "is_review_body", "version"]
        extra_kwargs = {"phone": {"help_text": PRIVATE_HELP}}


class PersonSerializer(RegistrySerializer):
    """人员: ID number and phone only in single-record answers to roster keepers."""

    agency = related(PersonForm, "agency")
    department = related(PersonForm, "department")
    agency_name = serializers.CharField(source="agency.name", read_only=True, label="执法主体名称")
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True, default=None, label="内设机构名称"
    )

    class Meta:
        model = Person
        fields = [
            "id", "agency", "agency_name", "department", "department_name", "name", "gender", "id_number", "phone",
            "post", "title", "is_active", "version", "created_at", "updated_at",
        ]
        extra_kwargs = {"id_number": {"help_text": PRIVATE_HELP}, "phone": {"help_text": PRIVATE_HELP}}


class CertificateSerializer(RegistrySerializer):
    """执法证 (O1, P3), with the status the public verification page shows."""

    person = related(CertificateForm, "person")
    person_name = serializers.CharField(source="person.name", read_only=True, label="持证人姓名")
    agency = serializers.IntegerField(source="person.agency_id", read_only=True, label="执法主体")
    agency_name = serializers.CharField(source="person.agency.name", read_only=True, label="执法主体名称")
    public_status = serializers.CharField(read_only=True, label="公示状态", help_text="有效、暂扣、注销、已过期或尚未生效")
    is_valid = serializers.SerializerMethodField(label="当前有效")

    class Meta:
        model = Certificate
        fields = [
            "id", "person", "person_name", "agency", "agency_name", "number", "category", "region_code",
            "issued_on", "expires_on", "issuer", "status", "public_status", "is_valid", "version",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_valid(self, obj) -> bool:
        return obj.is_valid_on()


class QualificationSerializer(RegistrySerializer):
    """法制审核资格 (L1; PL Art. 58): created for a person, then edited in place."""

    person = ScopedRelatedField(choices=selectors.people, queryset=Person.objects.none(), label="审核人员")
    person_name = serializers.CharField(source="person.name", read_only=True, label="审核人员姓名")
    agency = serializers.IntegerField(source="person.agency_id", read_only=True, label="执法主体")

    class Meta:
        model = ReviewerQualification
        fields = ["id", "person", "person_name", "agency", "qualification_number", "obtained_on", "reviewing_since",
                  "version"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # A qualification belongs to its person for good: edits change the qualification, not its holder.
            fields["person"].read_only = True
        return fields

    def validate_person(self, person):
        if ReviewerQualification.objects.filter(person=person).exists():
            raise serializers.ValidationError("该人员已登记法制审核资格，请修改原记录")
        return person


class AdviserSerializer(RegistrySerializer):
    """法律顾问与公职律师 in the region's shared pool (L1)."""

    class Meta:
        model = Adviser
        fields = ["id", "name", "kind", "organisation", "licence_number", "region_code", "specialties", "phone",
                  "is_available", "version"]
        extra_kwargs = {"phone": {"help_text": PRIVATE_HELP}}


class TrainingSerializer(RegistrySerializer):
    """培训记录 (O2): attendees are people of the organising agency."""

    agency = related(TrainingForm, "agency")
    agency_name = serializers.CharField(source="agency.name", read_only=True, label="组织单位名称")
    attendees = related(TrainingForm, "attendees")

    class Meta:
        model = Training
        fields = ["id", "agency", "agency_name", "title", "held_on", "hours", "organiser", "attendees", "version"]


class DeviceSerializer(RegistrySerializer):
    """执法装备 (O5) and who holds it."""

    agency = related(DeviceForm, "agency")
    agency_name = serializers.CharField(source="agency.name", read_only=True, label="执法主体名称")
    holder = related(DeviceForm, "holder")
    holder_name = serializers.CharField(source="holder.name", read_only=True, allow_null=True, default=None,
                                        label="持有人姓名")

    class Meta:
        model = Device
        fields = ["id", "agency", "agency_name", "kind", "serial_number", "model_name", "status", "holder",
                  "holder_name", "assigned_on", "version"]


# The computed figures (L1, O1, O2).


class ReviewerRatioSerializer(serializers.Serializer):
    """Reviewers ÷ officers of one agency against the minimum share (L1)."""

    agency = serializers.IntegerField(source="agency.pk", label="执法主体")
    agency_name = serializers.CharField(source="agency.name", label="执法主体名称")
    officers = serializers.IntegerField(label="在岗执法人员数")
    reviewers = serializers.IntegerField(label="在岗法制审核人员数")
    ratio = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True, label="审核人员比例",
                                     help_text="审核人员 ÷ 执法人员；无执法人员时为 null")
    minimum = serializers.DecimalField(max_digits=5, decimal_places=4, label="最低比例")
    required = serializers.IntegerField(label="至少需要的审核人员数")
    meets_minimum = serializers.BooleanField(label="是否达标")


# The officer roster (Excel).


class RosterUploadSerializer(serializers.Serializer):
    """An .xlsx roster in the export's layout."""

    file = serializers.FileField(label="名册文件", help_text="与导出名册格式相同的 .xlsx 文件")


class RosterRowErrorSerializer(serializers.Serializer):
    """One error of one row: where it is and which rule it breaks."""

    row = serializers.IntegerField(label="行号", help_text="Excel 中的行号（表头为第1行）")
    column = serializers.CharField(label="列", help_text="列名；整行的问题为空")
    message = serializers.CharField(label="说明")


class RosterSummarySerializer(serializers.Serializer):
    """What a clean import changed."""

    rows = serializers.IntegerField(label="数据行数")
    people_created = serializers.IntegerField(label="新增人员")
    people_updated = serializers.IntegerField(label="更新人员")
    people_unchanged = serializers.IntegerField(label="未变化人员")
    certificates_created = serializers.IntegerField(label="新增执法证")
    certificates_updated = serializers.IntegerField(label="更新执法证")
    certificates_unchanged = serializers.IntegerField(label="未变化执法证")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as every error of the API is answered."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)


class RosterProblemSerializer(ProblemSerializer):
    errors = RosterRowErrorSerializer(many=True, required=False)

