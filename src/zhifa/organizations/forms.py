"""Forms for the registry pages: choices are limited to what the user may see, validation is the model's."""

from django import forms

from . import selectors
from .models import Adviser, Agency, Certificate, Department, Device, Person, ReviewerQualification, Training


class ScopedForm(forms.ModelForm):
    """A model form whose related-record choices come from the user's scope, with a version for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                field.queryset = self.scoped_choices(name, field.queryset)

    def scoped_choices(self, name, queryset):
        model = queryset.model
        if model is Agency:
            return selectors.agencies(self.user)
        if model is Department:
            return selectors.departments(self.user)
        if model is Person:
            return selectors.people(self.user, active=True)
        return queryset

    def _post_clean(self):
        # Model validation runs in the service, inside its transaction, so that a rule lives in one place.
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencyForm(ScopedForm):
    website = forms.URLField(label="网址", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = [
            "name", "short_name", "uscc", "level", "region_code", "kind", "entrusting_agency", "superior",
            "domain", "is_supervisory", "functions", "address", "phone", "contact_person", "email", "website",
        ]


class DepartmentForm(ScopedForm):
    class Meta:
        model = Department
        fields = ["agency", "name", "functions", "phone", "is_review_body"]


class PersonForm(ScopedForm):
    class Meta:
        model = Person
        fields = ["agency", "department", "name", "gender", "id_number", "phone", "post", "title", "is_active"]


class CertificateForm(ScopedForm):
    class Meta:
        model = Certificate
        fields = ["person", "number", "category", "region_code", "issued_on", "expires_on", "issuer", "status"]
        widgets = {"issued_on": DATE, "expires_on": DATE}

    def scoped_choices(self, name, queryset):
        if name == "person":
            return selectors.people(self.user, active=True).exclude(post=Person.Post.REVIEWER)
        return super().scoped_choices(name, queryset)


class QualificationForm(ScopedForm):
    class Meta:
        model = ReviewerQualification
        fields = ["qualification_number", "obtained_on", "reviewing_since"]
        widgets = {"obtained_on": DATE, "reviewing_since": DATE}


class AdviserForm(ScopedForm):
    class Meta:
        model = Adviser
        fields = ["name", "kind", "organisation", "licence_number", "region_code", "specialties", "phone", "is_available"]


class TrainingForm(ScopedForm):
    class Meta:
        model = Training
        fields = ["agency", "title", "held_on", "hours", "organiser", "attendees"]
        widgets = {"held_on": DATE, "attendees": forms.SelectMultiple(attrs={"size": 12})}


class DeviceForm(ScopedForm):
    class Meta:
        model = Device
        fields = ["agency", "kind", "serial_number", "model_name", "status", "holder", "assigned_on"]
        widgets = {"assigned_on": DATE}
