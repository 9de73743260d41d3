"""The promotion screen and the programme team's record of promotions.

Nobody but the programme team learns that these pages exist: everyone else (signed in) gets the
same 404 as for an address that was never there; a visitor who is not signed in is asked to.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from hub.accounts import access
from hub.forms import HubFormMixin

from . import passages as text
from . import services

PER_PAGE = 25
_EXPIRED = "This screen is out of date. Open it again from the item and choose the passages."
EXPIRED = {"required": _EXPIRED, "invalid": _EXPIRED, "max_length": _EXPIRED}


class PromotionForm(HubFormMixin, forms.Form):
    title = forms.CharField(label="Title of the public copy", max_length=255)
    summary = forms.CharField(
        label="Summary (optional)",
        max_length=300,
        required=False,
        help_text="One or two sentences, shown in listings and search results. Check it says "
        "nothing that must stay private.",
    )
    remove = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput, error_messages=EXPIRED)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, error_messages=EXPIRED)

    def __init__(self, *args, passages, **kwargs):
        super().__init__(*args, **kwargs)
        self.passages = passages
        self.fields["remove"].choices = [(p.key, p.label) for p in passages]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fingerprint") and cleaned["fingerprint"] != text.fingerprint(self.passages):
            raise forms.ValidationError(
                "The text changed while you were choosing. Check the passages below again."
            )
        chosen = set(cleaned.get("remove") or ())
        if self.passages and all(p.is_heading or p.key in chosen for p in self.passages):
            raise forms.ValidationError(
                "You have removed every passage: keep at least one, or the public copy would "
                "be empty."
            )
        return cleaned


def _team_only(request):
    """None if this user may promote; otherwise the answer to give."""
    access.mark_private(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.may_promote(request.user):
        raise Http404("No such page.")
    return None


@require_http_methods(["GET", "POST"])
def promote(request, kind, pk):
    refused = _team_only(request)
    if refused:
        return refused
    source = services.source_for(user=request.user, kind=kind, pk=pk)
    passages = source.passages()
    problem = source.refusal or (
        "This is public already: everyone can read it as it is, so there is nothing to share."
        if source.is_public
        else ""
    )
    if not problem and not passages:
        problem = "This has no text to share."
    if problem:
        context = {"source": source, "problem": problem}
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "home/promote.html", context, status=status)

    initial = {
        "title": source.title,
        "summary": source.summary,
        "token": uuid.uuid4(),
        "fingerprint": text.fingerprint(passages),
    }
    data = request.POST if request.method == "POST" else None
    form = PromotionForm(data, initial=initial, passages=passages)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                promotion = services.promote(
                    user=request.user,
                    source=source,
                    token=data["token"],
                    title=data["title"].strip(),
                    summary=data["summary"].strip(),
                    remove_keys=data["remove"],
                )
            except services.AlreadyPromoted as already:
                messages.info(request, str(already))
                return redirect("promotion", already.promotion.pk)
            except services.PromotionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"The public copy “{promotion.copy_title}” is live.")
                return redirect("promotion", promotion.pk)
        status = 400
    removed = set(form["remove"].value() or ()) if form.is_bound else set()
    context = {"source": source, "form": form, "passages": passages, "removed": removed}
    return TemplateResponse(request, "home/promote.html", context, status=status)


@require_http_methods(["GET"])
def promotion_list(request):
    refused = _team_only(request)
    if refused:
        return refused
    page_obj = Paginator(services.promotions_for(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "home/promotions.html", {"page_obj": page_obj})


@require_http_methods(["GET"])
def promotion_detail(request, pk):
    refused = _team_only(request)
    if refused:
        return refused
    promotion = services.promotion_for(user=request.user, pk=pk)
    return TemplateResponse(request, "home/promotion.html", {"promotion": promotion})
