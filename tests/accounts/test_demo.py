import pytest
from django.core.management import CommandError, call_command

from hub.accounts import roles
from hub.accounts.demo import TRAILBLAZERS
from hub.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin",
    "editor",
    "trailblazer",
    "provider",
    "member",
    "evaluator",
    "steering",
    "pending",
]


def test_each_app_loads_its_demo_after_what_it_builds_on_and_search_last():
    from discussions import demo as discussions_demo
    from home import demo as pages_demo
    from hub import demo
    from hub.accounts import demo as accounts_demo
    from hub.returns import demo as returns_demo
    from resources import demo as documents_demo
    from search import demo as search_demo

    assert demo.loaders() == [
        accounts_demo.load,
        pages_demo.load,
        documents_demo.load,
        # The events' slides and notes go into the library's collections, so they follow it.
        pages_demo.load_event_materials,
        discussions_demo.load,
        # A return round goes to the trailblazer sites and their demo staff.
        returns_demo.load,
        search_demo.load,
    ]


def test_load_demo_refuses_without_a_password(settings):
    settings.HUB_DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="HUB_DEMO_PASSWORD"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_makes_one_user_per_role_and_fourteen_sites(settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo")

    users = {u.username: u for u in User.objects.prefetch_related("groups")}
    assert set(DEMO_USERS) <= set(users)
    for username in DEMO_USERS:
        assert users[username].check_password("demo-password-for-tests")
    assert users["admin"].is_superuser
    assert not users["pending"].is_approved
    assert [g.name for g in users["editor"].groups.all()] == [roles.PROGRAMME_TEAM]
    assert [g.name for g in users["steering"].groups.all()] == [roles.STEERING_GROUP]
    assert Organisation.objects.filter(is_trailblazer=True).count() == 14
    assert Organisation.objects.filter(is_deep_dive=True).count() == 4
    fictional = Organisation.objects.filter(name__endswith="(fictional)")
    assert not fictional.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).exists()
    assert not fictional.filter(ons_code__gt="").exists()
    councils = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    assert councils.count() == 152
    assert set(councils.filter(is_trailblazer=True).values_list("ons_code", flat=True)) == set(
        TRAILBLAZERS
    )
    assert users["member"].organisation.ons_code == "E10000016"


def test_load_demo_is_idempotent(settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo")
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Organisation.objects.count()) == counts


def test_load_demo_prints_the_password_only_when_asked(settings, capsys):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo")
    assert "demo-password-for-tests" not in capsys.readouterr().out
    call_command("load_demo", show_password=True)
    assert "demo-password-for-tests" in capsys.readouterr().out


def test_demo_people_show_some_job_titles_and_one_email_and_a_rerun_keeps_their_choices():
    import io

    from hub.accounts import demo as accounts_demo

    accounts_demo.load(stdout=io.StringIO(), password="demo-password-1")
    listed = User.objects.filter(username__in=DEMO_USERS, status="approved")
    assert listed.filter(show_job_title=True).count() >= 3
    assert list(listed.filter(show_email=True).values_list("username", flat=True)) == [
        "trailblazer"
    ]
    member = User.objects.get(username="member")
    member.show_job_title = False
    member.save()
    accounts_demo.load(stdout=io.StringIO(), password="demo-password-1")
    member.refresh_from_db()
    assert not member.show_job_title and member.job_title == "Commissioning officer"
