"""Configuration only: an agency's own materials checklist (the national one applies otherwise)."""

from django.contrib import admin

from .models import MaterialRequirement


@admin.register(MaterialRequirement)
class MaterialRequirementAdmin(admin.ModelAdmin):
    list_display = ["agency", "order", "code", "name", "required"]
    list_filter = ["agency", "required"]
