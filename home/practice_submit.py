"""Trailblazer staff send in a practice example from the site; the programme team reviews it.

The example is saved as a draft practice example under the practice index, owned by the person
who sent it and credited to their own council, and goes into the page's moderation workflow.
Nothing is live until the programme team publishes it from the admin.
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import escape, linebreaks
from django.utils.text import slugify

from hub.accounts import access, roles
from hub.forms import HubFormMixin

from .models.practice import PracticeExamplePage, PracticeTheme

TEXT = {"rows": 5}


class PracticeSubmitForm(HubFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=255)
    theme = forms.ChoiceField(
        label="Theme", choices=[("", "Choose a theme"), *PracticeTheme.choices]
    )
    summary = forms.CharField(
        label="Summary",
        max_length=300,
        help_text="One or two sentences, shown in lists and search results.",
    )
    challenge = forms.CharField(label="The challenge", widget=forms.Textarea(attrs=TEXT))
    what_they_did = forms.CharField(label="What you did", widget=forms.Textarea(attrs=TEXT))
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs=TEXT))
    lessons = forms.CharField(label="Lessons for other councils", widget=forms.Textarea(attrs=TEXT))
    contact = forms.CharField(
        label="Contact (optional)",
        max_length=200,
        required=False,
        help_text="Who to ask about this example. A role is enough.",
    )


def may_submit(user) -> bool:
    """Approved trailblazer staff with a trailblazer council to credit."""
    viewer = access.viewer_for(user)
    if not viewer.is_approved or user.organisation_id is None:
        return False
    if not user.organisation.is_trailblazer:
        return False
    return user.groups.filter(name=roles.TRAILBLAZER_STAFF).exists()


def _rich(text):
    """Plain text from the form as the page's rich text: escaped, paragraphs kept."""
    return linebreaks(escape(text.strip()))


def _free_slug(index, title):
    base = slugify(title)[:70] or "practice-example"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken or slug == "submit":
        slug, number = f"{base}-{number}", number + 1
    return slug


def practice_submit(*, user, index, data) -> PracticeExamplePage:
    """Save the example as a draft owned by ``user`` and start its review.

    Sending the same title again while the first is still waiting returns the first, so a
    double submit makes one page.
    """
    with transaction.atomic():
        waiting = (
            PracticeExamplePage.objects.child_of(index)
            .filter(owner=user, live=False, title=data["title"].strip())
            .first()
        )
        if waiting is not None:
            return waiting
        page = PracticeExamplePage(
            title=data["title"].strip(),
            slug=_free_slug(index, data["title"]),
            owner=user,
            live=False,
            organisation_id=user.organisation_id,
            theme=data["theme"],
            summary=data["summary"].strip(),
            challenge=_rich(data["challenge"]),
            what_they_did=_rich(data["what_they_did"]),
            outcome=_rich(data["outcome"]),
            lessons=_rich(data["lessons"]),
            contact=data["contact"].strip(),
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    return page


def practice_by(*, user, limit=20) -> list[PracticeExamplePage]:
    """The practice examples the user sent in, newest first, with whether each is live."""
    return list(
        PracticeExamplePage.objects.filter(owner=user)
        .only("id", "title", "live", "url_path", "path", "depth", "first_published_at")
        .order_by("-pk")[:limit]
    )


# --- Views ----------------------------------------------------------------------------------


def submit_view(request, index):
    access.mark_private(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_submit(request.user):
        raise PermissionDenied("Only trailblazer staff can send in a practice example.")
    form = PracticeSubmitForm(request.POST) if request.method == "POST" else PracticeSubmitForm()
    if request.method == "POST" and form.is_valid():
        page = practice_submit(user=request.user, index=index, data=form.cleaned_data)
        request.session["practice_sent"] = page.pk
        return redirect(index.url + index.reverse_subpage("practice_submitted"))
    return TemplateResponse(request, "home/practice_submit.html", {"page": index, "form": form})


def submitted_view(request, index):
    access.mark_private(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    sent = PracticeExamplePage.objects.filter(
        owner=request.user, pk=request.session.get("practice_sent")
    ).first()
    return TemplateResponse(
        request, "home/practice_submit_done.html", {"page": index, "sent": sent}
    )
