"""After load_demo, search is already up to date: a full rebuild changes nothing, and no demo
canary word reaches an anonymous searcher."""

import io

from django.core.management import call_command

from search import registry
from search.models import SearchEntry

CANARIES = [
    "Zephyrquill",
    "Quillbramble",
    "Marrowlatch",
    "Brindlewick",
    "Quorrelby",
    "Pellowtree",
    "Copperlynn",
    "Tallowmere",
    "Quillmarsh",
]


def snapshot():
    return {
        (entry.source_type_id, entry.source_id): (
            entry.kind,
            entry.title,
            entry.url,
            entry.audience,
            frozenset(entry.groups.values_list("pk", flat=True)),
            entry.body,
            entry.organisation,
            entry.date,
        )
        for entry in SearchEntry.objects.prefetch_related("groups")
    }


def test_load_demo_leaves_search_up_to_date_and_private(client, make_actor, db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    loaded = snapshot()
    assert {kind for kind, *_ in loaded.values()} >= {"guidance", "resource", "thread", "site"}
    registry.rebuild()
    assert snapshot() == loaded

    for word in CANARIES:
        answer = client.get(f"/api/search/?q={word}").json()
        assert answer["total"] == 0, word
    client.force_login(make_actor("superuser"))
    found = [word for word in CANARIES if client.get(f"/api/search/?q={word}").json()["total"]]
    assert found == CANARIES
