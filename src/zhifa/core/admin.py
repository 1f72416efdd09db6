"""Configuration in Django admin: number templates. Every save is journalled like a service change."""

from django.contrib import admin
from django.db import transaction

from zhifa.ledger.services import append

from .models import NumberTemplate


class JournalledAdmin(admin.ModelAdmin):
    """Admin pages for configuration data only; saves and deletions still enter the journal."""

    journal_kind = ""

    def _agency(self, obj):
        return getattr(obj, "agency", None)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            payload = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
            append(f"{self.journal_kind}.{'updated' if change else 'created'}", obj, request.user, self._agency(obj),
                   payload)

    def delete_model(self, request, obj):
        with transaction.atomic():
            append(f"{self.journal_kind}.deleted", obj, request.user, self._agency(obj), {"repr": str(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(NumberTemplate)
class NumberTemplateAdmin(JournalledAdmin):
    journal_kind = "number_template"
    list_display = ("agency", "kind", "template", "domain", "padding")
    list_filter = ("kind",)
