from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from hub.forms import HubFormMixin

from . import roles, services
from .models import Organisation, User


class LoginForm(HubFormMixin, AuthenticationForm):
    error_messages = {
        # One message whether the account exists or not, so it cannot be used to probe.
        "invalid_login": "Enter a correct email address (or username) and password.",
        "inactive": "This account cannot sign in.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address or username"
        self.fields["username"].error_messages["required"] = "Enter your email address or username."
        self.fields["password"].error_messages["required"] = "Enter your password."
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=False)


STRONG_CHOICE_HINT = "At least 10 characters. Avoid a common word or only numbers."


class SignUpForm(HubFormMixin, forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter your work email address.",
            "invalid": "Enter an email address like name@council.gov.uk.",
        },
        help_text="We use the part after @ to suggest your organisation.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Work it out from my email address",
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    requested_role = forms.ModelChoiceField(
        label="What best describes you?",
        queryset=services.requestable_roles(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what best describes you."},
    )
    reason = forms.CharField(
        label="Why do you want to join? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        error_messages={"required": "Enter a password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=STRONG_CHOICE_HINT,
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        max_length=128,
        error_messages={"required": "Enter the password again."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name.")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Sign in, or reset your password."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            probe = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _role_groups():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=roles.MEMBER_ROLES).order_by("name")


def _editing_groups():
    """Every group that is not a member role: the programme team, Wagtail's editors and
    moderators, and any group made in the admin later, which may carry editing rights."""
    from django.contrib.auth.models import Group

    return Group.objects.exclude(name__in=roles.MEMBER_ROLES).order_by("name")


class ApprovalForm(forms.Form):
    """Approve an applicant: the member roles they may hold, their organisation, and editing
    rights only as a separate, explicit choice."""

    groups = forms.ModelMultipleChoiceField(
        label="Roles",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Choose roles from the list. Editing rights are a separate choice."
        },
    )
    editing_groups = forms.ModelMultipleChoiceField(
        label="Also give editing rights",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for programme staff who edit or moderate the site.",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="No organisation",
        error_messages={"invalid_choice": "Choose an organisation from the list."},
    )
    new_organisation = forms.CharField(
        label="Or add an organisation that is not listed",
        max_length=200,
        required=False,
    )
    new_organisation_kind = forms.ChoiceField(
        label="Kind of the new organisation",
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.LOCAL_AUTHORITY,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = _role_groups()
        self.fields["editing_groups"].queryset = _editing_groups()

    def clean_new_organisation(self):
        name = " ".join(self.cleaned_data["new_organisation"].split())
        if name and not any(ch.isalnum() for ch in name):
            raise forms.ValidationError("Enter the new organisation's name in words.")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_organisation") and cleaned.get("organisation"):
            self.add_error(
                "new_organisation",
                "Choose an organisation from the list or add a new one, not both.",
            )
        return cleaned


class RejectionForm(forms.Form):
    note = forms.CharField(
        label="Note to the applicant (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DetailsForm(HubFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title"]
        labels = {"first_name": "First name", "last_name": "Last name", "job_title": "Job title"}
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Enter your first name."

    def clean_first_name(self):
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError("Enter your first name.")
        return name

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())


class PasswordChangeForm(HubFormMixin, auth_forms.PasswordChangeForm):
    error_messages = {
        "password_incorrect": "Your current password is not right. Enter it again.",
        "password_mismatch": "The two new passwords do not match.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["old_password"].label = "Current password"
        fields["old_password"].error_messages["required"] = "Enter your current password."
        fields["old_password"].widget.attrs.pop("autofocus", None)
        fields["new_password1"].label = "New password"
        fields["new_password1"].help_text = STRONG_CHOICE_HINT
        fields["new_password1"].error_messages["required"] = "Enter a new password."
        fields["new_password2"].label = "Confirm new password"
        fields["new_password2"].error_messages["required"] = "Enter the new password again."


class DirectoryChoicesForm(HubFormMixin, forms.ModelForm):
    """What other approved members see of the person, besides name and organisation."""

    class Meta:
        model = User
        fields = ["show_job_title", "show_email"]
        labels = {
            "show_job_title": "Show my job title to other approved members",
            "show_email": "Show my email address to other approved members",
        }
        help_texts = {"show_job_title": "", "show_email": ""}


class _DirectoryFilterForm(HubFormMixin, forms.Form):
    """A filter that cannot be read is dropped and said so; the others still apply."""

    q = forms.CharField(label="Name", required=False, max_length=100)

    def chosen(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in (None, "")}

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].replace("\x00", " ").split())


def _choices(empty, values):
    return [("", empty), *values]


class PeopleFilterForm(_DirectoryFilterForm):
    organisation = forms.ChoiceField(label="Organisation", required=False)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=_choices("Any role", roles.PLAIN_WORDS.items()),
    )
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = "Name, organisation or job title"
        self.organisations = {o.slug: o for o in organisations}
        self.fields["organisation"].choices = _choices(
            "Any organisation", [(o.slug, o.name) for o in organisations]
        )
        regions = sorted({o.region for o in organisations if o.region})
        self.fields["region"].choices = _choices("Any region", [(r, r) for r in regions])
        for name, what in (
            ("organisation", "an organisation"),
            ("role", "a role"),
            ("region", "a region"),
        ):
            self.fields[name].error_messages["invalid_choice"] = (
                f"Choose {what} from the list: that one is not on it."
            )

    def clean_organisation(self):
        slug = self.cleaned_data["organisation"]
        return self.organisations.get(slug) if slug else None


class OrganisationFilterForm(_DirectoryFilterForm):
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=_choices("Any kind", Organisation.Kind.choices),
        error_messages={"invalid_choice": "Choose a kind from the list: that one is not on it."},
    )
    region = forms.ChoiceField(
        label="Region",
        required=False,
        error_messages={"invalid_choice": "Choose a region from the list: that one is not on it."},
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices("Any region", [(r, r) for r in regions])
