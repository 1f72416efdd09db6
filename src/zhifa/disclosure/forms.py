"""Forms of the portal and the clerk's pages; the public API parses its input with the same forms."""

from django import forms

from zhifa.organizations.models import Agency, Person

from . import masking
from .models import Category, DisclosurePolicy, ExceptionKind, PostBoard, PublishedDecision, WithdrawalKind
from .public import DecisionFilter

DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD，如 2026-03-01"}


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    agency = forms.ModelChoiceField(label="执法机关", queryset=Agency.objects.order_by("region_code", "name"),
                                    required=False, empty_label="全部机关",
                                    error_messages={"invalid_choice": "所选执法机关不存在"})
    category = forms.ChoiceField(label="执法类别", choices=[("", "全部类别"), *Category.choices], required=False,
                                 error_messages={"invalid_choice": "执法类别只能是行政处罚、行政许可、行政强制或其他"})
    date_from = forms.DateField(label="决定日期自", required=False, error_messages=DATE_ERRORS,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="至", required=False, error_messages=DATE_ERRORS,
                              widget=forms.DateInput(attrs={"type": "date"}))
    target = forms.CharField(label="执法对象", required=False, max_length=100,
                             help_text="单位名称或统一社会信用代码")
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "公示中"), ("all", "全部（含已撤下）")],
                               error_messages={"invalid_choice": "状态只能是公示中或全部"})

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data

    def to_filter(self) -> DecisionFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        agency = data.get("agency")
        return DecisionFilter(
            q=(data.get("q") or "").strip(), agency=agency.pk if agency else None, category=data.get("category", ""),
            date_from=data.get("date_from"), date_to=data.get("date_to"), target=(data.get("target") or "").strip(),
            status="" if data.get("status") == "all" else PublishedDecision.Status.CURRENT,
        )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class OnePageForm(forms.Form):
    """One of several forms on the clerk's page: its own ids, so each label names its own field."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MaskForm(OnePageForm):
    id_prefix = "mask"
    extra_masks = forms.CharField(label="另需遮蔽的词语", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="每行一项，如遗漏的人名、病情、财产情况")
    keep_terms = forms.CharField(label="确认不是人名的词语", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="每行一项；只对按称谓识别的姓名有效，案件中登记的人员始终隐去")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_extra_masks(self):
        return _lines(self.cleaned_data["extra_masks"])

    def clean_keep_terms(self):
        return _lines(self.cleaned_data["keep_terms"])


class WithholdForm(OnePageForm):
    id_prefix = "withhold"
    kind = forms.ChoiceField(label="不予公示情形", choices=ExceptionKind.choices,
                             error_messages={"invalid_choice": "请选择不予公示的法定情形", "required": "请选择不予公示的法定情形"})
    reason = forms.CharField(label="理由及依据", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": "请写明不予公示的理由和依据"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawalForm(OnePageForm):
    id_prefix = "withdrawal"
    kind = forms.ChoiceField(label="撤下原因", choices=[(k, v) for k, v in WithdrawalKind.choices
                                                       if k in {"revoked", "unlawful", "remade"}],
                             error_messages={"invalid_choice": "请选择撤下原因", "required": "请选择撤下原因"})
    occurred_on = forms.DateField(label="撤销等决定的作出日期", error_messages={**DATE_ERRORS, "required": "请填写日期"},
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="公开的撤下理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": "请填写向社会公开的撤下理由"},
                             help_text="如：经蚌埠市人民政府行政复议决定撤销（蚌府复决〔2026〕3号）")
    withdraw_now = forms.BooleanField(label="立即撤下", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PolicyForm(forms.ModelForm):
    masked_categories = forms.MultipleChoiceField(
        label="脱敏项目", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(c, masking.LABELS[c]) for c in masking.SWITCHABLE],
        help_text="身份证件号码始终隐去；一项不选等于采用全部默认项目",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DisclosurePolicy
        fields = ["penalty_days", "licence_days", "other_days", "withdrawal_days", "auto_publish", "mask_party_names",
                  "withhold_warning_only", "masked_categories", "extra_patterns", "complaint_acceptance_days",
                  "report_due_month", "report_due_day"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BoardForm(forms.ModelForm):
    people = forms.ModelMultipleChoiceField(label="在岗人员", queryset=Person.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    item_codes = forms.CharField(label="办理事项编码", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="每行一个，取自本机关现行执法事项清单")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PostBoard
        fields = ["name", "location", "duties", "sample_materials", "consultation", "complaint_channel",
                  "is_published"]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["people"].queryset = Person.objects.filter(agency=agency, is_active=True).order_by("name")
        if self.instance.pk:
            self.fields["people"].initial = list(self.instance.people.all())
            self.fields["item_codes"].initial = "\n".join(self.instance.item_codes or [])
            self.fields["version"].initial = self.instance.version

    def clean_item_codes(self):
        from .public import items

        codes = _lines(self.cleaned_data["item_codes"])
        _, in_force = items(self.agency)
        known = set(in_force.values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(f"本机关现行执法事项清单中没有这些编码：{'、'.join(unknown)}")
        return codes

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["item_codes"] = self.cleaned_data["item_codes"]
        return data
