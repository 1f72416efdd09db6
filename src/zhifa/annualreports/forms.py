from django import forms
from django.utils import timezone

from .models import MANUAL_FIELDS


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2000, error_messages={
        "required": "请填写报告年度", "invalid": "报告年度应为四位数字，如 2026", "min_value": "报告年度不能早于2000年"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class ManualForm(forms.Form):
    narrative = forms.CharField(label="工作情况说明", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                max_length=20000, error_messages={"max_length": "工作情况说明不能超过20000字"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in MANUAL_FIELDS:
            self.fields[key] = forms.IntegerField(label=label, min_value=0, max_value=1_000_000, initial=0, error_messages={
                "invalid": f"“{label}”应为整数", "min_value": f"“{label}”不能为负数",
                "max_value": f"“{label}”不能超过1000000", "required": f"请填写“{label}”"})

    def manual(self) -> dict:
        return {key: self.cleaned_data[key] for key, _ in MANUAL_FIELDS}
