from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views import account as wagtail_account

from . import services
from .forms import LoginForm, PasswordChangeForm, SignUpForm

LOCKOUT_SECONDS = 60


def lockout(request, original_response=None, credentials=None):
    """Too many wrong passwords from one address: 429 with a time to wait."""
    response = render(request, "accounts/locked_out.html", {"seconds": LOCKOUT_SECONDS}, status=429)
    response["Retry-After"] = str(LOCKOUT_SECONDS)
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_sign_up(
                name=data["name"],
                email=data["email"],
                password=data["password1"],
                organisation=data["organisation"],
                requested_role=data["requested_role"],
                job_title=data["job_title"],
                reason=data["reason"],
            )
        except IntegrityError:
            # A double submit or a race with another sign-up for the same address.
            form.add_error(
                "email",
                "An account already uses this email address. Sign in, or reset your password.",
            )
        else:
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(request, "accounts/signup_done.html")


# Three links an hour reach one address (a lost or slow email can be asked for again); ten an
# hour leave one network address, enough for a council office behind one gateway, too few to
# flood many inboxes. Settings may override ``PASSWORD_RESET_RATES``.
PASSWORD_RESET_RATES = {"email": "3/h", "address": "10/h"}


def _reset_limited(request, email) -> bool:
    rates = {**PASSWORD_RESET_RATES, **getattr(settings, "PASSWORD_RESET_RATES", {})}
    by_email = is_ratelimited(
        request,
        group="accounts.password_reset.email",
        key=lambda group, request: email.strip().lower(),
        rate=rates["email"],
        increment=True,
    )
    by_address = is_ratelimited(
        request,
        group="accounts.password_reset.address",
        key="ip",
        rate=rates["address"],
        increment=True,
    )
    return by_email or by_address


class ResetLimitedMixin:
    """Past a limit nothing is sent, but the answer is the same page, so it tells nobody
    whether the address has an account or how many links it was sent."""

    def form_valid(self, form):
        if _reset_limited(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetView(ResetLimitedMixin, auth_views.PasswordResetView):
    pass


class AdminPasswordResetView(ResetLimitedMixin, wagtail_account.PasswordResetView):
    """The Wagtail admin's own reset form, on the same budgets as the site's."""


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- My account ------------------------------------------------------------------------------


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own: it checks the current password and keeps this session signed in."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account:home")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed. Use it next time you sign in.")
        return super().form_valid(form)
