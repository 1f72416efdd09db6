from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from zhifa.core.validators import validate_region_code

from .roles import REGIONAL_ROLES, Role


class User(AbstractUser):
    """A login. People act through their :class:`~zhifa.organizations.models.Person`; systems through tokens."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="所属执法主体"
    )
    region_code = models.CharField(
        "管辖区划", max_length=6, blank=True, validators=[validate_region_code], help_text="监督人员与管理员按此区划前缀查看数据"
    )
    person = models.OneToOneField(
        "organizations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="user", verbose_name="人员"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self):
        super().clean()
        if self.role and self.role not in REGIONAL_ROLES and not self.agency_id:
            raise ValidationError({"agency": "该角色必须指定所属执法主体"})
        if self.role in REGIONAL_ROLES and not (self.region_code or self.agency_id):
            raise ValidationError({"region_code": "监督人员和管理员必须指定管辖区划"})

    @property
    def role_label(self):
        return Role(self.role).label if self.role else ""
