"""The case register's filters, shared by the page and the API so a bad value is refused the same way."""

import re

from django import forms
from django.core.exceptions import ValidationError

from zhifa.cases.models import Case

STAGE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
# The query string names of the fields (``from`` is a Python keyword, hence the mapping).
QUERY_NAMES = {"date_from": "from", "date_to": "to", "status": "status", "stage": "stage"}


class RegisterFilterForm(forms.Form):
    date_from = forms.DateField(label="立案日期起（from）", required=False,
                                error_messages={"invalid": "立案日期起（from）须为 YYYY-MM-DD 格式的日期"})
    date_to = forms.DateField(label="立案日期止（to）", required=False,
                              error_messages={"invalid": "立案日期止（to）须为 YYYY-MM-DD 格式的日期"})
    status = forms.ChoiceField(label="状态（status）", required=False, choices=[("", "全部"), *Case.Status.choices],
                               error_messages={"invalid_choice": "状态（status）只能是 "
                                               + "、".join(f"{v}（{label}）" for v, label in Case.Status.choices)})
    stage = forms.CharField(label="环节编码（stage）", required=False, max_length=50,
                            help_text="执法流程中的环节编码，如 investigation、closure")

    @classmethod
    def from_query(cls, query):
        return cls({field: query.get(name, "") for field, name in QUERY_NAMES.items()})

    def clean_stage(self):
        stage = (self.cleaned_data.get("stage") or "").strip()
        if stage and not STAGE_CODE.match(stage):
            raise ValidationError("环节编码（stage）只能由小写字母、数字和下划线组成，如 investigation")
        return stage

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError({"date_to": "立案日期止（to）不能早于立案日期起（from）"})
        return data

    def filters(self) -> dict:
        return {key: self.cleaned_data.get(key) or ("" if key in ("status", "stage") else None) for key in QUERY_NAMES}

    def query_errors(self) -> dict:
        """Errors keyed by the query-string names the caller used."""
        return {QUERY_NAMES.get(field, field): [str(m) for m in messages] for field, messages in self.errors.items()}


class BagFormatForm(forms.Form):
    format = forms.ChoiceField(label="打包格式（format）", required=False, choices=[("zip", "ZIP"), ("tar", "TAR")],
                               error_messages={"invalid_choice": "打包格式（format）只能是 zip 或 tar"})

    def fmt(self) -> str:
        return self.cleaned_data.get("format") or "zip"
