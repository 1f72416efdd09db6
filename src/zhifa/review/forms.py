"""Forms of the review pages and API; they only parse — the services decide."""

from django import forms

from zhifa.cases.forms import DiscussionForm as CaseDiscussionForm
from zhifa.organizations.models import Adviser, Person

from . import selectors
from .models import CheckPoint, CheckResult, Contest, Opinion

TEXT = {"rows": 3}


class SubmissionForm(forms.Form):
    """The proposal, one row per checklist material (a case record, text or a file) and, on resubmission,
    what was done about each problem of the previous opinion."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposal = forms.CharField(label="拟作出的执法决定", widget=forms.Textarea(attrs=TEXT))
    discretion_statement = forms.CharField(label="裁量说明", required=False, widget=forms.Textarea(attrs=TEXT),
                                           help_text="适用的裁量基准、阶次和理由")

    def __init__(self, *args, case, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.requirements = selectors.required_materials(case.agency)
        self.problems = list(selectors.open_problems(previous))
        records = [("", "（不选）")]
        for doc in case.documents.filter(status="issued").order_by("pk"):
            records.append((f"doc:{doc.pk}", f"文书：{doc.title} {doc.number}"))
        for ev in case.evidence.filter(withdrawn_at__isnull=True).order_by("pk"):
            records.append((f"ev:{ev.pk}", f"证据：{ev.title}"))
        for req in self.requirements:
            mark = "（必须）" if req.required else "（如有）"
            self.fields[f"m_{req.code}_record"] = forms.ChoiceField(
                label=f"{req.name}{mark}：案件文书或证据", choices=records, required=False, help_text=req.help_text)
            self.fields[f"m_{req.code}_text"] = forms.CharField(
                label=f"{req.name}：内容或说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"m_{req.code}_file"] = forms.FileField(label=f"{req.name}：上传文件", required=False)
        for problem in self.problems:
            self.fields[f"r_{problem.pk}"] = forms.CharField(
                label=f"整改情况：{problem.get_point_display()}（{problem.note}）", widget=forms.Textarea(attrs={"rows": 2}))

    def material_groups(self):
        return [(req, [self[f"m_{req.code}_{part}"] for part in ("record", "text", "file")]) for req in self.requirements]

    def response_fields(self):
        return [self[f"r_{p.pk}"] for p in self.problems]

    def materials(self) -> dict:
        found = {}
        documents = {d.pk: d for d in self.case.documents.all()}
        evidence = {e.pk: e for e in self.case.evidence.all()}
        for req in self.requirements:
            record = self.cleaned_data.get(f"m_{req.code}_record") or ""
            upload = self.cleaned_data.get(f"m_{req.code}_file")
            kind, _, pk = record.partition(":")
            found[req.code] = {
                "document": documents.get(int(pk)) if kind == "doc" else None,
                "evidence": evidence.get(int(pk)) if kind == "ev" else None,
                "text": self.cleaned_data.get(f"m_{req.code}_text", ""),
                "file": (upload.name, upload.read()) if upload else None,
            }
        return found

    def responses(self) -> dict:
        return {p.pk: self.cleaned_data.get(f"r_{p.pk}", "") for p in self.problems}


class ReturnForm(forms.Form):
    missing = forms.MultipleChoiceField(label="缺少或不符合要求的材料", widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label="退回说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [(r.code, r.name) for r in selectors.required_materials(agency)]


class AssignForm(forms.Form):
    reviewer = forms.ChoiceField(label="审核人员")

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"p:{p.pk}", f"{p.name}（{p.department or '未设机构'}）") for p in selectors.reviewer_people(agency)]
        choices += [(f"a:{a.pk}", f"{a.name}（{a.get_kind_display()}，{a.organisation}）")
                    for a in selectors.available_advisers(agency)]
        self.fields["reviewer"].choices = choices

    def chosen(self) -> dict:
        kind, _, pk = self.cleaned_data["reviewer"].partition(":")
        if kind == "p":
            return {"person": Person.objects.get(pk=pk)}
        return {"adviser": Adviser.objects.get(pk=pk)}


class OpinionForm(forms.Form):
    kind = forms.ChoiceField(label="审核结论", choices=Opinion.Kind.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs=TEXT))
    transfer_to = forms.CharField(label="移送机关", required=False, help_text="结论为移送有权机关处理的填写")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for point in CheckPoint:
            self.fields[f"c_{point.value}"] = forms.ChoiceField(
                label=point.label, choices=CheckResult.Result.choices, initial=CheckResult.Result.PASS,
                widget=forms.Select(attrs={"aria-label": point.label}))
            self.fields[f"n_{point.value}"] = forms.CharField(
                label=f"{point.label}：说明", required=False, widget=forms.TextInput(attrs={"aria-label": f"{point.label}：说明"}))

    def points(self):
        return [(point, self[f"c_{point.value}"], self[f"n_{point.value}"]) for point in CheckPoint]

    def checks(self) -> dict:
        return {p.value: (self.cleaned_data.get(f"c_{p.value}"), self.cleaned_data.get(f"n_{p.value}", ""))
                for p in CheckPoint}


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=30)
    reason = forms.CharField(label="延长理由", widget=forms.Textarea(attrs={"rows": 2}))


class ContestForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reasons = forms.CharField(label="异议理由", widget=forms.Textarea(attrs=TEXT))


class CoordinationForm(forms.Form):
    notes = forms.CharField(label="协调情况", widget=forms.Textarea(attrs=TEXT), help_text="参加人员、各方意见、协调结果")
    resolved = forms.TypedChoiceField(label="协调结果", coerce=lambda v: v == "1",
                                      choices=[("1", "协调一致"), ("0", "协调不一致，提交集体讨论")])


class DiscussionForm(CaseDiscussionForm):
    decision = forms.ChoiceField(label="集体讨论决定", choices=Contest.Decision.choices)

    class Meta(CaseDiscussionForm.Meta):
        pass


class ApproveForm(forms.Form):
    approved = forms.TypedChoiceField(label="审批结果", coerce=lambda v: v == "1", choices=[("1", "批准"), ("0", "不批准")])
    comment = forms.CharField(label="审批意见", required=False)
