from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class ZhifaUserAdmin(UserAdmin):
    """Logins and roles are configuration: the administrator assigns them here."""

    fieldsets = UserAdmin.fieldsets + (("角色与范围", {"fields": ("role", "agency", "region_code", "person")}),)
    list_display = ("username", "first_name", "role", "agency", "region_code", "is_active")
    list_filter = ("role", "is_active")
