"""The public complaint and progress forms, and the staff's answers; the public API parses with them too."""

from django import forms

from zhifa.organizations.models import Agency

from .models import Complaint


class ComplaintForm(forms.Form):
    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.order_by("region_code", "name"),
                                    empty_label="请选择", error_messages={"required": "请选择受理的执法机关",
                                                                         "invalid_choice": "所选执法机关不存在"})
    kind = forms.ChoiceField(label="类别", choices=Complaint.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "请选择投诉或举报", "invalid_choice": "请选择投诉或举报"},
                             help_text="投诉：维护本人权益，须留姓名和电话；举报：反映违法行为，可以匿名")
    subject = forms.CharField(label="被投诉举报对象", max_length=200, help_text="单位名称或个人，以及地址",
                              error_messages={"required": "请填写被投诉举报的单位或个人",
                                              "max_length": "被投诉举报对象不能超过200字"})
    content = forms.CharField(label="投诉举报内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                              help_text="时间、地点、经过和您掌握的证据", error_messages={
                                  "required": "请具体描述投诉举报的事项（不少于10个字）",
                                  "max_length": "投诉举报内容不能超过5000字"})
    name = forms.CharField(label="姓名", max_length=50, required=False, error_messages={"max_length": "姓名不能超过50字"})
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            error_messages={"max_length": "联系电话不能超过30个字符"})
    answer = forms.CharField(label="验证问题", max_length=10, error_messages={"required": "请回答验证问题"})
    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "验证问题无效，请刷新页面后重新作答"})
    website = forms.CharField(label="网址（请勿填写）", required=False)

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("kind", "subject", "content", "name", "phone")}


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(label="查询类别", choices=[("complaint", "投诉举报"), ("application", "申请事项")],
                             widget=forms.RadioSelect, initial="complaint",
                             error_messages={"required": "请选择查询类别", "invalid_choice": "请选择查询类别"})
    number = forms.CharField(label="编号", max_length=60, help_text="投诉举报编号或申请受理编号（案件编号）",
                             error_messages={"required": "请填写编号", "max_length": "编号不能超过60个字符"})
    secret = forms.CharField(label="查询码或申请人", max_length=100,
                             help_text="投诉举报：提交时得到的8位查询码；申请事项：申请人名称或统一社会信用代码、身份证号码",
                             error_messages={"required": "请填写查询码或申请人", "max_length": "不能超过100个字符"})


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": "请填写不予受理的理由，投诉举报人可查询"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages={"required": "请填写答复内容"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegisterForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
