"""Forms of the supervision pages and API: they parse and name each field's problem in Chinese."""

import datetime

from django import forms
from django.utils import timezone

from zhifa.organizations.selectors import agencies as scoped_agencies

from .models import Checklist, ImplementationTask, Level, Notice, RecordAccess
from .rules import base

DATE_ERRORS = {"invalid": "须为 YYYY-MM-DD 格式的日期"}
INT_ERRORS = {"invalid": "须为整数", "min_value": "不能小于%(limit_value)s", "max_value": "不能大于%(limit_value)s"}


class DateField(forms.DateField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", DATE_ERRORS)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)


def _agency_field(user, *, required=False, multiple=False, label="执法主体"):
    queryset = scoped_agencies(user).filter(is_supervisory=False)
    if multiple:
        return forms.ModelMultipleChoiceField(queryset=queryset, required=required, label=label,
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": "请至少选择一个执法主体",
                                                              "invalid_choice": "所选执法主体不在您的范围内",
                                                              "invalid_pk_value": "执法主体编号无效"})
    return forms.ModelChoiceField(queryset=queryset, required=required, label=label, empty_label="全部",
                                  error_messages={"invalid_choice": "所选执法主体不在您的范围内"})


def rule_choices():
    return [("", "全部")] + [(r.code, r.name) for r in base.rules()]


class WarningFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=[("open", "未解除"), ("cleared", "已解除"), ("all", "全部")])
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部"), *Level.choices])
    rule = forms.ChoiceField(label="预警规则", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices()
        self.fields["agency"] = _agency_field(user)


class RuleSettingForm(forms.Form):
    enabled = forms.BooleanField(label="启用", required=False)
    lead_days = forms.IntegerField(label="提前预警天数", min_value=0, max_value=365, error_messages=INT_ERRORS)
    grace_days = forms.IntegerField(label="整改期限（日）", min_value=0, max_value=365, error_messages=INT_ERRORS)
    to_agency_head_after = forms.IntegerField(label="超期几个工作日报机关负责人", min_value=0, max_value=365,
                                              error_messages=INT_ERRORS)
    to_supervisor_after = forms.IntegerField(label="超期几个工作日报执法监督机构", min_value=0, max_value=365,
                                             error_messages=INT_ERRORS)
    email = forms.BooleanField(label="发送电子邮件", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def settings(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AccessForm(forms.Form):
    purpose = forms.ChoiceField(label="调阅事由", choices=RecordAccess.Purpose.choices,
                                error_messages={"invalid_choice": "请从列表中选择调阅事由"})
    reason = forms.CharField(label="调阅理由", widget=forms.Textarea(attrs={"rows": 3}), min_length=5, max_length=500,
                             help_text="写明为何调阅本案，如核查的预警、评查方案、投诉举报编号；被调阅单位可以看到",
                             error_messages={"required": "请填写调阅理由（reason），不少于5个字",
                                             "min_length": "请填写调阅理由（reason），不少于5个字",
                                             "max_length": "调阅理由（reason）不超过500个字"})
    warning = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="编号或案由", required=False, max_length=100)
    region = forms.RegexField(label="区划代码", regex=r"^\d{2,6}$", required=False,
                              error_messages={"invalid": "区划代码须为2至6位数字"})
    stage = forms.CharField(label="环节", required=False, max_length=50)
    procedure = forms.CharField(label="流程", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", required=False, choices=[
        ("", "全部"), ("live", "办理中和待归档"), ("open", "办理中"), ("suspended", "中止"), ("closed", "已结案"),
        ("archived", "已归档"), ("ended", "已终结")])
    domain = forms.CharField(label="执法领域", required=False, max_length=50)
    warning = forms.ChoiceField(label="预警规则", required=False)
    level = forms.ChoiceField(label="预警级别", required=False, choices=[("", "全部"), *Level.choices])
    late = forms.ChoiceField(label="超期事项", required=False)
    av_missing = forms.BooleanField(label="缺音像记录", required=False)
    decided = forms.BooleanField(label="期间内作出决定", required=False)
    start = DateField(label="期间起", required=False)
    end = DateField(label="期间止", required=False)

    def __init__(self, data=None, *args, user=None, **kwargs):
        if data is not None:  # the drill-down links say from/to, as the statistics page does
            data = data.copy()
            for outer, inner in (("from", "start"), ("to", "end")):
                if outer in data and inner not in data:
                    data[inner] = data[outer]
        super().__init__(data, *args, **kwargs)
        self.fields["warning"].choices = rule_choices()
        self.fields["late"].choices = rule_choices()
        self.fields["agency"] = _agency_field(user)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "期间止不能早于期间起")
        return data


