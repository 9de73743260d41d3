from django.contrib.auth import views as auth_views
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services
from .forms import LoginForm, SignUpForm

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


password_reset = auth_views.PasswordResetView.as_view(
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
