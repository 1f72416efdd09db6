from django import forms

from .models import Law

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LawImportForm(forms.Form):
    file = forms.FileField(label="法律法规文本", help_text="国家法律法规数据库下载的TXT（UTF-8或GB18030）或DOCX文件")
    level = forms.ChoiceField(label="效力级别", choices=Law.Level.choices)
    issuing_body = forms.CharField(label="制定机关", max_length=100, required=False)
    promulgated_on = forms.DateField(label="公布日期", required=False, widget=DATE)
    effective_on = forms.DateField(label="施行日期", required=False, widget=DATE)
    short_titles = forms.CharField(label="简称", required=False, help_text="多个简称用顿号或逗号分隔，如：食品安全法")
    label = forms.CharField(label="版本说明", max_length=200, required=False, help_text="如：2021年1月22日修订")
    partial = forms.BooleanField(label="节选条文", required=False, help_text="只导入部分条文时勾选，不检查条号连续")

    def metadata(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("file")
        data.pop("partial")
        data["short_titles"] = [s for s in data["short_titles"].replace("，", "、").replace(",", "、").split("、") if s.strip()]
        return data


class CitationForm(forms.Form):
    text = forms.CharField(label="引用文字", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           help_text="如：违反了《中华人民共和国食品安全法》第三十四条第一款第（二）项的规定")