class StatisticsForm(forms.Form):
    start = DateField(label="期间起", required=False)
    end = DateField(label="期间止", required=False)
    region = forms.RegexField(label="区划代码", regex=r"^\d{2,6}$", required=False,
                              error_messages={"invalid": "区划代码须为2至6位数字"})

    def __init__(self, data=None, *args, user=None, **kwargs):
        if data is not None:
            data = data.copy()
            for outer, inner in (("from", "start"), ("to", "end")):
                if outer in data and inner not in data:
                    data[inner] = data[outer]
        super().__init__(data, *args, **kwargs)
        self.fields["agency"] = _agency_field(user)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or datetime.date(today.year, 1, 1)
        data["end"] = data.get("end") or datetime.date(today.year, 12, 31)
        if data["start"] > data["end"]:
            self.add_error("end", "期间止不能早于期间起")
        elif (data["end"] - data["start"]).days > 366 * 10:
            self.add_error("end", "统计期间不能超过十年")
        return data


class TaskForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ImplementationTask
        fields = ["title", "lead_unit", "responsible_units", "starts_on", "due_on", "status", "completed_on", "progress",
                  "order"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "progress": forms.Textarea(attrs={"rows": 3})}
        error_messages = {f: DATE_ERRORS for f in ("starts_on", "due_on", "completed_on")}

    def _post_clean(self):
        """Model validation is the service's (one place); the form only parses."""

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanForm(forms.Form):
    title = forms.CharField(label="方案名称", max_length=200)
    closed_from = DateField(label="结案日期起")
    closed_to = DateField(label="结案日期止")
    per_agency = forms.IntegerField(label="每个主体抽取案卷数", min_value=1, max_value=100, initial=3,
                                    error_messages=INT_ERRORS)
    checklist = forms.ModelChoiceField(label="评查标准", queryset=Checklist.objects.filter(is_active=True),
                                       error_messages={"invalid_choice": "请选择可用的评查标准"})
    seed = forms.CharField(label="随机种子", required=False, max_length=64,
                           help_text="留空由系统随机生成；种子与抽取结果一并记录，任何人可据以复核")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"] = _agency_field(user, required=True, multiple=True, label="被评查执法主体")
        self.order_fields(["title", "agencies", "closed_from", "closed_to", "per_agency", "checklist", "seed"])


class ScoreForm(forms.Form):
    """One score and finding per checklist item of the plan."""

    summary = forms.CharField(label="评查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items=(), evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        existing = {s.code: s for s in evaluation.scores.all()} if evaluation is not None else {}
        for item in self.items:
            code, points = item["code"], item["points"]
            old = existing.get(code)
            self.fields[f"score_{code}"] = forms.DecimalField(
                label=f"{item['category_label']}：{item['text']}（{points}分）", min_value=0, max_value=points,
                decimal_places=1, initial=old.score if old else points,
                error_messages={"required": "请评分", "invalid": "须为数字", "min_value": "不能小于0",
                                "max_value": f"不能超过{points}分", "max_decimal_places": "最多一位小数"})
            self.fields[f"finding_{code}"] = forms.CharField(label="发现的问题", required=False, initial=old.finding if old else "",
                                                             widget=forms.Textarea(attrs={"rows": 2}))

    def scores(self) -> dict:
        return {i["code"]: (self.cleaned_data[f"score_{i['code']}"], self.cleaned_data[f"finding_{i['code']}"])
                for i in self.items}

    def rows(self):
        return [(item, self[f"score_{item['code']}"], self[f"finding_{item['code']}"]) for item in self.items]


class RectificationRequireForm(forms.Form):
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    due_on = DateField(label="整改期限")


class ReportForm(forms.Form):
    report = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                             error_messages={"required": "请填写整改情况"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VerifyForm(forms.Form):
    accept = forms.TypedChoiceField(label="审核结果", choices=[("1", "整改完成"), ("0", "退回重新整改")], coerce=lambda v: v == "1",
                                    widget=forms.RadioSelect, error_messages={"required": "请选择审核结果"})
    verdict = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    new_due_on = DateField(label="新的整改期限", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Notice.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    rectification_required = forms.BooleanField(label="要求整改", required=False)
    rectification_due_on = DateField(label="整改期限", required=False)
    requirement = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"] = _agency_field(user, required=True, multiple=True, label="通报对象")
        self.order_fields(["kind", "title", "body", "agencies", "rectification_required", "rectification_due_on",
                           "requirement"])
