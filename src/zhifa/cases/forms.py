"""Forms of the case pages; they only parse — the services decide."""

from django import forms

from zhifa.catalog.models import PenaltyKind
from zhifa.organizations.models import Person

from .major import CIRCUMSTANCES
from .models import Case, CaseEvent, CollectiveDiscussion, Lead, Party, Suspension

DATE = forms.DateInput(attrs={"type": "date"})


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LeadForm(forms.ModelForm):
    title = forms.CharField(label="案由", max_length=200, required=False, help_text="不填则取案源内容的前60字")

    class Meta:
        model = Lead
        fields = ["source", "received_on", "summary", "party_name", "reporter", "reference"]
        widgets = {"received_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}


class CaseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    penalty_kinds = forms.MultipleChoiceField(
        label="拟处罚种类", choices=PenaltyKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    circumstances = forms.MultipleChoiceField(
        label="重大执法决定情形", choices=list(CIRCUMSTANCES.items()), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="行政处罚法第五十八条",
    )

    class Meta:
        model = Case
        fields = [
            "title", "department", "violation_ended_on", "discovered_on", "limitation_years", "place", "facts",
            "provisions_violated", "provisions_penalised", "tier", "penalty_kinds", "fine_amount",
            "confiscation_amount", "circumstances",
        ]
        widgets = {
            "violation_ended_on": DATE, "discovered_on": DATE,
            "facts": forms.Textarea(attrs={"rows": 5}),
            "provisions_violated": forms.Textarea(attrs={"rows": 2}),
            "provisions_penalised": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        self.fields["department"].queryset = case.agency.departments.all() if case.agency_id else Person.objects.none()
        self.fields["version"].initial = case.version

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PartyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Party
        fields = ["kind", "name", "id_number", "uscc", "legal_representative", "address", "phone"]


class OfficersForm(VersionedForm):
    officers = forms.ModelMultipleChoiceField(
        label="办案人员", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="至少两名持有效执法证的执法人员（行政处罚法第四十二条）",
    )
    lead = forms.ModelChoiceField(label="主办人", queryset=Person.objects.none(), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(agency=case.agency, post=Person.Post.OFFICER, is_active=True)
        self.fields["officers"].queryset = people
        self.fields["lead"].queryset = people


class RecusalForm(VersionedForm):
    has_interest = forms.TypedChoiceField(
        label="是否存在应当回避的情形", choices=[("0", "不存在"), ("1", "存在")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label="声明内容", widget=forms.Textarea(attrs={"rows": 2}),
        initial="本人与本案当事人无直接利害关系，不存在其他应当回避的情形。",
    )


class TransitionForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApprovalRequestForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批结果", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EventForm(VersionedForm):
    kind = forms.ChoiceField(label="事项", choices=CaseEvent.Kind.choices)
    occurred_on = forms.DateField(label="发生日期", widget=DATE)
    amount = forms.DecimalField(label="金额（元）", required=False, max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(label="说明", required=False)


class DiscussionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CollectiveDiscussion
        fields = ["held_on", "chair", "participants", "minutes", "conclusion"]
        widgets = {"held_on": DATE, "minutes": forms.Textarea(attrs={"rows": 4}),
                   "participants": forms.Textarea(attrs={"rows": 2}), "conclusion": forms.Textarea(attrs={"rows": 2})}


class SuspensionForm(VersionedForm):
    kind = forms.ChoiceField(label="申请事项", choices=Suspension.Kind.choices)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label="延长天数", required=False, min_value=1, max_value=365)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Case.Status.choices])
    mine = forms.BooleanField(label="只看我承办的", required=False)
