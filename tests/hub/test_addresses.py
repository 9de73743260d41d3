"""Email and addresses: production will not print mail to the log, and every link the hub
writes names the host and port it is served on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Site

from tests.factories import pages as f

ROOT = Path(__file__).resolve().parents[2]


def _settings(module, **environment):
    """Import a settings module in a fresh interpreter: (return code, stdout, stderr)."""
    script = f"import {module} as s; print(s.WAGTAILADMIN_BASE_URL, s.EMAIL_BACKEND)"
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "x" * 50,
        # Empty values win over a developer's .env, which is read without overwriting.
        "EMAIL_URL": "",
        "EMAIL_ALLOW_CONSOLE": "",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def test_production_refuses_to_print_email_to_the_log():
    code, _, err = _settings("hub.settings.production")
    assert code != 0
    assert "EMAIL_ALLOW_CONSOLE" in err


def test_production_may_use_the_console_when_told_to():
    code, out, err = _settings("hub.settings.production", EMAIL_ALLOW_CONSOLE="1")
    assert code == 0, err
    assert "console.EmailBackend" in out


def test_production_starts_with_a_mail_server():
    code, out, err = _settings("hub.settings.production", EMAIL_URL="smtp://mail.example:587")
    assert code == 0, err
    assert "smtp.EmailBackend" in out


def test_base_url_follows_the_port_when_unset():
    code, out, err = _settings("hub.settings.base", PORT="8200")
    assert code == 0, err
    assert out.split()[0] == "http://127.0.0.1:8200"


def test_an_explicit_base_url_wins_over_the_port():
    code, out, err = _settings("hub.settings.base", PORT="8200", BASE_URL="https://hub.example")
    assert code == 0, err
    assert out.split()[0] == "https://hub.example"


@pytest.mark.django_db
def test_migrate_puts_the_default_site_at_base_url_so_api_links_work(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8200"
    page = f.guidance("Open guidance")
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8200)
    detail = client.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST="127.0.0.1").json()
    assert detail["meta"]["html_url"].startswith("http://127.0.0.1:8200/")
    assert page.get_full_url().startswith("http://127.0.0.1:8200/")


@pytest.mark.django_db
def test_an_https_base_url_gives_port_443(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://hub.example"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("hub.example", 443)
    assert site.root_url == "https://hub.example"


@pytest.mark.django_db
def test_migrate_makes_the_counters_table_when_it_is_missing(settings):
    if "counters" not in settings.CACHES:
        pytest.skip("REDIS_URL is set: counters live in Redis, there is no table")
    table = settings.CACHES["counters"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()
