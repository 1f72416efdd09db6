"""Django admin holds configuration only: the scoring checklists and warning-rule settings."""

from django.contrib import admin

from .models import Checklist, ChecklistItem, RuleSetting


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "total_points")
    inlines = [ChecklistItemInline]

    @admin.display(description="总分")
    def total_points(self, obj):
        return obj.total_points


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    """Read-only here: settings change through the rules page, which journals every change."""

    list_display = ("rule", "enabled", "lead_days", "grace_days", "to_agency_head_after", "to_supervisor_after",
                    "email", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
