"""Forms of the rule-list pages; model validation runs in the services, inside their transaction."""

from django import forms

from .models import (
    AvRequirement,
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    MajorDecisionRule,
    PenaltyKind,
    Power,
    PowerKind,
    Procedure,
    RuleList,
    Tier,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.ModelForm):
    def _post_clean(self):
        pass  # the service validates the whole row (and refuses published versions)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class JSONTextarea(forms.Textarea):
    def __init__(self):
        super().__init__(attrs={"rows": 14, "class": "code"})


class PowerForm(EntryForm):
    class Meta:
        model = Power
        fields = ["code", "name", "kind", "basis", "responsible_agency", "responsible_department", "responsibilities",
                  "accountability", "note"]


class ItemForm(EntryForm):
    class Meta:
        model = EnforcementItem
        fields = ["power", "code", "name", "subject", "handling_body", "conditions", "materials", "time_limit",
                  "procedure_code", "fees", "remedies", "place", "contact", "is_random_inspection", "inspection_method",
                  "inspection_ratio"]

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["power"].queryset = Power.objects.filter(version=version)


class ProcedureForm(EntryForm):
    class Meta:
        model = Procedure
        fields = ["code", "name", "kind", "description", "definition"]
        widgets = {"definition": JSONTextarea()}


class BenchmarkForm(EntryForm):
    class Meta:
        model = DiscretionBenchmark
        fields = ["code", "violation", "provisions_violated", "provisions_penalised", "statutory_range",
                  "first_violation_exempt", "first_violation_conditions"]


class MajorRuleForm(EntryForm):
    class Meta:
        model = MajorDecisionRule
        fields = ["kind", "name", "params", "basis"]
        widgets = {"params": forms.Textarea(attrs={"rows": 4, "class": "code"})}
        help_texts = {"params": "JSON，如：{\"kinds\": [\"revoke_licence\"]}、{\"thresholds\": {\"person\": \"10000\", "
                                "\"organisation\": \"100000\"}}、{\"domains\": [\"食品药品\"]}、{\"action_kinds\": [\"penalty\", \"compulsion\"]}"}


class AvForm(EntryForm):
    class Meta:
        model = AvRequirement
        fields = ["procedure_code", "stage_code", "mode", "basis"]


class TierForm(EntryForm):
    penalty_kinds = forms.MultipleChoiceField(label="处罚种类", choices=PenaltyKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DiscretionTier
        fields = ["tier", "circumstances", "penalty_kinds", "fine_basis", "fine_min", "fine_max"]


ENTRY_FORMS = {
    "power": PowerForm, "item": ItemForm, "procedure": ProcedureForm, "benchmark": BenchmarkForm,
    "major_rule": MajorRuleForm, "av": AvForm,
}


class ListForm(forms.Form):
    kind = forms.ChoiceField(label="清单类型", choices=RuleList.Kind.choices)
    name = forms.CharField(label="名称", max_length=200)
    agency = forms.ModelChoiceField(label="执法主体", queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AdoptForm(forms.Form):
    agency = forms.ModelChoiceField(label="采用为本机关清单", queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class PublishForm(forms.Form):
    effective_from = forms.DateField(label="生效日期", widget=DATE, required=False)
    note = forms.CharField(label="修订说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件", help_text="含“权责清单”“执法事项清单”两个工作表的.xlsx文件，导入将替换草稿中的全部权力和事项")


class CheckForm(forms.Form):
    tier = forms.ChoiceField(label="裁量阶次", choices=Tier.choices)
    kinds = forms.MultipleChoiceField(label="拟处罚种类", choices=PenaltyKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    fine = forms.DecimalField(label="拟罚款金额（元）", required=False, min_value=0, decimal_places=2)
    illegal_gains = forms.DecimalField(label="违法所得（元）", required=False, min_value=0, decimal_places=2)
    goods_value = forms.DecimalField(label="货值金额（元）", required=False, min_value=0, decimal_places=2)
    fees = forms.DecimalField(label="广告费用等（元）", required=False, min_value=0, decimal_places=2)


class MajorCheckForm(forms.Form):
    action_kind = forms.ChoiceField(label="执法行为类别", choices=PowerKind.choices, initial=PowerKind.PENALTY)
    penalty_kinds = forms.MultipleChoiceField(label="拟处罚种类", choices=PenaltyKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    amount = forms.DecimalField(label="涉案金额（元）", required=False, min_value=0, decimal_places=2)
    party_type = forms.ChoiceField(label="当事人类型", choices=[("person", "公民"), ("organisation", "法人或者其他组织"),
                                                            ("individual_business", "个体工商户")])
    domain = forms.CharField(label="执法领域", required=False)
    hearing_held = forms.BooleanField(label="经过听证程序", required=False)
    complex_case = forms.BooleanField(label="案件情况疑难复杂", required=False)
    multiple_legal_relations = forms.BooleanField(label="涉及多个法律关系", required=False)
    major_public_interest = forms.BooleanField(label="涉及重大公共利益", required=False)
    major_social_impact = forms.BooleanField(label="可能造成重大社会影响或引发社会风险", required=False)
    major_rights = forms.BooleanField(label="直接关系当事人或者第三人重大权益", required=False)
    required_by_law = forms.BooleanField(label="法律、法规规定应当法制审核", required=False)

    def facts(self):
        from decimal import Decimal

        from .major import Facts

        data = dict(self.cleaned_data)
        data["amount"] = data.get("amount") or Decimal("0")
        return Facts(**data)


class LawsForm(forms.Form):
    laws = forms.ModelMultipleChoiceField(label="依据的法律法规", queryset=None, required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text="这些法律法规修改超过一个月而本清单未发布新版本的，清单标记为逾期未修订")

    def __init__(self, *args, **kwargs):
        from zhifa.laws.models import Law

        super().__init__(*args, **kwargs)
        self.fields["laws"].queryset = Law.objects.order_by("title")
