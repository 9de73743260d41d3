"""What `migrate` does for the project after every app's migrations have run."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command


def make_cache_tables(*, using, verbosity=1, **kwargs):
    """The database cache's table (rate-limit counters); `createcachetable` skips existing ones."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


def site_address(base_url=None) -> tuple[str, int]:
    """(hostname, port) of ``BASE_URL``, as a Wagtail ``Site`` records them."""
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def default_site_follows_base_url(*, using, apps=None, **kwargs):
    """Keep the default Wagtail site's host and port those of ``BASE_URL``.

    The API's ``html_url`` and page URLs in emails are built from the site, not from the
    request, so a site left at ``localhost:80`` writes links nobody can follow.
    """
    from wagtail.models import Site

    hostname, port = site_address()
    updated = (
        Site.objects.using(using)
        .filter(is_default_site=True)
        .exclude(hostname=hostname, port=port)
        .update(hostname=hostname, port=port)
    )
    Site.clear_site_root_paths_cache()
    if updated:  # an update sends no signal: the sites kept across requests go stale here
        from hub import page_cache

        page_cache.bump()
