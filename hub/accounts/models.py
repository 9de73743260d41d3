from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Organisation(index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        CARE_PROVIDER = "care_provider", "Care provider"
        PROGRAMME_BODY = "programme_body", "Programme body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        help_text="For councils: the nine-character ONS area code, e.g. E09000010.",
    )
    region = models.CharField(max_length=100, blank=True)
    is_trailblazer = models.BooleanField("trailblazer site", default=False)
    is_deep_dive = models.BooleanField(
        "deep-dive site",
        default=False,
        help_text="One of the sites the evaluators study in more depth.",
    )
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        FieldPanel("ons_code"),
        MultiFieldPanel(
            [FieldPanel("is_trailblazer"), FieldPanel("is_deep_dive")], heading="Programme"
        ),
        FieldPanel("website"),
        InlinePanel(
            "email_domains",
            label="Email domains",
            help_text="Used to suggest this organisation when someone signs up.",
        ),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation", args=[self.slug])

    @property
    def flags(self) -> list[str]:
        """The programme's marks on it, in words, for listings and search."""
        return [
            label
            for label, on in (
                ("Trailblazer site", self.is_trailblazer),
                ("Deep dive", self.is_deep_dive),
            )
            if on
        ]


class OrganisationDomain(Orderable):
    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        max_length=253, unique=True, help_text="The part after @, e.g. enfield.gov.uk."
    )

    panels = [FieldPanel("domain")]

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)

    def __str__(self):
        return self.domain


class User(AbstractUser):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    email = models.EmailField("email address", max_length=254)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=150, blank=True)
    # What other approved members see on /people/ besides name and organisation: both off
    # until the person turns them on (account page).
    show_job_title = models.BooleanField(
        "show my job title to other members",
        default=False,
        help_text="Approved members see it on the list of people and in search.",
    )
    show_email = models.BooleanField(
        "show my email address to other members",
        default=False,
        help_text="Approved members see it on the list of people and in search.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_role = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField("why they want to join", blank=True, max_length=2000)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Goes up whenever the user's groups change, so cached group ids are never stale.
    access_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [("approve_member", "Can approve or reject sign-up requests")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                condition=~models.Q(email=""),
            )
        ]

    @property
    def is_approved(self):
        """Approved members see members-only content; superusers always count as approved."""
        return self.is_active and (self.is_superuser or self.status == self.Status.APPROVED)

    @property
    def display_name(self):
        """The name shown beside what a person does. For someone who signed up, the username is
        their email address, which others see only if they choose: it is never the fallback."""
        if name := self.get_full_name():
            return name
        return "Name not given" if "@" in self.username else self.username

    @property
    def is_listed(self):
        """Whether other approved members find this person on /people/ and in search."""
        return self.is_active and self.status == self.Status.APPROVED

    @property
    def shown_job_title(self):
        return self.job_title if self.show_job_title else ""

    @property
    def shown_email(self):
        return self.email if self.show_email else ""

    def mark_decided(self, *, status, by):
        self.status = status
        self.decided_at = timezone.now()
        self.decided_by = by
