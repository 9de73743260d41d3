import pytest

from search.engines import database


@pytest.fixture(autouse=True)
def _count_as_a_live_site_does(settings):
    """Search tests count facets as a live site does, over the entry snapshot
    (``search.engines.snapshot``), loaded afresh for each answer since every test runs inside a
    transaction. ``tests/search/test_snapshot.py`` checks it against counting in SQL."""
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = True


@pytest.fixture
def snapshot_counts(monkeypatch):
    """Records, for each answer, whether its counts came from the snapshot (True) or SQL."""
    outcomes = []
    counted = database.DatabaseEngine.counts_from_snapshot

    def spy(self, request):
        result = counted(self, request)
        outcomes.append(result is not None)
        return result

    monkeypatch.setattr(database.DatabaseEngine, "counts_from_snapshot", spy)
    return outcomes
