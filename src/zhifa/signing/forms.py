import hashlib
import re

from django import forms

MAX_UPLOAD = 50 * 1024 * 1024


class VerifyForm(forms.Form):
    """A copy to check: the PDF itself (hashed here, never stored) or its SHA-256 digest."""

    file = forms.FileField(
        label="PDF文件", required=False, help_text="上传您收到的电子文书，文件仅用于计算摘要，不会保存"
    )
    sha256 = forms.CharField(
        label="SHA-256摘要",
        required=False,
        max_length=100,
        help_text="或粘贴文件的SHA-256摘要（64位十六进制字符）",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError("PDF文件不能超过50MB")
        return upload

    def clean_sha256(self):
        value = re.sub(r"[\s:]", "", self.cleaned_data.get("sha256") or "").lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError("SHA-256摘要应为64位十六进制字符（0-9、a-f）")
        return value

    def clean(self):
        data = super().clean()
        upload, digest = data.get("file"), data.get("sha256")
        if self.errors:
            return data
        if upload and digest:
            raise forms.ValidationError("请只上传文件或只填写摘要，二者选一")
        if not upload and not digest:
            raise forms.ValidationError("请上传PDF文件或填写SHA-256摘要")
        if upload:
            hasher = hashlib.sha256()
            for chunk in upload.chunks():
                hasher.update(chunk)
            data["digest"] = hasher.hexdigest()
        else:
            data["digest"] = digest
        return data
