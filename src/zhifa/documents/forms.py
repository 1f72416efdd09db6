"""Forms generated from a template's field list, so a new template needs no new form code."""

from django import forms

from .services import MAX_UPLOAD


def fields_form_class(template):
    """A form with one input per field the officer fills in (text, multi-line text, rows)."""
    attrs = {"version": forms.IntegerField(widget=forms.HiddenInput, required=False)}
    for spec in template.fields:
        widget = forms.Textarea(attrs={"rows": 5}) if spec["kind"] in ("textarea", "rows") else forms.TextInput
        attrs[spec["name"]] = forms.CharField(
            label=spec["label"], required=spec.get("required", False), help_text=spec.get("help", ""),
            widget=widget, max_length=20000, strip=True,
            error_messages={"required": f"请填写“{spec['label']}”"},
        )
    return type(f"{template.code.title().replace('_', '')}Form", (forms.Form,), attrs)


def initial_fields(template, values: dict) -> dict:
    """Stored values as the form shows them: rows back to one line each, cells joined by "|"."""
    initial = {}
    for spec in template.fields:
        value = values.get(spec["name"], "")
        if spec["kind"] == "rows" and isinstance(value, list):
            value = "\n".join("|".join(row) for row in value)
        initial[spec["name"]] = value
    return initial


class UploadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(label="修改后的文书（DOCX）", error_messages={"required": "请选择修改后的DOCX文件"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过10MB")
        return upload


class CorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": "请填写更正理由"})


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
