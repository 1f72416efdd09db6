"""The facts an officer gives with a file: the phone upload page shows this form, the tus metadata carries it."""

from django import forms

from zhifa.organizations.models import Device, Person

from .models import Evidence


class EvidenceMetadataForm(forms.Form):
    """Validated at upload creation (before a byte is sent) and again when the evidence is stored."""

    kind = forms.ChoiceField(label="证据类别", choices=[("", "按文件内容自动判断")] + Evidence.Kind.choices, required=False)
    title = forms.CharField(label="证据名称", max_length=200)
    description = forms.CharField(label="证据说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    captured_from = forms.DateTimeField(
        label="采集开始时间", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="录音、视频必填",
    )
    captured_to = forms.DateTimeField(
        label="采集结束时间", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="录音、视频必填；结束后超过24小时上传的须说明原因",
    )
    place = forms.CharField(label="采集地点", max_length=200, required=False)
    collector = forms.ModelChoiceField(label="采集人", queryset=Person.objects.none(), required=False)
    object_to_prove = forms.CharField(label="证明对象", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    device = forms.ModelChoiceField(label="采集设备", queryset=Device.objects.none(), required=False,
                                    help_text="如执法记录仪")
    late_reason = forms.CharField(label="迟延上传原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["collector"].queryset = Person.objects.filter(agency_id=case.agency_id, is_active=True)
        self.fields["device"].queryset = Device.objects.filter(agency_id=case.agency_id).exclude(
            status=Device.Status.RETIRED
        )
        self.fields["collector"].error_messages["invalid_choice"] = "采集人必须是本机关在岗人员"
        self.fields["device"].error_messages["invalid_choice"] = "采集设备必须是本机关在用的执法装备"
