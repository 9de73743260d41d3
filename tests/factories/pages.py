from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction


def child_page(parent, title, *, live=True):
    page = Page(title=title, slug=title.lower().replace(" ", "-"), live=live)
    parent.add_child(instance=page)
    return page


def restrict(page, kind, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    if groups:
        restriction.groups.set(Group.objects.filter(name__in=groups))
    return restriction
