"""Forms of the inspection pages; the API parses its bodies with them too. The services check the rules."""

from django import forms

from zhifa.organizations.models import Person

from .models import Conflict, Result, Target


def _text(label, *, max_length=300, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, error_messages={
        "max_length": f"{label}不能超过{max_length}个字符", "required": f"请填写{label}"}, **kwargs)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                 error_messages={"invalid": "版本号（version）须为整数"})


class TargetForm(forms.Form):
    name = _text("名称或姓名", max_length=200)
    uscc = _text("统一社会信用代码", max_length=30, help_text="自然人不填")
    kind = forms.ChoiceField(label="类型", choices=Target.Kind.choices, required=False,
                             error_messages={"invalid_choice": "类型应为企业、个体工商户、其他组织或自然人"})
    address = _text("地址（住所或经营场所）")
    region_code = _text("行政区划代码", max_length=6, help_text="为空时取本机关的区划")
    category = _text("分类", max_length=50, help_text="如“食品经营”，抽查计划按分类筛选")


class TargetEditForm(TargetForm, VersionForm):
    pass


class RegisterForm(VersionForm):
    registered = forms.BooleanField(label="在册", required=False, widget=forms.HiddenInput)
    reason = _text("原因", max_length=200, required=True, help_text="如已注销、已迁出本辖区、已恢复经营")


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件", required=False,
                           help_text="第一张工作表，表头：名称、统一社会信用代码、类型、地址、行政区划代码、分类")


class ConflictForm(forms.Form):
    target = forms.ModelChoiceField(label="检查对象", queryset=Target.objects.none(), error_messages={
        "required": "请选择检查对象（target）", "invalid_choice": "所选检查对象不在本机关名录中（target）"})
    person = forms.ModelChoiceField(label="执法人员", queryset=Person.objects.none(), error_messages={
        "required": "请选择执法人员（person）", "invalid_choice": "所选人员不是本机关执法人员（person）"})
    kind = forms.ChoiceField(label="回避事由", choices=Conflict.Kind.choices, error_messages={
        "required": "请选择回避事由（kind）", "invalid_choice": "请选择回避事由（kind）"})
    note = _text("说明")

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Target.objects.filter(agency=agency)
        self.fields["person"].queryset = Person.objects.filter(agency=agency, post=Person.Post.OFFICER)


class PlanForm(forms.Form):
    title = _text("计划名称", max_length=200)
    items = forms.ModelMultipleChoiceField(label="随机抽查事项", queryset=Target.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple, error_messages={
                                               "invalid_choice": "所选事项不是本机关现行清单中的随机抽查事项（items）",
                                               "invalid_pk_value": "随机抽查事项（items）应为事项编号",
                                               "invalid_list": "随机抽查事项（items）应为事项编号的列表"})
    period_start = _text("检查期间起", max_length=10, widget=forms.DateInput(attrs={"type": "date"}))
    period_end = _text("检查期间止", max_length=10, widget=forms.DateInput(attrs={"type": "date"}))
    category = _text("对象分类", max_length=50, help_text="为空表示名录中全部在册对象")
    region_prefix = _text("区域（行政区划代码前缀）", max_length=6)
    target_count = _text("抽取对象数", max_length=6, help_text="与抽取比例只填一项")
    target_ratio = _text("抽取比例（%）", max_length=8)
    inspectors_per_target = _text("每个对象检查人员数", max_length=2, initial=2, help_text="不少于2名（行政处罚法第四十二条）")
    seed = _text("随机种子", max_length=64, help_text="为空时由系统生成；抽取后公开，任何人可据以复核")

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["items"].queryset = items
            self.fields["items"].label_from_instance = lambda i: f"{i.code} {i.name}（{i.inspection_method}，{i.inspection_ratio}）"

    def service_data(self) -> dict:
        return {**self.cleaned_data, "items": list(self.cleaned_data["items"])}


class ResultForm(VersionForm):
    inspected_on = _text("检查日期", max_length=10, widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.CharField(label="检查结果", required=False, max_length=20,
                             widget=forms.Select(choices=[("", "请选择"), *Result.choices]))
    note = _text("情况说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                 help_text="发现问题的，写明问题；转立案查处的，同时登记为案源")
